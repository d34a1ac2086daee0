/**
 * `chainwarden` command line: check, report, import, lists, apikey, migrate, serve. Exit code 0 on
 * success, 2 on bad input (with a one-line reason and the valid form), 1 on an unexpected failure.
 */
import { Command, CommanderError, Option } from 'commander';
import { type App, openApp } from '../../app.js';
import { type Config, ConfigError, parseConfig } from '../../config.js';
import { parseCategory } from '../../core/reports/index.js';
import { REPORT_CATEGORIES, type ReportCategory } from '../../core/types.js';
import { IntelFileError, importList, importOfac } from '../../intel/index.js';
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
    .option(
      '--json',
      'print the risk summary as JSON (for a text of several words: an array, one summary per address)',
    )
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
          const nearMiss = chainwarden.findInvalidAddress(input);
          if (nearMiss) throw new BadInput(renderError(nearMiss));
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

  const importCommand = program
    .command('import')
    .description('Import sanctions and scam lists (each import replaces that list atomically)');

  importCommand
    .command('ofac')
    .description('Import the OFAC SDN list: sdn.xml, sdn_advanced.xml or SDN_ADVANCED.ZIP')
    .argument('<file>', 'the downloaded OFAC file')
    .addHelpText(
      'after',
      '\nOFAC publishes the files at https://sanctionslist.ofac.treas.gov (SDN List, XML or advanced XML).\nRe-importing replaces the previous OFAC set: delisted addresses disappear.',
    )
    .action(async (file: string) => {
      await withApp(
        async ({ stores }) => {
          const progress = createProgress(io, 'OFAC addresses');
          const result = await guardImport(file, () =>
            importOfac(file, stores.lists, { onProgress: progress.update }),
          );
          progress.done();
          io.stdout(
            `Imported ${result.count} addresses from ${result.parties} OFAC parties (${result.format} format, list of ${result.listDate}).\n`,
          );
          for (const warning of result.warnings.slice(0, 20)) io.stderr(`warning: ${warning}\n`);
          if (result.warnings.length > 20)
            io.stderr(`warning: ... and ${result.warnings.length - 20} more\n`);
        },
        { withChain: false },
      );
    });

  importCommand
    .command('list')
    .description(
      'Import a scam list or an allowlist: JSON (MyEtherWallet shape), plain text (one address a line) or CSV',
    )
    .argument('<file>', 'the list file')
    .requiredOption('--source <name>', 'short stable name shown to users, e.g. mew-darklist')
    .addOption(
      new Option('--kind <kind>', 'scam list or allowlist').choices(['scam', 'allow']).default('scam'),
    )
    .option('--category <category>', `default category for scam entries: ${REPORT_CATEGORIES.join(', ')}`)
    .option('--list-date <YYYY-MM-DD>', "the publisher's date of this edition (default today)")
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices([
        'json',
        'text',
        'csv',
      ]),
    )
    .action(
      async (
        file: string,
        options: {
          source: string;
          kind: 'scam' | 'allow';
          category?: string;
          listDate?: string;
          format?: 'json' | 'text' | 'csv';
        },
      ) => {
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(options.source)) {
          throw new BadInput(
            `error: "${options.source}" is not a list name (expected lowercase letters, digits, . _ -, e.g. mew-darklist)`,
          );
        }
        if (options.listDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.listDate)) {
          throw new BadInput(
            `error: "${options.listDate}" is not a date (expected YYYY-MM-DD, e.g. 2026-11-25)`,
          );
        }
        let category: ReportCategory | null = null;
        if (options.category !== undefined) {
          const parsed = parseCategory(options.category);
          if (!parsed.ok) throw new BadInput(renderError(parsed.error));
          category = parsed.value;
        }
        await withApp(
          async ({ stores }) => {
            const progress = createProgress(io, `${options.source} entries`);
            const result = await guardImport(file, () =>
              importList(file, stores.lists, {
                source: options.source,
                kind: options.kind,
                category,
                ...(options.listDate ? { listDate: options.listDate } : {}),
                ...(options.format ? { format: options.format } : {}),
                onProgress: progress.update,
              }),
            );
            progress.done();
            io.stdout(
              `Imported ${result.count} addresses into ${options.kind === 'allow' ? 'allowlist' : 'scam list'} ${result.source} (list of ${result.listDate}); ${result.invalid.length} invalid rows, ${result.duplicates} duplicates.\n`,
            );
            for (const row of result.invalid.slice(0, 20)) {
              io.stderr(`line ${row.line}: ${row.reason} (${JSON.stringify(row.input.slice(0, 80))})\n`);
            }
            if (result.invalid.length > 20)
              io.stderr(`... and ${result.invalid.length - 20} more invalid rows\n`);
          },
          { withChain: false },
        );
      },
    );

  program
    .command('lists')
    .description('Show the imported lists with their dates and sizes')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        async ({ stores }) => {
          const sources = await stores.lists.listSources();
          if (options.json) {
            io.stdout(`${JSON.stringify(sources, null, 2)}\n`);
            return;
          }
          if (sources.length === 0)
            io.stdout('No lists imported yet. Try: chainwarden import ofac <sdn.xml>\n');
          for (const s of sources) {
            io.stdout(
              `${s.source}\t${s.kind}\tlist of ${s.listDate}\t${s.count} addresses\timported ${s.importedAt.toISOString()}\n`,
            );
          }
        },
        { withChain: false },
      );
    });

  const apikey = program.command('apikey').description('Manage API keys for POST /v1/reports');
  apikey
    .command('create')
    .description('Create a key; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the key, e.g. "support desk"')
    .option('--json', 'print {id, name, key}')
    .action(async (options: { name: string; json?: boolean }) => {
      const name = options.name.trim();
      if (name === '' || name.length > 100)
        throw new BadInput('error: --name must be 1 to 100 characters (e.g. --name "support desk")');
      await withApp(
        async ({ stores }) => {
          const created = await stores.apiKeys.create(name);
          if (options.json) {
            io.stdout(`${JSON.stringify({ id: created.id, name: created.name, key: created.key })}\n`);
            return;
          }
          io.stdout(
            `Created API key ${created.id} (${created.name}). Store it now; it is not shown again:\n${created.key}\n`,
          );
        },
        { withChain: false },
      );
    });
  apikey
    .command('list')
    .description('List API keys (never the keys themselves)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        async ({ stores }) => {
          const keys = await stores.apiKeys.list();
          if (options.json) {
            io.stdout(`${JSON.stringify(keys, null, 2)}\n`);
            return;
          }
          if (keys.length === 0)
            io.stdout('No API keys. Create one: chainwarden apikey create --name NAME\n');
          for (const k of keys) {
            io.stdout(
              `${k.id}\t${k.name}\tcreated ${k.createdAt.toISOString()}\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}\n`,
            );
          }
        },
        { withChain: false },
      );
    });
  apikey
    .command('revoke')
    .description('Revoke an API key by id; requests with it are refused from then on')
    .argument('<id>', 'the key id shown by apikey list')
    .action(async (id: string) => {
      await withApp(
        async ({ stores }) => {
          if (!(await stores.apiKeys.revoke(id))) {
            throw new BadInput(
              `error: no API key with id "${id}" (expected an id from: chainwarden apikey list)`,
            );
          }
          io.stdout(`Revoked API key ${id}.\n`);
        },
        { withChain: false },
      );
    });

  program
    .command('discord:register')
    .description('Register the Discord slash and context-menu commands through the REST API')
    .option('--guild <id>', 'register in one server only (appears at once; global commands can take a while)')
    .addHelpText('after', '\nNeeds DISCORD_TOKEN and DISCORD_APPLICATION_ID (developer portal).')
    .action(async (options: { guild?: string }) => {
      const { discord } = getConfig();
      if (!discord) {
        throw new BadInput(
          'error: Discord is not configured (expected DISCORD_TOKEN and DISCORD_APPLICATION_ID in the environment)',
        );
      }
      if (options.guild !== undefined && !/^\d{15,21}$/.test(options.guild)) {
        throw new BadInput(
          `error: "${options.guild}" is not a server id (expected a numeric id, e.g. 80351110224678912)`,
        );
      }
      const { registerDiscordCommands } = await import('../discord/index.js');
      const result = await registerDiscordCommands({
        token: discord.token,
        applicationId: discord.applicationId,
        apiRoot: discord.apiRoot,
        ...(options.guild ? { guildId: options.guild } : {}),
      });
      io.stdout(
        `Registered ${result.count} commands ${result.scope === 'guild' ? `in server ${options.guild}` : 'globally'}.\n`,
      );
    });

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
      const { runUntilSignalled, startService } = await import('../../main.js');
      await runUntilSignalled(await startService(getConfig()));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = exitCodeFor(error, io);
  }
  return exitCode;
}

/** A missing or unreadable list file is bad input (exit 2), not a crash. */
async function guardImport<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IntelFileError)
      throw new BadInput(`error: ${error.reason} (expected ${error.hint})`);
    const code =
      (error as NodeJS.ErrnoException).code ?? ((error as Error).cause as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT')
      throw new BadInput(`error: file not found: ${file} (expected a path to the downloaded list)`);
    if (code === 'EISDIR' || code === 'EACCES')
      throw new BadInput(`error: cannot read ${file} (${code}; expected a readable file)`);
    throw error;
  }
}

/** A one-line counter on a terminal; occasional plain lines otherwise (logs stay readable). */
function createProgress(io: CliIo, what: string): { update(n: number): void; done(): void } {
  let last = 0;
  const started = Date.now();
  return {
    update(n) {
      if (io.isTTY) {
        const rate = Math.round(n / Math.max(0.001, (Date.now() - started) / 1000));
        io.stderr(`\r${what}: ${n.toLocaleString('en-US')} (${rate.toLocaleString('en-US')}/s)`);
      } else if (n - last >= 100_000) {
        io.stderr(`${what}: ${n} imported so far\n`);
        last = n;
      }
    },
    done() {
      if (io.isTTY) io.stderr('\n');
    },
  };
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
