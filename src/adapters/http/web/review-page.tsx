/**
 * `/review`: the review queue of each community the signed-in moderator moderated when their link
 * was issued, from the core's review use case (the same queue as chat `/review`, the CLI and
 * `/v1/reviews`): held reports and owners' appeals. Each item has one form: an optional note and
 * Approve (a report) or Uphold (an appeal), or Reject, with the CSRF token.
 */
import {
  type AppealReviewItem,
  REPORT_CATEGORY_LABELS,
  type ReportReviewItem,
  type ReviewItem,
} from '../../../core/index.js';
import { HELD_LABEL, reviewApproveLabel, reviewItemText, sentence } from '../../presentation.js';
import { Layout, type LayoutProps } from './layout.js';
import { addressPath } from './summary-card.js';

/** `telegram:-100123` -> `Telegram group -100123`: the session knows communities by id only. */
export function communityLabel(community: string): string {
  const [platform, id] = [
    community.slice(0, community.indexOf(':')),
    community.slice(community.indexOf(':') + 1),
  ];
  if (platform === 'telegram') return `Telegram group ${id}`;
  if (platform === 'discord') return `Discord server ${id}`;
  return community;
}

/** Approve (a report) or Uphold (an appeal), or Reject, with an optional note and the CSRF token. */
function DecisionForm({ item, community, csrf }: { item: ReviewItem; community: string; csrf: string }) {
  const noteId = `note-${item.id}`;
  return (
    <form method="post" action="/review">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="id" value={item.id} />
      <input type="hidden" name="community" value={community} />
      <label for={noteId}>Note for the record (optional)</label>
      <input type="text" id={noteId} name="note" maxlength={500} />
      <button type="submit" name="decision" value="approve">
        {reviewApproveLabel(item)} {item.id}
      </button>{' '}
      <button type="submit" name="decision" value="reject" class="secondary">
        Reject {item.id}
      </button>
    </form>
  );
}

const day = (date: Date) => <time datetime={date.toISOString()}>{date.toISOString().slice(0, 10)}</time>;

function ReportItem({ item, community, csrf }: { item: ReportReviewItem; community: string; csrf: string }) {
  return (
    <li class="card" data-review-id={item.id}>
      <h3>
        {REPORT_CATEGORY_LABELS[item.category]} report on{' '}
        <a class="address" href={addressPath(item.address)}>
          {item.address}
        </a>
      </h3>
      <p class="hint">
        {item.id} · filed {day(item.createdAt)} from {item.platform} · reporter weight: {item.weight}
        {item.heldFor ? ` · waits because: ${HELD_LABEL[item.heldFor]}` : ''}
      </p>
      {item.note ? <div class="note">{item.note}</div> : <p class="hint">No note.</p>}
      {item.evidence ? (
        <p class="hint">
          Evidence (not checked by us): <code class="address">{item.evidence}</code>
        </p>
      ) : null}
      <DecisionForm item={item} community={community} csrf={csrf} />
    </li>
  );
}

function AppealItem({ item, community, csrf }: { item: AppealReviewItem; community: string; csrf: string }) {
  return (
    <li class="card" data-review-id={item.id}>
      <h3>
        Appeal by the owner of{' '}
        <a class="address" href={addressPath(item.address)}>
          {item.address}
        </a>
      </h3>
      <p class="hint">
        {item.id} · the owner proved control with a signature ({item.method}) on {day(item.verifiedAt)}, filed
        from {item.source}
      </p>
      <div class="note">{reviewItemText(item)}</div>
      <p class="hint">
        {item.disputes.length === 1
          ? 'It disputes 1 report filed here:'
          : `It disputes ${item.disputes.length} reports filed here:`}
      </p>
      <ul class="disputes">
        {item.disputes.map((report) => (
          <li>
            report-{report.reportId} · {REPORT_CATEGORY_LABELS[report.category]} · from {report.platform},{' '}
            {report.status === 'review' ? 'waiting for review' : 'counting'} · filed {day(report.createdAt)}
          </li>
        ))}
      </ul>
      <DecisionForm item={item} community={community} csrf={csrf} />
    </li>
  );
}

export interface ReviewQueue {
  community: string;
  items: ReviewItem[];
}

export function ReviewPage({
  queues,
  signedIn,
  flash,
}: {
  queues: ReviewQueue[];
  signedIn: NonNullable<LayoutProps['signedIn']>;
  flash: string | null;
}) {
  return (
    <Layout title="Review queue · Chainwarden" signedIn={signedIn}>
      <h1>Review queue</h1>
      {flash ? (
        <p class="flash" role="status">
          {flash}
        </p>
      ) : null}
      <p>
        Reports that wait for a moderator before they count. Approving one verifies it in your community
        (elsewhere it counts as one report unless the operator trusts your community); rejecting it means it
        never counts.
      </p>
      {queues.some((queue) => queue.items.some((item) => item.kind === 'appeal')) ? (
        <p>
          Appeals come from owners who proved with their wallet that the address is theirs. Upholding one
          dismisses the reports filed in your community; sanctions and imported lists never change. Rejecting
          it leaves the reports counting.
        </p>
      ) : null}
      {queues.map((queue) => (
        <section aria-labelledby={`queue-${queue.community}`}>
          <h2 id={`queue-${queue.community}`}>{communityLabel(queue.community)}</h2>
          {queue.items.length === 0 ? (
            <p>Nothing waits for review here.</p>
          ) : (
            <ol class="results">
              {queue.items.map((item) =>
                item.kind === 'appeal' ? (
                  <AppealItem item={item} community={queue.community} csrf={signedIn.csrf} />
                ) : (
                  <ReportItem item={item} community={queue.community} csrf={signedIn.csrf} />
                ),
              )}
            </ol>
          )}
        </section>
      ))}
    </Layout>
  );
}

/** A decision the core refused (already decided, not found...), with its reason and hint. */
export function ReviewRefused({
  reason,
  hint,
  signedIn,
}: {
  reason: string;
  hint: string;
  signedIn: NonNullable<LayoutProps['signedIn']>;
}) {
  return (
    <Layout title="Not decided · Chainwarden" signedIn={signedIn}>
      <h1>Not decided</h1>
      <p role="alert">{sentence(reason)}</p>
      <p>{sentence(hint)}</p>
      <p>
        <a href="/review">Back to the review queue</a>
      </p>
    </Layout>
  );
}
