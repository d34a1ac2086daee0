/**
 * Who may take each step of "Flag scam post", and which post a step is about. Shared by the command,
 * the form and the buttons: every step re-checks, because server admins can override the command's
 * default permission, and the custom id a client sends back is only believed when the bot signed it
 * (signed-ids.ts) and names the channel the step was taken in.
 */
import {
  type ButtonInteraction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import { type DiscordDeps, NO_MENTIONS } from '../../command.js';

/** The custom id prefix of the form and the buttons: `flag:<action>:<channel>:<message>:<author>[:…]:<signature>`. */
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

/**
 * The custom id's args without the signature, when the bot signed them and the step was taken in the
 * flagged post's channel (where the moderator's permissions were checked); null otherwise.
 */
export function trustedIds(
  interaction: ModalSubmitInteraction | ButtonInteraction,
  deps: Pick<DiscordDeps, 'customIds'>,
  action: string,
  args: string[],
): string[] | null {
  const signed = deps.customIds.verify(FLAG_PREFIX, action, args);
  if (!signed || signed[0] !== interaction.channelId) return null;
  return signed;
}

export async function refuseForged(
  interaction: ModalSubmitInteraction | ButtonInteraction,
  deps: Pick<DiscordDeps, 'logger'>,
): Promise<void> {
  deps.logger.warn({ customId: interaction.customId }, 'refused a flag custom id the bot did not sign here');
  await interaction.reply({
    content: 'This button or form is not valid here. Flag the post again with “Flag scam post”.',
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}
