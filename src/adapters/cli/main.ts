/**
 * `chainwarden` command line: check, report, import, lists, apikey, migrate, serve. Exit code 0 on
 * success, 2 on bad input (with a one-line reason and the valid form), 1 on an unexpected failure.
 */
import { Command, CommanderError, Option } from 'commander';
import { type App, openApp } from '../../app.js';
import { type Config, ConfigError, parseConfig } from '../../config.js';
import { REPORT_CATEGORIES } from '../../core/types.js';
import { DataDirInUseError } from '../../store/index.js';
import { renderError, renderSummaryText } from './render.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress bars instead of log lines. */
  isTTY?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** A user error with its one-line message: exit code 2. */
class BadInput extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  let config: Config | undefined;
  const getConfig = () => {
    config ??= parseConfig(io.env);
    return config;
  };
  const withApp = async <T>(
    fn: (app: App) => Promise<T>,
    options: { withChain?: boolean } = {},
  ): Promise<T> => {
    const app = await openApp(getConfig(), options);
    try {
      return await fn(app);
    } finally {
      await app.close();
    }
  };

  const program = new Command('chainwarden')
    .description('Screen cryptocurrency addresses for scam and sanctions risk.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('check')
    .description('Screen an address, or every address found in a piece of text')
    .argument('<address-or-text...>', 'an address, or text containing addresses (quote it)')
    .option('--json', 'print the risk summary as JSON (an array when the text holds several addresses)')
    .addHelpText(
      'after',
      '\nExamples:\n  chainwarden check 0xd9a1b0b1e1ae382dbdc898ea68012ffcb2853a91\n  chainwarden check "send to bc1q... or 0x..." --json',
    )
    .action(async (words: string[], options: { json?: boolean }) => {
      const input = words.join(' ').trim();
      await withApp(async ({ chainwarden }) => {
        const single = chainwarden.parseAddress(input);
        if (single.ok || !/\s/.test(input)) {
          const result = await chainwarden.screenAddress(input);
          if (!result.ok) throw new BadInput(renderError(result.error));
          io.stdout(
            `${options.json ? JSON.stringify(result.value, null, 2) : renderSummaryText(result.value)}\n`,
          );
          return;
        }
        const summaries = await chainwarden.screenText(input);
        if (summaries.length === 0) {
          throw new BadInput(
            'error: no address found in the text (expected an address such as 0x… (EVM), bc1…/1…/3… (Bitcoin), T… (Tron) or a Solana key)',
          );
        }
        io.stdout(
          `${options.json ? JSON.stringify(summaries, null, 2) : summaries.map(renderSummaryText).join('\n\n')}\n`,
        );
      });
    });

  program
    .command('report')
    .description(
      'Save a community report against an address (a second report by the same reporter updates the first)',
    )
    .argument('<address>', 'the address being reported')
    .addOption(
      new Option(
        '--category <category>',
        `what kind of scam: ${REPORT_CATEGORIES.join(', ')}`,
      ).makeOptionMandatory(),
    )
    .option('--note <text>', 'what happened (at most 500 characters)')
    .option('--evidence <tx-or-url>', 'a transaction hash or an https:// link')
    .option('--reporter <platform:id>', 'who reports, e.g. cli:alice (default cli:<your user name>)')
    .option('--json', 'print the saved report as JSON')
    .action(
      async (
        address: string,
        options: { category: string; note?: string; evidence?: string; reporter?: string; json?: boolean },
      ) => {
        await withApp(
          async ({ chainwarden }) => {
            const result = await chainwarden.submitReport({
              address,
              category: options.category,
              note: options.note ?? null,
              evidence: options.evidence ?? null,
              reporter: options.reporter ?? `cli:${io.env.USER || io.env.USERNAME || 'operator'}`,
              source: 'cli',
            });
            if (!result.ok) throw new BadInput(renderError(result.error));
            const { report, created, status } = result.value;
            if (options.json) {
              io.stdout(`${JSON.stringify({ created, ...report }, null, 2)}\n`);
              return;
            }
            io.stdout(
              `${created ? 'Saved' : 'Updated'} report #${report.id}: ${report.address} as ${report.category}` +
                `${status === 'review' ? ' (allowlisted address: held for moderator review)' : ''}\n`,
            );
          },
          { withChain: false },
        );
      },
    );

  program
    .command('migrate')
    .description('Apply database migrations (they also run automatically at start)')
    .action(async () => {
      await withApp(
        async ({ database }) => {
          io.stdout(`Migrations applied to ${database.kind} (${database.location}).\n`);
        },
        { withChain: false },
      );
    });

  program
    .command('serve')
    .description('Start the service: HTTP API, and the chat bots whose tokens are set (same as npm start)')
    .action(async () => {
      const { startService } = await import('../../main.js');
      const service = await startService(getConfig());
      await service.stopped;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = exitCodeFor(error, io);
  }
  return exitCode;
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

export { BadInput };
