/**
 * Who may take each step of "Flag scam post", and which post a step is about. Shared by the command,
 * the form and the buttons: every step re-checks, because a custom id is guessable and server admins
 * can override the command's default permission.
 */
import {
  type ButtonInteraction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import { NO_MENTIONS } from '../../command.js';

/** The custom id prefix of the form and the buttons: `flag:<action>:<channel>:<message>:<author>[:…]`. */
export const FLAG_PREFIX = 'flag';

const REFUSAL =
  'Flagging posts needs the Manage Messages permission. To warn others about an address, use /report.';

/** The flagged post, carried in every custom id so that any replica can handle the next step. */
export interface PostIds {
  channelId: string;
  messageId: string;
  authorId: string;
}

export function parseIds(args: string[]): PostIds {
  const [channelId, messageId, authorId] = args;
  if (!channelId || !messageId || !authorId)
    throw new Error(`malformed flag custom id args: ${args.join(':')}`);
  return { channelId, messageId, authorId };
}

type FlagInteraction = MessageContextMenuCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

/** Manage Messages, checked at run time on every step. */
export function canModerate<T extends FlagInteraction>(
  interaction: T,
): interaction is T & { guildId: string; memberPermissions: Readonly<PermissionsBitField> } {
  return interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages);
}

export async function refuse(interaction: FlagInteraction): Promise<void> {
  await interaction.reply({ content: REFUSAL, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
