/**
 * Every Discord command, in one static list: `registerDiscordCommands` sends it to Discord and the
 * interaction dispatcher routes by it. Adding a command means adding a file and a line here.
 */
import type { DiscordCommand } from './command.js';
import { appeal } from './commands/appeal.js';
import { check } from './commands/check.js';
import { checkAddresses } from './commands/check-addresses.js';
import { flagScamPost } from './commands/flag-scam-post/command.js';
import { help } from './commands/help.js';
import { report } from './commands/report.js';
import { review } from './commands/review.js';
import { settings } from './commands/settings.js';
import { trace } from './commands/trace.js';
import { unwatch } from './commands/unwatch.js';
import { watch } from './commands/watch.js';
import { watches } from './commands/watches.js';
import { webLogin } from './commands/weblogin.js';

export const commands: readonly DiscordCommand[] = [
  check,
  report,
  help,
  settings,
  trace,
  checkAddresses,
  flagScamPost,
  watch,
  unwatch,
  watches,
  webLogin,
  review,
  appeal,
];
