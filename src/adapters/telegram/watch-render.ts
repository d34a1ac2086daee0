/**
 * Watch-lists in Telegram HTML: alerts (level first, full addresses and transaction hash in
 * `<code>`, copyable), the digest, and the replies to /watch, /unwatch and /watches. Pure; every
 * piece of text is escaped.
 */
import type { Watch, WatchAlert, WatchCreated, WatchError } from '../../core/index.js';
import { sentence, truncate } from '../presentation.js';
import {
  alertText,
  digestLine,
  digestTitle,
  type Line,
  watchAddedLines,
  watchErrorText,
  watchListLines,
} from '../watch-presentation.js';
import { escapeHtml, fitMessageHtml } from './render.js';

function lineHtml(line: Line): string {
  return line.map((p) => (p.code ? `<code>${escapeHtml(p.text)}</code>` : escapeHtml(p.text))).join('');
}

export function renderWatchAlertHtml(alert: Pick<WatchAlert, 'watch' | 'event'>): string {
  const text = alertText(alert);
  return fitMessageHtml([`${text.emoji} <b>${escapeHtml(text.title)}</b>`, ...text.lines.map(lineHtml)]);
}

export function renderWatchDigestHtml(alerts: ReadonlyArray<Pick<WatchAlert, 'watch' | 'event'>>): string {
  return fitMessageHtml(
    [`🔔 <b>${escapeHtml(digestTitle(alerts.length))}</b>`, ...alerts.map((a) => lineHtml(digestLine(a)))],
    [
      '<i>More alerts came than this chat gets a minute (WATCH_ALERTS_PER_MINUTE), so these share one message.</i>',
    ],
  );
}

export function renderWatchAddedHtml(created: WatchCreated): string {
  return `👁 ${watchAddedLines(created).map(lineHtml).join('\n')}`;
}

export function renderWatchRemovedHtml(watch: Watch): string {
  return `Stopped watching ${watch.label ? `“${escapeHtml(watch.label)}” ` : ''}<code>${escapeHtml(watch.address)}</code>.`;
}

export function renderWatchListHtml(watches: readonly Watch[], max: number): string {
  return fitMessageHtml(watchListLines(watches, max).map(lineHtml));
}

export function renderWatchErrorHtml(error: WatchError): string {
  const { title, reason, hint, input } = watchErrorText(error);
  return `❌ <b>${escapeHtml(title)}</b>\n“${escapeHtml(truncate(input, 80))}” ${escapeHtml(reason)}.\n${escapeHtml(sentence(hint))}`;
}

export const WATCH_USAGE_HTML =
  'Use <code>/watch &lt;address&gt; [label] [all]</code>, e.g. <code>/watch 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed treasury</code>. Add <code>all</code> at the end to be told of every incoming transfer, not only those from risky addresses.';
