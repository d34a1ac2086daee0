/**
 * Inline keyboards and their callback data. The data carries no address: the address is read back
 * from the message the keyboard belongs to (its first `<code>` entity), so any replica can answer.
 * A category button carries who asked, so in a group only that person's tap files the report.
 */
import { InlineKeyboard } from 'grammy';
import {
  REPORT_CATEGORIES,
  REPORT_CATEGORY_LABELS,
  type ReportCategory,
  type ReviewItem,
} from '../../core/index.js';
import { reviewApproveLabel } from '../presentation.js';

export const CALLBACK = {
  /** "Report this address" under a summary: ask for a category. */
  reportAddress: 'rq',
  /** "Details" under a summary. */
  details: 'det',
  /** "Trace funds" under a summary: the trace of the address the message names, 2 hops. */
  trace: 'trace',
  /** A category button: `rep:<category>:<asker id>` (user id, or chat id for an anonymous admin). */
  categoryPrefix: 'rep:',
  /** A review button: `rv:a:<report id>` approves, `rv:r:<report id>` rejects; `p<appeal id>` for appeals. */
  reviewPrefix: 'rv:',
} as const;

/**
 * Review buttons carry only a report or appeal id; the tap is checked again (an admin of this chat,
 * a report filed in this chat, or an appeal against one, still waiting), so altered data can decide nothing another chat owns.
 */
/** `rv:a:42` approves report 42, `rv:r:p7` rejects appeal 7 (the admin is checked again on tap). */
export const REVIEW_CALLBACK = /^rv:([ar]):(p?)([1-9][0-9]{0,15})$/;

export function reviewKeyboard(items: readonly ReviewItem[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  items.forEach((item, i) => {
    const id = item.kind === 'appeal' ? `p${item.appealId}` : String(item.reportId);
    keyboard
      .text(`✅ ${reviewApproveLabel(item)} ${i + 1}`, `${CALLBACK.reviewPrefix}a:${id}`)
      .text(`❌ Reject ${i + 1}`, `${CALLBACK.reviewPrefix}r:${id}`)
      .row();
  });
  return keyboard;
}

export function reviewFromCallback(
  data: string | undefined,
): { decision: 'approve' | 'reject'; id: string } | null {
  const match = data ? REVIEW_CALLBACK.exec(data) : null;
  if (!match?.[1] || !match[3]) return null;
  return {
    decision: match[1] === 'a' ? 'approve' : 'reject',
    id: `${match[2] === 'p' ? 'appeal' : 'report'}-${match[3]}`,
  };
}

/** The asker part is optional: buttons sent before it existed still work, for anyone. */
export const CATEGORY_CALLBACK = /^rep:([a-z-]{1,30})(?::(-?\d{1,20}))?$/;

export function summaryKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('Report this address', CALLBACK.reportAddress)
    .text('Details', CALLBACK.details)
    .row()
    .text('Trace funds', CALLBACK.trace);
}

export function categoryKeyboard(askerId: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  REPORT_CATEGORIES.forEach((category, i) => {
    keyboard.text(REPORT_CATEGORY_LABELS[category], `${CALLBACK.categoryPrefix}${category}:${askerId}`);
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export function categoryFromCallback(
  data: string | undefined,
): { category: ReportCategory; askerId: string | null } | null {
  const match = data ? CATEGORY_CALLBACK.exec(data) : null;
  const category = REPORT_CATEGORIES.find((c) => c === match?.[1]);
  return category ? { category, askerId: match?.[2] ?? null } : null;
}
