/**
 * Watch-lists in Telegram HTML: alerts (level first, full addresses and transaction hash in
 * `<code>`, copyable), the digest, and the replies to /watch, /unwatch and /watches. Pure; every
 * piece of text is escaped.
 */
import type { Watch, WatchAlert, WatchCreated, WatchError } from '../../core/index.js';
import { sentence, truncate } from '../presentation.js';
import * as wording from '../watch-presentation.js';
import { escapeHtml, fitMessageHtml } from './render.js';

function lineHtml(line: wording.Line): string {
  return line.map((p) => (p.code ? `<code>${escapeHtml(p.text)}</code>` : escapeHtml(p.text))).join('');
}

export function renderWatchAlertHtml(alert: Pick<WatchAlert, 'watch' | 'event'>): string {
  const text = wording.alertText(alert);
  return fitMessageHtml([`${text.emoji} <b>${escapeHtml(text.title)}</b>`, ...text.lines.map(lineHtml)]);
}

export function renderWatchDigestHtml(alerts: ReadonlyArray<Pick<WatchAlert, 'watch' | 'event'>>): string {
  const digest = wording.digestText(alerts);
  return fitMessageHtml(
    [`<b>${escapeHtml(digest.title)}</b>`, ...digest.lines.map(lineHtml)],
    [`<i>${escapeHtml(digest.note)}</i>`],
  );
}

export function renderWatchAddedHtml(created: WatchCreated): string {
  return `👁 ${wording.watchAddedLines(created).map(lineHtml).join('\n')}`;
}

export function renderWatchRemovedHtml(watch: Watch): string {
  return `${lineHtml(wording.watchRemovedLine(watch))}.`;
}

export function renderWatchListHtml(watches: readonly Watch[], max: number): string {
  return fitMessageHtml(wording.watchListLines(watches, max).map(lineHtml));
}

export function renderWatchErrorHtml(error: WatchError): string {
  const { title, reason, hint, input } = wording.watchErrorText(error);
  return `❌ <b>${escapeHtml(title)}</b>\n“${escapeHtml(truncate(input, 80))}” ${escapeHtml(reason)}.\n${escapeHtml(sentence(hint))}`;
}

export const WATCH_USAGE_HTML =
  'Use <code>/watch &lt;address&gt; [label] [all]</code>, e.g. <code>/watch 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed treasury</code>. Add <code>all</code> at the end to be told of every incoming transfer, not only those from risky addresses.';
