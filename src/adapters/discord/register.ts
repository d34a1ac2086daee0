/**
 * Command registration through the REST API (`chainwarden discord:register [--guild ID]`): global
 * commands reach every server within minutes; guild commands update at once, handy for testing.
 */
import { REST, Routes } from 'discord.js';
import { commands } from './commands.js';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** REST root without the version, e.g. `https://discord.com/api`. */
  apiRoot: string;
  guildId?: string;
}

export async function registerDiscordCommands(
  options: RegisterOptions,
): Promise<{ count: number; scope: 'global' | 'guild' }> {
  const rest = new REST({ api: options.apiRoot }).setToken(options.token);
  const body = commands.map((command) => command.data.toJSON());
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  // PUT replaces the whole set, so commands removed from the list disappear from Discord too.
  const registered = await rest.put(route, { body });
  return {
    count: Array.isArray(registered) ? registered.length : body.length,
    scope: options.guildId ? 'guild' : 'global',
  };
}
