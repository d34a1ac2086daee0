/**
 * `appeal list|uphold|reject`: the operator decides owners' appeals. An appeal is filed only with
 * a valid signature by the address's own key (over HTTP or in chat); upholding it dismisses the
 * community reports filed until then, and never changes a sanctions or scam list.
 */
import {
  APPEAL_STATUSES,
  type AppealStatus,
  StorageUnavailableError,
  type StoredAppeal,
  visibleInput,
} from '../../../core/index.js';
import { BadInput, type CliIo, type RegisterCommands } from '../context.js';

export const registerAppealCommands: RegisterCommands = (program, { io, withApp }) => {
  const appeal = program
    .command('appeal')
    .description('Owners’ appeals against reports: list them, uphold or reject one')
    .addHelpText(
      'after',
      '\nAn owner files an appeal by signing a challenge with the address’s own wallet (HTTP POST\n' +
        '/v1/addresses/{address}/appeals, Telegram or Discord /appeal). Upheld: the community reports filed\n' +
        'until now stop counting. Sanctions and scam lists are never changed by an appeal: their\n' +
        'publisher must delist the address.',
    );

  appeal
    .command('list')
    .description('Appeals, newest first (default: those waiting for a decision)')
    .option('--status <status>', `${APPEAL_STATUSES.join(', ')} or all`, 'pending')
    .option('--json', 'print the appeals as JSON (with the signed message, signature and contact)')
    .action(async (options: { status: string; json?: boolean }) => {
      const status = options.status === 'all' ? null : options.status;
      if (status !== null && !(APPEAL_STATUSES as readonly string[]).includes(status)) {
        throw new BadInput(
          `error: "${visibleInput(options.status, 20)}" is not a status (expected ${APPEAL_STATUSES.join(', ')} or all)`,
        );
      }
      await withApp(
        async ({ chainwarden }) => {
          const appeals = await chainwarden.appeals.list({
            status: status as AppealStatus | null,
            limit: 200,
          });
          if (options.json) {
            io.stdout(`${JSON.stringify(appeals, null, 2)}\n`);
            return;
          }
          if (appeals.length === 0) {
            io.stdout(status === 'pending' ? 'No appeal waits for a decision.\n' : 'No appeals.\n');
            return;
          }
          for (const a of appeals) io.stdout(`${appealLines(a)}\n`);
        },
        { withChain: false },
      );
    });

  for (const [name, outcome, description] of [
    ['uphold', 'upheld', 'Uphold an appeal: the community reports filed until now are dismissed'],
    ['reject', 'rejected', 'Reject an appeal: the reports keep counting'],
  ] as const) {
    appeal
      .command(name)
      .description(description)
      .argument('<id>', 'the appeal id (chainwarden appeal list)')
      .option('--note <text>', 'why (at most 500 characters; shown to whoever reads the appeal)')
      .option('--by <platform:id>', 'who decides (default cli:<your user name>)')
      .action(async (id: string, options: { note?: string; by?: string }) => {
        await withApp(
          async ({ chainwarden }) => {
            const result = await chainwarden.appeals.decide({
              id,
              outcome,
              note: options.note ?? null,
              decidedBy: options.by ?? `cli:${io.env.USER || io.env.USERNAME || 'operator'}`,
            });
            if (!result.ok) {
              if (result.error.code === 'storage-unavailable') throw new StorageUnavailableError('appeal');
              throw new BadInput(`error: ${result.error.reason} (${result.error.hint})`);
            }
            printDecision(io, result.value.appeal, result.value.delist);
          },
          { withChain: false },
        );
      });
  }
};

function printDecision(io: CliIo, appeal: StoredAppeal, delist: ReadonlyArray<{ text: string }>): void {
  if (appeal.status === 'upheld') {
    io.stdout(
      `Upheld appeal ${appeal.id} for ${appeal.address}: ${appeal.dismissedReports} community report${appeal.dismissedReports === 1 ? '' : 's'} dismissed; they no longer count.\n`,
    );
  } else {
    io.stdout(`Rejected appeal ${appeal.id} for ${appeal.address}: the reports keep counting.\n`);
  }
  for (const notice of delist) io.stdout(`Note: ${notice.text}\n`);
}

/** Two lines per appeal; the statement and contact are the owner's text: no terminal escape reaches the operator. */
function appealLines(a: StoredAppeal): string {
  const when = a.createdAt.toISOString().slice(0, 16).replace('T', ' ');
  const decided = a.decidedAt ? `, ${a.status} ${a.decidedAt.toISOString().slice(0, 10)}` : `, ${a.status}`;
  const contact = a.contact ? `  contact: ${visibleInput(a.contact, 80)}` : '';
  return (
    `#${a.id}\t${a.address} (${a.chain})\tproved ${when} UTC by ${a.method}${decided}\n` +
    `\t"${visibleInput(a.statement, 200)}"${contact}`
  );
}
