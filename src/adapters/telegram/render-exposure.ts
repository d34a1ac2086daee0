/**
 * Pure renderers for `/trace` and the "Trace funds" button: an Exposure (or a trace error) as
 * Telegram HTML. Level first, then each flagged address as a sentence that follows the money, its
 * full address and the transactions (full hashes in `<code>`, copyable; no explorer links, which
 * would have to guess the network), then where tracing stopped, whether the answer is partial, and
 * what to do. Everything from lists, reports or the chain is escaped; links in it are not clickable.
 */
import { chainLabel, type Exposure, type ExposureHit, type TraceError } from '../../core/index.js';
import {
  cleanForeign,
  diagramCaption,
  EXPOSURE_ADVICE,
  exposureFooter,
  exposureTitle,
  hitSentence,
  hitsSummary,
  orderedHits,
  partialText,
  stopSentence,
} from '../exposure-presentation.js';
import { sentence, truncate } from '../presentation.js';
import { escapeHtml, noteHtml, renderErrorHtml, TELEGRAM_MAX_TEXT, visibleLength } from './render.js';

/** Hits listed at most (the diagram and the API have them all); fewer when 4096 characters run out. */
export const MAX_HITS_IN_REPLY = 10;
const MAX_STOPS_IN_REPLY = 5;
const MAX_HASHES_PER_HIT = 2;
/** Telegram's limit on a photo caption, after parsing. */
export const TELEGRAM_MAX_CAPTION = 1024;

const KIND_MARK = { sanctions: '⛔', scam: '🚫', reports: '⚠️' } as const;

function hitLines(hit: ExposureHit, index: number): string[] {
  const mark = hit.dust ? '▫️' : KIND_MARK[hit.kind];
  const hashes = hit.transactions.slice(0, MAX_HASHES_PER_HIT).map((h) => `<code>${escapeHtml(h)}</code>`);
  const more = hit.transactions.length - MAX_HASHES_PER_HIT;
  const lines = [
    // noteHtml: escaped, and anything link-like from a list or a token shown as code, never clickable.
    `${mark} ${index + 1}. ${noteHtml(hitSentence(hit))}`,
    `   flagged address <code>${escapeHtml(hit.address)}</code> · ${noteHtml(cleanForeign(hit.source))}`,
  ];
  if (hashes.length > 0) lines.push(`   tx ${hashes.join(' ')}${more > 0 ? ` and ${more} more` : ''}`);
  return lines;
}

/**
 * The reply to a trace. The screened address is the message's first `<code>` entity, as in a check
 * reply. Hits give way, last first, until the text fits Telegram's 4096 characters; the reply then
 * says how many were left out.
 */
export function renderExposureHtml(exposure: Exposure): string {
  const hits = orderedHits(exposure.hits);
  const stops = exposure.stoppedAt.slice(0, MAX_STOPS_IN_REPLY);
  const partial = partialText(exposure);

  const render = (shown: number): string => {
    const lines = [
      `<b>${escapeHtml(exposureTitle(exposure))}</b>`,
      `<code>${escapeHtml(exposure.address)}</code> · ${escapeHtml(chainLabel({ chain: exposure.chain, network: 'mainnet' }))}`,
      escapeHtml(hitsSummary(exposure)),
    ];
    hits.slice(0, shown).forEach((hit, i) => {
      lines.push('', ...hitLines(hit, i));
    });
    const hidden = hits.length - shown;
    if (hidden > 0)
      lines.push(
        '',
        `…and ${hidden} more flagged ${hidden === 1 ? 'address' : 'addresses'}: the API and <code>chainwarden trace</code> list them all.`,
      );
    if (stops.length > 0) {
      lines.push('', '<b>Tracing stopped at</b>');
      for (const stop of stops) lines.push(`• ${noteHtml(stopSentence(stop))}`);
      const more = exposure.stoppedAt.length - stops.length;
      if (more > 0) lines.push(`• …and ${more} more`);
    }
    if (partial) lines.push('', `⚠️ ${escapeHtml(partial)}`);
    lines.push('', escapeHtml(EXPOSURE_ADVICE[exposure.level]));
    lines.push(`<i>${escapeHtml(exposureFooter(exposure))}</i>`);
    return lines.join('\n');
  };

  let shown = Math.min(hits.length, MAX_HITS_IN_REPLY);
  let html = render(shown);
  while (visibleLength(html) > TELEGRAM_MAX_TEXT && shown > 0) html = render(--shown);
  return html;
}

/** The diagram's caption: the verdict and what the picture shows, plain text escaped. */
export function renderDiagramCaptionHtml(exposure: Exposure): string {
  return escapeHtml(truncate(diagramCaption(exposure), TELEGRAM_MAX_CAPTION));
}

/** "Tracing…": the placeholder sent at once and edited into the answer. */
export function renderTracingHtml(address: string, hops: number): string {
  return `🔎 Tracing the funds of <code>${escapeHtml(address)}</code>, ${hops === 1 ? '1 hop' : `${hops} hops`} out… This can take up to a few seconds.`;
}

/** A trace that could not start: a bad address (the core's precise reason) or a chain with no history source. */
export function renderTraceErrorHtml(error: TraceError): string {
  if (error.code === 'invalid-address') return renderErrorHtml(error);
  return `❌ <b>Cannot trace this address</b>\n${escapeHtml(sentence(error.reason))}\n${escapeHtml(sentence(error.hint))}`;
}
