/**
 * Pure renderers: a risk summary as a card (level in colour and in words, score, reasons with their
 * sources and list dates, report counts by category, look-alikes side by side, on-chain facts),
 * the latest reports on an address, and an invalid input with the core's precise reason and hint.
 * Every string is passed to JSX as text, which escapes it.
 */
import {
  chainLabel,
  describeOtherForms,
  type InvalidAddress,
  REPORT_CATEGORY_LABELS,
  type ReportCategory,
  type RiskSummary,
  type StoredReport,
} from '../../../core/index.js';
import { describeOnchain, LEVEL_ADVICE, sentence, verificationNote } from '../../presentation.js';
import { type DiffPart, diffAddresses } from './lookalike-diff.js';

/** The permalink of an address's page. */
export function addressPath(address: string): string {
  return `/a/${encodeURIComponent(address)}`;
}

/** An address's trace page (`?hops=1|2`, default 2). */
export const tracePath = (address: string) => `${addressPath(address)}/trace`;

/** The card's "Trace funds" form: a GET form, so it works without JavaScript and the answer has a link. */
export function TraceForm({ address, index }: { address: string; index: number }) {
  const hopsId = `hops-${index}`;
  return (
    <section class="trace-form" aria-label="Trace funds">
      <form method="get" action={tracePath(address)}>
        <label for={hopsId}>Trace where its funds came from and went</label>
        <div class="row">
          <select id={hopsId} name="hops">
            <option value="2">2 hops: counterparties and theirs</option>
            <option value="1">1 hop: direct counterparties</option>
          </select>
          <button type="submit" class="secondary">
            Trace funds
          </button>
        </div>
      </form>
    </section>
  );
}

function Diff({ parts }: { parts: DiffPart[] }) {
  return (
    <span class="address">{parts.map((part) => (part.differs ? <mark>{part.text}</mark> : part.text))}</span>
  );
}

function Lookalikes({ summary }: { summary: RiskSummary }) {
  if (summary.lookalikes.length === 0) return null;
  return (
    <section aria-label="Look-alike addresses">
      <h3>Looks like another address</h3>
      {summary.lookalikes.map((lookalike) => {
        const diff = diffAddresses(summary.address, lookalike.address);
        return (
          <div class="lookalike">
            <p>
              Compare every character: {diff.differing}{' '}
              {diff.differing === 1 ? 'character differs' : 'characters differ'} (marked) from{' '}
              <strong>{lookalike.label}</strong> <span class="source">({lookalike.source})</span>.
            </p>
            <div class="pair">
              <div class="side">
                <span class="who">This address</span>
                <Diff parts={diff.checked} />
              </div>
              <div class="side">
                <span class="who">{lookalike.label}</span>
                <Diff parts={diff.lookalike} />
              </div>
            </div>
          </div>
        );
      })}
    </section>
  );
}

function ReportCounts({ summary }: { summary: RiskSummary }) {
  const { total, verified, categories } = summary.reports;
  if (total === 0) return null;
  const rows = (Object.entries(categories) as Array<[ReportCategory, number]>).sort(([, a], [, b]) => b - a);
  return (
    <section aria-label="Community reports">
      <h3>
        {total} community {total === 1 ? 'report' : 'reports'}
        {verified > 0 ? `, ${verified} verified by a moderator` : ''}
      </h3>
      {rows.length > 0 ? (
        <table class="categories">
          <caption class="visually-hidden">Reports by category</caption>
          <tbody>
            {rows.map(([category, count]) => (
              <tr>
                <th scope="row">{REPORT_CATEGORY_LABELS[category] ?? category}</th>
                <td>{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Onchain({ summary }: { summary: RiskSummary }) {
  const facts = summary.onchain;
  if (!facts?.available) return null;
  return (
    <section aria-label="On-chain facts">
      <h3>On-chain</h3>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>{facts.isContract === null ? 'unknown' : facts.isContract ? 'contract' : 'wallet'}</dd>
        {facts.txCount !== null ? (
          <>
            <dt>Transactions</dt>
            <dd>{facts.txCount.toLocaleString('en-US')}</dd>
          </>
        ) : null}
        {facts.name ? (
          <>
            <dt>Name</dt>
            <dd>{facts.name}</dd>
          </>
        ) : null}
        <dt>Source</dt>
        <dd>{facts.source}</dd>
      </dl>
      <p class="hint">{describeOnchain(summary)}</p>
    </section>
  );
}

export interface SummaryCardProps {
  summary: RiskSummary;
  /** Unique per page: the card's heading id. */
  index: number;
  /** A link to the address's own page (on the check page; the permalink page itself has none). */
  permalink?: boolean;
}

export function SummaryCard({ summary, index, permalink = false }: SummaryCardProps) {
  const headingId = `card-${index}`;
  const forms = describeOtherForms(summary);
  return (
    <article class={`card level-${summary.level}`} aria-labelledby={headingId} data-level={summary.level}>
      <div class="card-head">
        <h2 id={headingId}>
          <span class="level">{summary.level.toUpperCase()}</span>{' '}
          <span class="score">risk {summary.score}/100</span>
        </h2>
        <span class="chain">{chainLabel(summary)}</span>
      </div>
      <code class="address full">{summary.address}</code>
      {forms ? <p class="hint">{forms}</p> : null}
      <ul class="reasons">
        {summary.reasons.map((reason) => (
          <li data-code={reason.code}>
            {sentence(reason.text)} <span class="source">Source: {reason.source}</span>
          </li>
        ))}
      </ul>
      <ReportCounts summary={summary} />
      <Lookalikes summary={summary} />
      <Onchain summary={summary} />
      <p class="advice">{LEVEL_ADVICE[summary.level]}</p>
      <TraceForm address={summary.address} index={index} />
      {permalink ? (
        <p>
          <a href={addressPath(summary.address)}>Reports and permalink for this address</a>
        </p>
      ) : null}
    </article>
  );
}

export function InvalidCard({ error }: { error: InvalidAddress }) {
  return (
    <article class="card error" role="alert" aria-labelledby="invalid-heading">
      <h2 id="invalid-heading">Not a valid address</h2>
      <p>
        <code class="address">{error.input}</code> {error.reason}
        {/[.!?]$/.test(error.reason) ? '' : '.'}
      </p>
      <p>{sentence(error.hint)}</p>
    </article>
  );
}

/** The latest reports on an address, newest first, with notes shown as plain text (links are not made clickable). */
export function ReportList({ reports }: { reports: StoredReport[] }) {
  const newestFirst = [...reports].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  return (
    <section aria-labelledby="reports-heading">
      <h2 id="reports-heading">Latest reports</h2>
      {newestFirst.length === 0 ? (
        <p>No community reports yet.</p>
      ) : (
        <ol class="reports">
          {newestFirst.map((report) => {
            const flags = [
              verificationNote(report, null),
              report.status === 'review' ? 'waiting for review' : null,
            ].filter((flag) => flag !== null);
            return (
              <li>
                <time datetime={report.updatedAt.toISOString()}>
                  {report.updatedAt.toISOString().slice(0, 10)}
                </time>{' '}
                · <strong>{REPORT_CATEGORY_LABELS[report.category]}</strong>
                {flags.length > 0 ? ` (${flags.join(', ')})` : ''}
                {report.note ? <div class="note">{report.note}</div> : null}
                {report.evidence ? (
                  <div class="hint">
                    Evidence (not checked by us): <code class="address">{report.evidence}</code>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
