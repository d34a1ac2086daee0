/**
 * `chainwarden` command line: check, report, import, lists, apikey, community, appeal, discord:register,
 * migrate, serve.
 * Exit code 0 on success, 2 on bad input (with a one-line reason and the valid form), 1 on an
 * unexpected failure. Each group of commands lives in `commands/`.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config.js';
import { StorageUnavailableError } from '../../core/index.js';
import { DataDirInUseError } from '../../store/index.js';
import { DATABASE_DOWN_TEXT } from '../presentation.js';
import { registerApiKeyCommands } from './commands/apikey.js';
import { registerAppealCommands } from './commands/appeal.js';
import { registerCommunityCommands } from './commands/community.js';
import { registerListCommands } from './commands/lists.js';
import { registerReviewCommands } from './commands/review.js';
import { registerScreeningCommands } from './commands/screening.js';
import { registerServiceCommands } from './commands/service.js';
import { BadInput, type CliIo, createCliContext } from './context.js';

export type { CliIo } from './context.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const context = createCliContext(io);
  const program = new Command('chainwarden')
    .description('Screen cryptocurrency addresses for scam and sanctions risk.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of [
    registerScreeningCommands,
    registerListCommands,
    registerApiKeyCommands,
    registerCommunityCommands,
    registerAppealCommands,
    registerReviewCommands,
    registerServiceCommands,
  ]) {
    register(program, context);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; every other commander error is a usage mistake it already printed.
    return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (error instanceof BadInput) {
    io.stderr(`${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof ConfigError) {
    io.stderr(`${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof StorageUnavailableError) {
    io.stderr(`error: ${DATABASE_DOWN_TEXT}\n`);
    return EXIT_FAILURE;
  }
  if (error instanceof DataDirInUseError) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const detail =
    error instanceof Error
      ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
      : String(error);
  io.stderr(`error: ${detail}\n`);
  return EXIT_FAILURE;
}
