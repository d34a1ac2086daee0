/**
 * `/review`: the review queue of each community the signed-in moderator moderated when their link
 * was issued, from the core's review use case (the same queue as chat `/review`, the CLI and
 * `/v1/reviews`). Each item has one form: an optional note and Approve or Reject, with the CSRF token.
 */
import { REPORT_CATEGORY_LABELS, type ReviewItem } from '../../../core/index.js';
import { HELD_LABEL, sentence } from '../../presentation.js';
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

function Item({ item, community, csrf }: { item: ReviewItem; community: string; csrf: string }) {
  const noteId = `note-${item.id}`;
  return (
    <li class="card" data-review-id={item.id}>
      <h3>
        {REPORT_CATEGORY_LABELS[item.category]} report on{' '}
        <a class="address" href={addressPath(item.address)}>
          {item.address}
        </a>
      </h3>
      <p class="hint">
        {item.id} · filed{' '}
        <time datetime={item.createdAt.toISOString()}>{item.createdAt.toISOString().slice(0, 10)}</time> from{' '}
        {item.platform} · reporter weight: {item.weight}
        {item.heldFor ? ` · waits because: ${HELD_LABEL[item.heldFor]}` : ''}
      </p>
      {item.note ? <div class="note">{item.note}</div> : <p class="hint">No note.</p>}
      {item.evidence ? (
        <p class="hint">
          Evidence (not checked by us): <code class="address">{item.evidence}</code>
        </p>
      ) : null}
      <form method="post" action="/review">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="id" value={item.id} />
        <input type="hidden" name="community" value={community} />
        <label for={noteId}>Note for the record (optional)</label>
        <input type="text" id={noteId} name="note" maxlength={500} />
        <button type="submit" name="decision" value="approve">
          Approve {item.id}
        </button>{' '}
        <button type="submit" name="decision" value="reject" class="secondary">
          Reject {item.id}
        </button>
      </form>
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
      {queues.map((queue) => (
        <section aria-labelledby={`queue-${queue.community}`}>
          <h2 id={`queue-${queue.community}`}>{communityLabel(queue.community)}</h2>
          {queue.items.length === 0 ? (
            <p>Nothing waits for review here.</p>
          ) : (
            <ol class="results">
              {queue.items.map((item) => (
                <Item item={item} community={queue.community} csrf={signedIn.csrf} />
              ))}
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
