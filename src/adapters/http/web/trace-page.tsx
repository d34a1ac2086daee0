/**
 * "Trace funds" on the web: every card has a GET form to `/a/{address}/trace?hops=1|2`, which runs
 * the core's trace (bounded by TRACE_BUDGET_MS, cached by chain head: the same answer as the API,
 * the CLI and the bots) and shows the flagged addresses as sentences that follow the money, where
 * tracing stopped, and the path diagram inline. The diagram is the SVG of `exposure-diagram.ts`,
 * which the bots send as a PNG: the only markup on the site not written by JSX. It is safe to inline
 * because that function XML-escapes every text it draws (list labels, entity names, token symbols)
 * and writes no script, style or link; the CSP forbids all three anyway.
 */
import { raw } from 'hono/html';
import {
  chainLabel,
  type Exposure,
  type ExposureHit,
  TRACE_HOPS,
  type TraceHops,
} from '../../../core/index.js';
import { renderExposureSvg } from '../../exposure-diagram.js';
import {
  cleanForeign,
  EXPOSURE_ADVICE,
  exposureFooter,
  hitSentence,
  hitsSummary,
  KIND_NOUN,
  orderedHits,
  partialText,
  stopSentence,
} from '../../exposure-presentation.js';
import { sentence } from '../../presentation.js';
import { Layout, type LayoutProps } from './layout.js';
import { addressPath, tracePath } from './summary-card.js';

/** Flagged addresses listed at most (the API and `chainwarden trace` list them all). */
export const MAX_HITS_ON_PAGE = 50;
const MAX_STOPS_ON_PAGE = 20;
const MAX_HASHES_PER_HIT = 4;

/** The SVG, marked for assistive technology as one image described by the caption. */
function diagramMarkup(exposure: Exposure, captionId: string): string {
  const { svg } = renderExposureSvg(exposure);
  if (!svg.startsWith('<svg ')) throw new Error('the exposure diagram does not start with <svg');
  return `<svg class="trace" role="img" aria-labelledby="${captionId}" ${svg.slice('<svg '.length)}`;
}

function Hit({ hit }: { hit: ExposureHit }) {
  const hashes = hit.transactions.slice(0, MAX_HASHES_PER_HIT);
  const more = hit.transactions.length - hashes.length;
  return (
    <li class={`hit kind-${hit.kind}`} data-kind={hit.kind}>
      <span class="hit-kind">{hit.dust ? 'dust' : KIND_NOUN[hit.kind]}</span> {sentence(hitSentence(hit))}
      <div class="hint">
        Flagged address <code class="address">{hit.address}</code> · {cleanForeign(hit.source)}
      </div>
      {hashes.length > 0 ? (
        <div class="hint">
          Transactions:{' '}
          {hashes.map((hash, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code class="address">{hash}</code>
            </>
          ))}
          {more > 0 ? ` and ${more} more` : ''}
        </div>
      ) : null}
    </li>
  );
}

export function TracePage({
  exposure,
  signedIn,
}: {
  exposure: Exposure;
  signedIn?: LayoutProps['signedIn'];
}) {
  const hits = orderedHits(exposure.hits);
  const shown = hits.slice(0, MAX_HITS_ON_PAGE);
  const stops = exposure.stoppedAt.slice(0, MAX_STOPS_ON_PAGE);
  const partial = partialText(exposure);
  const hopsText = exposure.hops === 1 ? '1 hop' : `${exposure.hops} hops`;
  const other: TraceHops = TRACE_HOPS.find((h) => h !== exposure.hops) ?? 1;
  return (
    <Layout
      title={`Trace ${exposure.level.toUpperCase()} · ${exposure.address} · Chainwarden`}
      signedIn={signedIn ?? null}
    >
      <h1>Where the funds came from and went</h1>
      <p>
        <code class="address">{exposure.address}</code> ·{' '}
        {chainLabel({ chain: exposure.chain, network: 'mainnet' })} ·{' '}
        <a href={addressPath(exposure.address)}>what is known about the address</a>
      </p>
      <article
        class={`card level-${exposure.level}`}
        aria-labelledby="trace-heading"
        data-level={exposure.level}
      >
        <h2 id="trace-heading">
          <span class="level">{exposure.level.toUpperCase()}</span> funds traced {hopsText}
        </h2>
        <p>{hitsSummary(exposure)}</p>
        {shown.length > 0 ? (
          <ol class="hits">
            {shown.map((hit) => (
              <Hit hit={hit} />
            ))}
          </ol>
        ) : null}
        {hits.length > shown.length ? (
          <p class="hint">
            …and {hits.length - shown.length} more flagged addresses: the HTTP API and{' '}
            <code>chainwarden trace</code> list them all.
          </p>
        ) : null}
        {stops.length > 0 ? (
          <section aria-labelledby="stops-heading">
            <h3 id="stops-heading">Tracing stopped at</h3>
            <ul>
              {stops.map((stop) => (
                <li>{stopSentence(stop)}</li>
              ))}
              {exposure.stoppedAt.length > stops.length ? (
                <li>…and {exposure.stoppedAt.length - stops.length} more</li>
              ) : null}
            </ul>
          </section>
        ) : null}
        {partial ? <p class="notice">{partial}</p> : null}
        <p class="advice">{EXPOSURE_ADVICE[exposure.level]}</p>
        <p class="hint">{exposureFooter(exposure)}</p>
        <p>
          <a href={`${tracePath(exposure.address)}?hops=${other}`}>
            Trace {other === 1 ? '1 hop' : `${other} hops`} instead
          </a>
        </p>
      </article>
      <figure class="diagram">
        {raw(diagramMarkup(exposure, 'diagram-caption'))}
        <figcaption id="diagram-caption">
          Paths from {exposure.address} to the flagged addresses, {hopsText}; arrows follow the funds, dashed
          ones are dust.
        </figcaption>
      </figure>
    </Layout>
  );
}
