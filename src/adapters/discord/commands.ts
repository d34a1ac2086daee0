/**
 * Every Discord command, in one static list: `registerDiscordCommands` sends it to Discord and the
 * interaction dispatcher routes by it. Adding a command means adding a file and a line here.
 */
import type { DiscordCommand } from './command.js';
import { check } from './commands/check.js';
import { checkAddresses } from './commands/check-addresses.js';
import { flagScamPost } from './commands/flag-scam-post/command.js';
import { help } from './commands/help.js';
import { report } from './commands/report.js';
import { review } from './commands/review.js';
import { settings } from './commands/settings.js';

export const commands: readonly DiscordCommand[] = [
  check,
  report,
  help,
  settings,
  checkAddresses,
  flagScamPost,
  review,
];
