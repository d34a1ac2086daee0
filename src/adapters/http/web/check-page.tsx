/**
 * The check page (`/`, `/?q=...`) and an address's permalink page (`/a/{address}`): pure renderers
 * of what the core's `checkInput` and `screenAddress` answered, the same answers as the API, the
 * CLI and the bots. The form is a plain GET form, so it works without JavaScript and every answer
 * has a link.
 */
import type { CheckOutcome, InvalidAddress, RiskSummary, StoredReport } from '../../../core/index.js';
import { notScreenedNotice, sentence } from '../../presentation.js';
import { Layout, type LayoutProps } from './layout.js';
import { InvalidCard, ReportList, SummaryCard } from './summary-card.js';

/** Longest text the page checks: a Telegram message's limit, far more than any message with addresses needs. */
export const MAX_QUERY_CHARS = 4096;
/** The text box's own limit: a GET URL must stay under the server's header limit (16 KiB) once encoded. */
const TEXTAREA_MAX_CHARS = 2000;

export type CheckAnswer =
  | { kind: 'outcome'; outcome: CheckOutcome }
  | { kind: 'too-long'; length: number }
  | { kind: 'none' };

function CheckForm({ query }: { query: string }) {
  return (
    <form class="check" method="get" action="/">
      <label for="q">Paste an address or a message</label>
      <textarea
        id="q"
        name="q"
        rows={3}
        maxlength={TEXTAREA_MAX_CHARS}
        spellcheck={false}
        autocapitalize="off"
      >
        {query}
      </textarea>
      <p class="hint" id="q-hint">
        Ethereum and EVM chains, Bitcoin, Tron, Solana, Litecoin, Bitcoin Cash, Dogecoin and TON. Every
        address in a pasted message gets its own card.
      </p>
      <button type="submit">Check</button>
    </form>
  );
}

function Answer({ answer }: { answer: CheckAnswer }) {
  if (answer.kind === 'none') return null;
  if (answer.kind === 'too-long') {
    return (
      <article class="card error" role="alert">
        <h2>Text too long</h2>
        <p>
          The text has {answer.length.toLocaleString('en-US')} characters; the page checks at most{' '}
          {MAX_QUERY_CHARS.toLocaleString('en-US')}. Paste only the part with the addresses, or use the HTTP
          API for longer texts.
        </p>
      </article>
    );
  }
  const { outcome } = answer;
  switch (outcome.kind) {
    case 'address':
      return <SummaryCard summary={outcome.summary} index={1} permalink />;
    case 'text':
      return (
        <>
          <p>
            {outcome.summaries.length === 1
              ? 'Found 1 address in the text.'
              : `Found ${outcome.summaries.length} addresses in the text.`}
          </p>
          {outcome.summaries.map((summary, i) => (
            <SummaryCard summary={summary} index={i + 1} permalink />
          ))}
          {outcome.notScreened > 0 ? <p class="notice">{notScreenedNotice(outcome.notScreened)}</p> : null}
        </>
      );
    case 'invalid':
      return <InvalidCard error={outcome.error} />;
    case 'no-address':
      return (
        <article class="card error" role="alert">
          <h2>No address found</h2>
          <p>{sentence(outcome.reason)}</p>
          <p>{sentence(outcome.hint)}</p>
        </article>
      );
    case 'empty':
      return (
        <article class="card error" role="alert">
          <h2>Nothing to check</h2>
          <p>{sentence(outcome.hint)}</p>
        </article>
      );
  }
}

export function CheckPage({
  query,
  answer,
  signedIn,
}: {
  query: string;
  answer: CheckAnswer;
  signedIn?: LayoutProps['signedIn'];
}) {
  const title = answer.kind === 'none' ? 'Chainwarden: check an address' : 'Check results · Chainwarden';
  return (
    <Layout title={title} signedIn={signedIn ?? null}>
      <h1>Check an address before you pay</h1>
      <CheckForm query={query} />
      <div class="results" aria-live="polite">
        <Answer answer={answer} />
      </div>
    </Layout>
  );
}

export function AddressPage({
  result,
  reports,
  signedIn,
}: {
  result: { ok: true; value: RiskSummary } | { ok: false; error: InvalidAddress };
  /** null: the database could not be reached. */
  reports: StoredReport[] | null;
  signedIn?: LayoutProps['signedIn'];
}) {
  if (!result.ok) {
    return (
      <Layout title="Not a valid address · Chainwarden" signedIn={signedIn ?? null}>
        <h1>Address</h1>
        <div class="results">
          <InvalidCard error={result.error} />
        </div>
        <CheckForm query="" />
      </Layout>
    );
  }
  const summary = result.value;
  return (
    <Layout
      title={`${summary.level.toUpperCase()} · ${summary.address} · Chainwarden`}
      signedIn={signedIn ?? null}
    >
      <h1>Address</h1>
      <div class="results">
        <SummaryCard summary={summary} index={1} />
      </div>
      {reports === null ? (
        <p class="notice">The reports could not be loaded just now: the database is not answering.</p>
      ) : (
        <ReportList reports={reports} />
      )}
      <p>
        <a href={`/appeal/${encodeURIComponent(summary.address)}`}>
          Is this your address? Appeal the reports
        </a>
      </p>
    </Layout>
  );
}

export function MessagePage({
  title,
  status,
  signedIn,
  children,
}: {
  title: string;
  status?: number;
  signedIn?: LayoutProps['signedIn'];
  children?: LayoutProps['children'];
}) {
  return (
    <Layout title={`${title} · Chainwarden`} signedIn={signedIn ?? null}>
      <h1>{title}</h1>
      {status !== undefined ? <p class="hint">HTTP {status}</p> : null}
      {children}
    </Layout>
  );
}
