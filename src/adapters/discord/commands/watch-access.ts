/**
 * Who may change or see a server's watch-list: members with Manage Server, checked at run time
 * (server admins can override a command's default permissions).
 */
import { type ChatInputCommandInteraction, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { communityOf, NO_MENTIONS } from '../command.js';

export interface WatchScope {
  /** `discord:<guild id>`: whose limit and list, and the community whose look-alikes are reported. */
  owner: string;
  channelId: string;
}

/** The server's watch scope, or null after telling the member why not. */
export async function watchScope(interaction: ChatInputCommandInteraction): Promise<WatchScope | null> {
  const community = communityOf(interaction.guildId);
  if (
    !interaction.inGuild() ||
    !community ||
    !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)
  ) {
    await interaction.reply({
      content: 'Watch-lists need the Manage Server permission, in a server.',
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return null;
  }
  return { owner: community, channelId: interaction.channelId };
}
