/**
 * Who may change or see a server's watch-list: members with Manage Server, checked at run time
 * (server admins can override a command's default permissions).
 */
import { type ChatInputCommandInteraction, PermissionFlagsBits } from 'discord.js';
import { permittedCommunity } from '../command.js';

export interface WatchScope {
  /** `discord:<guild id>`: whose limit and list, and the community whose look-alikes are reported. */
  owner: string;
  channelId: string;
}

/** The server's watch scope, or null after telling the member why not. */
export async function watchScope(interaction: ChatInputCommandInteraction): Promise<WatchScope | null> {
  const community = await permittedCommunity(
    interaction,
    PermissionFlagsBits.ManageGuild,
    'Watch-lists need the Manage Server permission, in a server.',
  );
  return community ? { owner: community, channelId: interaction.channelId } : null;
}
