/**
 * Inline keyboards and their callback data. The data carries no address: the address is read back
 * from the message the keyboard belongs to (its first `<code>` entity), so any replica can answer.
 * A category button carries who asked, so in a group only that person's tap files the report.
 */
import { InlineKeyboard } from 'grammy';
import { REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, type ReportCategory } from '../../core/index.js';

export const CALLBACK = {
  /** "Report this address" under a summary: ask for a category. */
  reportAddress: 'rq',
  /** "Details" under a summary. */
  details: 'det',
  /** A category button: `rep:<category>:<asker id>` (user id, or chat id for an anonymous admin). */
  categoryPrefix: 'rep:',
  /** A review button: `rv:a:<report id>` approves, `rv:r:<report id>` rejects. */
  reviewPrefix: 'rv:',
} as const;

/**
 * Review buttons carry only a report id; the tap is checked again (an admin of this chat, a report
 * filed in this chat and still waiting), so altered data can decide nothing another chat owns.
 */
export const REVIEW_CALLBACK = /^rv:([ar]):([1-9][0-9]{0,15})$/;

export function reviewKeyboard(items: ReadonlyArray<{ reportId: number }>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  items.forEach((item, i) => {
    keyboard
      .text(`✅ Approve ${i + 1}`, `${CALLBACK.reviewPrefix}a:${item.reportId}`)
      .text(`❌ Reject ${i + 1}`, `${CALLBACK.reviewPrefix}r:${item.reportId}`)
      .row();
  });
  return keyboard;
}

export function reviewFromCallback(
  data: string | undefined,
): { decision: 'approve' | 'reject'; id: string } | null {
  const match = data ? REVIEW_CALLBACK.exec(data) : null;
  if (!match?.[1] || !match[2]) return null;
  return { decision: match[1] === 'a' ? 'approve' : 'reject', id: `report-${match[2]}` };
}

/** The asker part is optional: buttons sent before it existed still work, for anyone. */
export const CATEGORY_CALLBACK = /^rep:([a-z-]{1,30})(?::(-?\d{1,20}))?$/;

export function summaryKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('Report this address', CALLBACK.reportAddress)
    .text('Details', CALLBACK.details);
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
