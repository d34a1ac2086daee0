/**
 * `review list|approve|reject`: the operator's view of every community's review queue (reports
 * waiting for a moderator: new accounts, doubted reporters, allowlisted addresses; and owners'
 * appeals). An approval is a moderator verification in the community the report was filed in; a
 * rejection never counts. `approve appeal-<n>` upholds an appeal, the same decision as `appeal
 * uphold <n>` (both call the core's appeal decision).
 */
import {
  parseCommunityId,
  type ReviewDecision,
  type ReviewError,
  type ReviewItem,
  type ReviewOutcome,
  StorageUnavailableError,
  visibleInput,
} from '../../../core/index.js';
import { describeReviewItem, reviewItemText } from '../../presentation.js';
import { BadInput, type RegisterCommands } from '../context.js';

/** Where an item belongs: a report's community, the communities whose reports an appeal disputes. */
function whereOf(item: ReviewItem): string {
  if (item.kind === 'report') return item.community ?? 'no community';
  const communities = [...new Set(item.disputes.map((d) => d.community ?? 'no community'))];
  return communities.join(', ') || 'no reports';
}

function describeDecision(outcome: ReviewOutcome): string {
  const { item, decision } = outcome;
  if (item.kind === 'appeal') {
    if (decision === 'reject') return `Rejected ${item.id}: the reports on ${item.address} still count.`;
    const lists = (outcome.appeal?.delist ?? []).map((notice) => `\n${notice.text}`).join('');
    return `Upheld ${item.id}: ${outcome.appeal?.dismissedReports ?? 0} report(s) on ${item.address} dismissed.${lists}`;
  }
  return (
    `${decision === 'approve' ? 'Approved' : 'Rejected'} ${item.id}: ${item.address} as ${item.category}` +
    `${decision === 'approve' ? (item.community ? `, verified in ${item.community}` : ', counts as one report') : ', it will not count'}.`
  );
}

function reviewError(error: ReviewError): Error {
  if (error.code === 'storage-unavailable') return new StorageUnavailableError('review');
  return new BadInput(`error: ${visibleInput(error.reason)} (${error.hint})`);
}

export const registerReviewCommands: RegisterCommands = (program, { io, withApp }) => {
  const review = program
    .command('review')
    .description('List and decide reports waiting for moderator review, in every community')
    .addHelpText(
      'after',
      '\nReports from new accounts, new members, reporters whose reports were rejected, and reports\n' +
        'against allowlisted addresses wait here instead of raising the level. Approve: the report counts,\n' +
        'verified in the community it was filed in. Reject: it never counts.\n' +
        'Owners’ appeals wait here too (appeal-<n>): approve upholds one (the community reports are\n' +
        'dismissed; sanctions and imported lists never are), reject rejects it; same as appeal uphold|reject.',
    );

  review
    .command('list')
    .description('What waits for review, oldest first')
    .option('--community <platform:id>', 'only this community’s queue, e.g. discord:80351110224678912')
    .option('--limit <n>', 'at most this many (1-100)', '50')
    .option('--json', 'print as JSON')
    .action(async (options: { community?: string; limit: string; json?: boolean }) => {
      let community: string | null = null;
      if (options.community !== undefined) {
        const parsed = parseCommunityId(options.community);
        if (!parsed.ok) {
          throw new BadInput(
            `error: --community "${visibleInput(parsed.error.input)}" ${parsed.error.reason} (expected ${parsed.error.hint})`,
          );
        }
        community = parsed.value;
      }
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new BadInput(`error: --limit must be a whole number from 1 to 100, got "${options.limit}"`);
      }
      await withApp(
        async ({ chainwarden }) => {
          const items = await chainwarden.review.listReviews({ community }, limit);
          if (options.json) {
            io.stdout(`${JSON.stringify(items, null, 2)}\n`);
            return;
          }
          if (items.length === 0) {
            io.stdout(`Nothing waits for review${community ? ` in ${community}` : ''}.\n`);
            return;
          }
          for (const item of items) {
            const text = reviewItemText(item);
            const note = text ? ` · "${visibleInput(text, 80)}"` : '';
            io.stdout(`${item.id}\t${item.address}\t${describeReviewItem(item)}\t${whereOf(item)}${note}\n`);
          }
        },
        { withChain: false },
      );
    });

  for (const decision of ['approve', 'reject'] as const satisfies readonly ReviewDecision[]) {
    review
      .command(decision)
      .description(
        decision === 'approve'
          ? 'Approve a waiting report (it counts, verified in the community it was filed in) or uphold an appeal'
          : 'Reject a waiting report (it never counts, its reporter counts for less) or an appeal',
      )
      .argument('<id>', 'a review id from review list, e.g. report-42 or appeal-7')
      .option('--note <text>', 'why (kept in the address history)')
      .option('--reviewer <platform:id>', 'who decides (default cli:<your user name>)')
      .action(async (id: string, options: { note?: string; reviewer?: string }) => {
        await withApp(
          async ({ chainwarden }) => {
            const result = await chainwarden.review.decideReview({
              id,
              decision,
              note: options.note ?? null,
              reviewer: options.reviewer ?? `cli:${io.env.USER || io.env.USERNAME || 'operator'}`,
              community: null,
            });
            if (!result.ok) throw reviewError(result.error);
            io.stdout(`${describeDecision(result.value)}\n`);
          },
          { withChain: false },
        );
      });
  }
};
