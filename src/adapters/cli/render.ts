/**
 * Plain-text rendering of a risk summary for terminals: level first, then why, then what to do.
 */

import type { Exposure, InvalidAddress, ReportError, RiskSummary } from '../../core/index.js';
import {
  chainLabel,
  describeExposureHit,
  describeOtherForms,
  shortAddress,
  visibleInput,
} from '../../core/index.js';
import { describeOnchain, LEVEL_ADVICE, LEVEL_EMOJI } from '../presentation.js';

export function renderSummaryText(summary: RiskSummary): string {
  const lines = [
    `${LEVEL_EMOJI[summary.level]} ${summary.level.toUpperCase()} · ${summary.score}/100`,
    `${summary.address} · ${chainLabel(summary)}`,
  ];
  for (const reason of summary.reasons) lines.push(`• ${reason.text} [${reason.source}]`);
  const onchain = describeOnchain(summary);
  if (onchain) lines.push(`• ${onchain}`);
  const forms = describeOtherForms(summary);
  if (forms) lines.push(forms);
  lines.push(LEVEL_ADVICE[summary.level]);
  return lines.join('\n');
}

/** One line: what was wrong, then what a valid input looks like. */
export function renderError(error: InvalidAddress | ReportError): string {
  // The input is echoed as the user typed it, but a terminal escape in it must not reach the terminal.
  const input = 'input' in error && error.input ? `"${visibleInput(error.input)}": ` : '';
  return `error: ${input}${error.reason} (expected ${error.hint})`;
}

const INCOMPLETE_TEXT: Record<Exposure['incomplete'][number], string> = {
  budget: 'the time budget (TRACE_BUDGET_MS) ran out',
  'node-unavailable': 'the history source failed or did not answer in time for some addresses',
  'history-limit': 'some addresses have more transactions than are read (TRACE_MAX_TX); the most recent were',
};

const STOP_TEXT: Record<Exposure['stoppedAt'][number]['reason'], string> = {
  allowlisted: 'known service',
  busy: 'too busy to be one wallet',
  budget: 'not read: time budget',
  'history-limit': 'not followed: past TRACE_MAX_TX, no transaction count',
};

/** Plain-text exposure for terminals: level, each flagged address with its path, where tracing stopped. */
export function renderExposureText(exposure: Exposure): string {
  // Labels come from lists and reports, token symbols from contracts: no terminal escape gets through.
  const plain = (text: string) => visibleInput(text, 400);
  const lines = [
    `${LEVEL_EMOJI[exposure.level]} EXPOSURE ${exposure.level.toUpperCase()} · ${exposure.hops} hop${exposure.hops === 1 ? '' : 's'}`,
    `${exposure.address} · ${exposure.chain} · ${exposure.transactionsRead} transactions read from ${exposure.source}${exposure.cached ? ' (cached)' : ''}`,
  ];
  if (exposure.hits.length === 0)
    lines.push('• No sanctioned, scam-listed or reported address found within these hops.');
  for (const hit of exposure.hits) {
    lines.push(`• ${plain(describeExposureHit(hit))}${hit.dust ? ' [dust: does not raise the level]' : ''}`);
    lines.push(`  path: ${hit.path.join(' -> ')}`);
    lines.push(`  transactions: ${hit.transactions.join(', ')}`);
    lines.push(`  source: ${plain(hit.source)}`);
  }
  if (exposure.stoppedAt.length > 0) {
    lines.push(
      `Stopped at: ${exposure.stoppedAt
        .map(
          (stop) =>
            `${shortAddress(stop.address)} (${STOP_TEXT[stop.reason]}${stop.label ? `: ${plain(stop.label)}` : ''})`,
        )
        .join(', ')}`,
    );
  }
  if (!exposure.complete) {
    lines.push(`Partial answer: ${exposure.incomplete.map((reason) => INCOMPLETE_TEXT[reason]).join('; ')}.`);
  }
  lines.push(`As of ${exposure.asOf}.`);
  return lines.join('\n');
}
