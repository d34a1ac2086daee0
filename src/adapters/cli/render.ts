/**
 * Plain-text rendering of a risk summary for terminals: level first, then why, then what to do.
 */

import type { InvalidAddress, ReportError, RiskSummary } from '../../core/index.js';
import { chainLabel, describeOtherForms, visibleInput } from '../../core/index.js';
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
