/**
 * `import ofac`, `import list` and `lists`: sanctions and scam lists, each import atomic.
 */
import { Option } from 'commander';
import { parseCategory, REPORT_CATEGORIES, type ReportCategory } from '../../../core/index.js';
import { IntelFileError, importList, importOfac } from '../../../intel/index.js';
import { listsReport } from '../../list-status.js';
import { BadInput, type CliIo, type RegisterCommands } from '../context.js';
import { renderError } from '../render.js';

export const registerListCommands: RegisterCommands = (program, { io, withApp }) => {
  const importCommand = program
    .command('import')
    .description('Import sanctions and scam lists (each import replaces that list atomically)');

  importCommand
    .command('ofac')
    .description('Import the OFAC SDN list: sdn.xml, sdn_advanced.xml or SDN_ADVANCED.ZIP')
    .argument('<file>', 'the downloaded OFAC file')
    .option('--force', 'store the edition even if it lists no address or over 20% fewer than the stored one')
    .addHelpText(
      'after',
      '\nOFAC publishes the files at https://sanctionslist.ofac.treas.gov (SDN List, XML or advanced XML).\nRe-importing replaces the previous OFAC set: delisted addresses disappear. An edition that lists\nno address, or over 20% fewer than the stored one, is refused (it may be cut short) unless --force.',
    )
    .action(async (file: string, options: { force?: boolean }) => {
      await withApp(
        async ({ stores }) => {
          const progress = createProgress(io, 'OFAC addresses');
          const result = await guardImport(file, () =>
            importOfac(file, stores.lists, { onProgress: progress.update, force: options.force === true }),
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
    .description(
      'Show the lists: source, kind, edition date, origin (bundled, imported, refreshed), size and age',
    )
    .option('--json', 'print as JSON: [{source, kind, listDate, origin, count, importedAt, ageDays}]')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        async ({ stores }) => {
          const { lists, warning } = listsReport(await stores.lists.listSources(), new Date());
          if (options.json) {
            io.stdout(`${JSON.stringify(lists, null, 2)}\n`);
            if (warning) io.stderr(`warning: ${warning}\n`);
            return;
          }
          if (lists.length === 0)
            io.stdout('No lists imported yet. Try: chainwarden import ofac <sdn.xml>\n');
          for (const s of lists) {
            io.stdout(
              `${s.source}\t${s.kind}\tlist of ${s.listDate}\t${s.origin}\t${s.count} addresses\t${s.ageDays} days old\tstored ${s.importedAt}\n`,
            );
          }
          if (warning) io.stdout(`warning: ${warning}\n`);
        },
        { withChain: false },
      );
    });
};

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
