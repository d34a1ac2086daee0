/**
 * The Discord adapter: slash and context-menu commands, the moderator "Flag scam post" flow,
 * auto-moderation and the embed renderer. `service.ts` calls `startDiscord`; the CLI calls
 * `registerDiscordCommands`. Every decision comes from the core's `Chainwarden` interface.
 */
export { type AutoModerator, createAutoModerator } from './auto-moderation.js';
export { type DiscordStartOptions, startDiscord } from './client.js';
export type { DiscordCommand, DiscordDeps } from './command.js';
export { commands } from './commands.js';
export { createInteractionDispatcher } from './dispatcher.js';
export { type RegisterOptions, registerDiscordCommands } from './register.js';
export {
  escapeUserText,
  LEVEL_COLOURS,
  renderProblemEmbed,
  renderSummaryEmbed,
  renderSummaryEmbeds,
} from './render.js';
