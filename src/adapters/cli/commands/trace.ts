/**
 * `trace`: where an address's funds came from and went, 1 or 2 hops out, with every flagged
 * counterparty, the path and the transactions (the core's `trace`). A progress line on a terminal.
 */
import { parseHops, type TraceProgress } from '../../../core/index.js';
import { BadInput, type CliIo, type RegisterCommands } from '../context.js';
import { renderError, renderExposureText } from '../render.js';

export const registerTraceCommands: RegisterCommands = (program, { io, withApp }) => {
  program
    .command('trace')
    .description(
      'Trace funds: flagged (sanctioned, scam-listed, reported) addresses within 1 or 2 hops, with paths and transactions',
    )
    .argument('<address>', 'an EVM, Bitcoin or Tron address')
    .option('--hops <n>', '1: direct counterparties only; 2: theirs too', '2')
    .option('--json', 'print the exposure as JSON (the shape of GET /v1/addresses/{address}/exposure)')
    .addHelpText(
      'after',
      '\nNeeds a history source for the chain: EVM_RPC_URL (a node serving trace_filter or the Otterscan ots_* methods),\n' +
        'ESPLORA_URL (Bitcoin) or TRONGRID_URL (Tron). Bounded by TRACE_BUDGET_MS; a partial answer says so.\n' +
        '\nExamples:\n  chainwarden trace 0x12ab...cd34\n  chainwarden trace bc1q... --hops 1 --json',
    )
    .action(async (address: string, options: { hops: string; json?: boolean }) => {
      const hops = parseHops(options.hops);
      if (typeof hops === 'object') throw new BadInput(`error: ${hops.error}`);
      await withApp(async ({ chainwarden }) => {
        const progress = createTraceProgress(io);
        const result = await chainwarden.trace(address, { hops, onProgress: progress.update });
        progress.done();
        if (!result.ok) {
          const { error } = result;
          if (error.code === 'invalid-address') throw new BadInput(renderError(error));
          throw new BadInput(`error: ${error.reason} ${error.hint}`);
        }
        io.stdout(
          `${options.json ? JSON.stringify(result.value, null, 2) : renderExposureText(result.value)}\n`,
        );
      });
    });
};

/** One line redrawn on a terminal; nothing otherwise (a trace takes seconds, not minutes). */
function createTraceProgress(io: CliIo): { update(progress: TraceProgress): void; done(): void } {
  let drawn = false;
  return {
    update({ hop, addressesRead, addressesQueued, transactionsRead }) {
      if (!io.isTTY) return;
      const width = 20;
      const filled = Math.round((width * addressesRead) / Math.max(1, addressesQueued));
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      io.stderr(
        `\rTracing hop ${hop}: [${bar}] ${addressesRead}/${addressesQueued} addresses, ${transactionsRead} transactions `,
      );
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\n');
    },
  };
}
