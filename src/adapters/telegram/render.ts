/**
 * Pure renderers: core values -> Telegram HTML (parse_mode "HTML"). Every string that a user, a list
 * or the core supplies goes through `escapeHtml`; only the tags written here reach Telegram.
 * Layout: level first, then why, then what to do, so the verdict fits a phone screen without scrolling.
 */

import type {
  CommunitySettings,
  FlagError,
  FlagReceipt,
  HistoryEvent,
  ReportError,
  ReportReceipt,
  ReviewItem,
  StoredReport,
} from '../../core/index.js';
import {
  chainLabel,
  describeCategories,
  describeOtherForms,
  type InvalidAddress,
  MAX_FLAG_ADDRESSES,
  REPORT_CATEGORIES,
  REPORT_CATEGORY_LABELS,
  type RiskSummary,
  shortAddress,
} from '../../core/index.js';
import {
  describeHistoryEvent,
  describeOnchain,
  describeReviewItem,
  heldForNotice,
  historyNewestFirst,
  LEVEL_ADVICE,
  LEVEL_EMOJI,
  reportStatusNote,
  reviewItemText,
  sentence,
  splitLinks,
  truncate,
  verificationNote,
} from '../presentation.js';

/** Telegram refuses messages longer than 4096 characters; reasons are capped well below that. */
const MAX_REASONS_IN_SUMMARY = 8;
const MAX_REASON_CHARS = 300;
const MAX_NOTE_CHARS = 200;
const MAX_REPORTS_IN_DETAILS = 10;

/** Escapes the four characters Telegram's HTML parser treats specially. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A report's note: escaped, and every link in it inside `<code>`, where Telegram detects no link (an
 * entity cannot contain another), so it shows as text and copies exactly as written. A zero-width
 * character would break the link too, but would also change what a moderator copies.
 */
export function noteHtml(note: string): string {
  return splitLinks(note)
    .map((part) => (part.link ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text)))
    .join('');
}

function levelLine(summary: RiskSummary): string {
  return `<b>${LEVEL_EMOJI[summary.level]} ${summary.level.toUpperCase()} · ${summary.score}/100</b>`;
}

/**
 * The reply to /check. The full address is the message's first `<code>` entity: the "Report" and
 * "Details" buttons read it back from there, so no state is kept between the reply and the tap.
 */
export function renderSummaryHtml(summary: RiskSummary): string {
  const lines = [
    levelLine(summary),
    `${escapeHtml(shortAddress(summary.address))} · ${escapeHtml(chainLabel(summary))}`,
  ];
  const shown = summary.reasons.slice(0, MAX_REASONS_IN_SUMMARY);
  for (const reason of shown) {
    lines.push(
      `• ${escapeHtml(truncate(reason.text, MAX_REASON_CHARS))} <i>(${escapeHtml(reason.source)})</i>`,
    );
  }
  const hidden = summary.reasons.length - shown.length;
  if (hidden > 0) lines.push(`• …and ${hidden} more: tap Details`);
  const onchain = describeOnchain(summary);
  if (onchain) lines.push(`• ${escapeHtml(onchain)}`);
  lines.push(`<code>${escapeHtml(summary.address)}</code>`);
  // After the address: the buttons read the address back from the message's first <code>.
  const forms = describeOtherForms(summary);
  if (forms) lines.push(escapeHtml(forms));
  lines.push(escapeHtml(LEVEL_ADVICE[summary.level]));
  return lines.join('\n');
}

/** Telegram's limit on a message's text as the user sees it (after parsing the HTML). */
export const TELEGRAM_MAX_TEXT = 4096;

/**
 * The length Telegram counts: the text after the HTML is parsed, in UTF-16 code units (at least
 * as many as code points, so a fit here fits there). Only for HTML built here: tags are ours and
 * every other `<`, `>`, `&`, `"` went through `escapeHtml`.
 */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|quot|amp);/g, '&').length;
}

const plural = (n: number, one: string) => `${n} more ${one}${n === 1 ? '' : 's'}`;

function reportLines(report: StoredReport, community: string | null): string[] {
  const flags = [verificationNote(report, community), reportStatusNote(report)].filter(Boolean);
  const note = report.note ? `: ${noteHtml(truncate(report.note, MAX_NOTE_CHARS))}` : '';
  const lines = [
    `• ${report.updatedAt.toISOString().slice(0, 10)} · ${escapeHtml(REPORT_CATEGORY_LABELS[report.category])}` +
      `${flags.length > 0 ? ` (${flags.join(', ')})` : ''}${note}`,
  ];
  // Evidence is often a link a reporter chose: shown as text, never clickable.
  if (report.evidence) lines.push(`  evidence: <code>${escapeHtml(truncate(report.evidence, 120))}</code>`);
  return lines;
}

/**
 * The "Details" view: every reason with its source, and the latest reports with notes. A message
 * over 4096 characters is refused outright, which would hide the details of exactly the most
 * reported addresses, so the oldest reports (then, if ever needed, the last reasons) give way
 * until the text fits, and the reply says how many were left out.
 */
export function renderDetailsHtml(
  summary: RiskSummary,
  reports: StoredReport[],
  /** The group the reader is in (null: a private chat): whose moderator verifications count there. */
  community: string | null,
  /** The address's web page (`PUBLIC_URL` set), linked at the end; null: no link. */
  webUrl: string | null = null,
  /** The address's history (the core's, oldest first): the newest events are shown, newest first. */
  history: readonly HistoryEvent[] = [],
): string {
  const historyLines = historyNewestFirst(history).map((e) => `• ${escapeHtml(describeHistoryEvent(e))}`);
  const newestFirst = [...reports].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const reasonBlocks = summary.reasons.map((reason) => [
    `• ${escapeHtml(truncate(reason.text, MAX_REASON_CHARS))}`,
    `  <i>source: ${escapeHtml(truncate(reason.source, MAX_REASON_CHARS))}</i>`,
  ]);
  const reportBlocks = newestFirst.map((report) => reportLines(report, community));
  const byCategory = describeCategories(summary.reports.categories);

  const render = (reasonCount: number, reportCount: number): string => {
    const lines = [
      `${levelLine(summary)} · details`,
      `<code>${escapeHtml(summary.address)}</code> · ${escapeHtml(chainLabel(summary))}`,
      '',
      '<b>Why</b>',
      ...reasonBlocks.slice(0, reasonCount).flat(),
    ];
    const hiddenReasons = reasonBlocks.length - reasonCount;
    if (hiddenReasons > 0) lines.push(`…and ${plural(hiddenReasons, 'reason')}`);
    lines.push('', '<b>Reports</b>');
    if (reportBlocks.length === 0) {
      lines.push('No community reports yet.');
    } else {
      if (byCategory) lines.push(`By category: ${escapeHtml(byCategory)}`);
      lines.push(...reportBlocks.slice(0, reportCount).flat());
      const hiddenReports = reportBlocks.length - reportCount;
      if (hiddenReports > 0) lines.push(`…and ${plural(hiddenReports, 'report')}`);
    }
    if (historyLines.length > 0) lines.push('', '<b>History</b> (newest first)', ...historyLines);
    lines.push('', escapeHtml(LEVEL_ADVICE[summary.level]));
    if (webUrl) lines.push(`<a href="${escapeHtml(webUrl)}">Open this address on the web</a>`);
    return lines.join('\n');
  };

  let reportCount = Math.min(reportBlocks.length, MAX_REPORTS_IN_DETAILS);
  let reasonCount = reasonBlocks.length;
  let html = render(reasonCount, reportCount);
  while (visibleLength(html) > TELEGRAM_MAX_TEXT && reportCount > 0)
    html = render(reasonCount, --reportCount);
  while (visibleLength(html) > TELEGRAM_MAX_TEXT && reasonCount > 0)
    html = render(--reasonCount, reportCount);
  return html;
}

const ERROR_TITLES = {
  'invalid-address': 'Not a valid address',
  'invalid-category': 'Unknown report category',
  'note-too-long': 'Note too long',
  'invalid-evidence': 'Evidence not accepted',
  'invalid-reporter': 'Unknown reporter',
  'rate-limited': 'Too many reports',
  'storage-unavailable': 'Not saved',
} satisfies Record<ReportError['code'], string>;

/** An expected failure from the core: what was wrong (the core's precise reason), then what works. */
export function renderErrorHtml(error: InvalidAddress | ReportError): string {
  const reason =
    error.code === 'invalid-address'
      ? `“${escapeHtml(truncate(error.input, 80))}” ${escapeHtml(error.reason)}${/[.!?]$/.test(error.reason) ? '' : '.'}`
      : escapeHtml(sentence(error.reason));
  return `❌ <b>${ERROR_TITLES[error.code]}</b>\n${reason}\n${escapeHtml(sentence(error.hint))}`;
}

export function renderCategoryPromptHtml(address: string): string {
  return `Which kind of scam is <code>${escapeHtml(address)}</code>? Pick a category.\n<i>To add a note, send /report ${escapeHtml(address)} &lt;category&gt; &lt;note&gt;</i>`;
}

export function renderReportSavedHtml(receipt: ReportReceipt): string {
  const what = receipt.created ? 'Saved your report' : 'Updated your earlier report';
  const lines = [
    `✅ ${what}: <code>${escapeHtml(receipt.report.address)}</code> as ${escapeHtml(REPORT_CATEGORY_LABELS[receipt.category])}.`,
  ];
  if (receipt.report.note) lines.push(`Note: ${noteHtml(truncate(receipt.report.note, MAX_NOTE_CHARS))}`);
  if (receipt.status === 'review' && receipt.heldFor) lines.push(escapeHtml(heldForNotice(receipt.heldFor)));
  lines.push('Thank you: reports warn the next person before they pay.');
  return lines.join('\n');
}

/** Group scanning: a short warning naming each risky address with its first reason. */
export function renderGroupWarningHtml(
  summaries: RiskSummary[],
  options: { deleted: boolean; sentAs?: string | null },
): string {
  const by = options.sentAs ? ` sent as “${escapeHtml(truncate(options.sentAs, 64))}”` : '';
  const lines = [
    options.deleted
      ? `⚠️ <b>I removed a message</b>${by} with a risky address:`
      : `⚠️ <b>Careful:</b> this message${by} contains a risky address:`,
  ];
  for (const summary of summaries.slice(0, 3)) {
    const first = summary.reasons[0];
    lines.push(
      `${LEVEL_EMOJI[summary.level]} <b>${summary.level.toUpperCase()}</b> <code>${escapeHtml(summary.address)}</code>`,
    );
    if (first)
      lines.push(
        `${escapeHtml(truncate(first.text, MAX_REASON_CHARS))} <i>(${escapeHtml(first.source)})</i>`,
      );
  }
  if (summaries.length > 3) lines.push(`…and ${summaries.length - 3} more.`);
  lines.push(escapeHtml(LEVEL_ADVICE.high));
  return lines.join('\n');
}

/**
 * `body` then `footer`, joined by line breaks: every footer line, and as many whole body lines as
 * fit Telegram's limit (`visibleLength`), then a count of the rest. Whole lines, so no tag is cut.
 */
export function fitMessageHtml(body: string[], footer: string[] = [], max = TELEGRAM_MAX_TEXT): string {
  let room = max - footer.reduce((sum, line) => sum + visibleLength(line) + 1, 0);
  const kept: string[] = [];
  for (const [index, line] of body.entries()) {
    const left = body.length - index;
    // Room for the "…and N more lines." line whenever another line follows.
    const length = visibleLength(line);
    if (length + 1 + (left > 1 ? 40 : 0) > room) {
      kept.push(`…and ${left} more ${left === 1 ? 'line' : 'lines'}.`);
      break;
    }
    kept.push(line);
    room -= length + 1;
  }
  return [...kept, ...footer].join('\n');
}

export function renderFlagResultHtml(receipt: FlagReceipt): string {
  const flagged = receipt.addresses.flatMap((a) => (a.outcome === 'failed' ? [] : [a.address]));
  const lines: string[] = [];
  if (flagged.length > 0) {
    lines.push(
      `🚩 Flagged ${flagged.length === 1 ? 'one address' : `${flagged.length} addresses`} as ${escapeHtml(REPORT_CATEGORY_LABELS[receipt.category])}, verified in this group (elsewhere one report each unless the operator trusts this group):`,
    );
    for (const address of flagged) lines.push(`<code>${escapeHtml(address)}</code>`);
  } else {
    lines.push('Nothing was flagged.');
  }
  // A post past the cap is summarised in one line, and a failure every address shares (the database
  // away) is said once: a list of each would run past Telegram's limit on a long post.
  const failures = new Set<string>();
  let pastCap = 0;
  let capHint = '';
  for (const failed of receipt.addresses) {
    if (failed.outcome !== 'failed') continue;
    const error = failed.error;
    if (error.code === 'too-many') {
      pastCap += 1;
      capHint = error.hint;
      continue;
    }
    failures.add(
      error.code === 'not-in-post'
        ? `❌ “${escapeHtml(truncate(failed.input, 80))}” ${escapeHtml(error.reason)}. ${escapeHtml(sentence(error.hint))}`
        : error.code === 'rate-limited'
          ? renderFlagLimitHtml(error)
          : renderErrorHtml(error),
    );
  }
  lines.push(...failures);
  // The outcome lines must survive the cut: the address list gives way first.
  const outcome: string[] = [];
  if (pastCap > 0) {
    outcome.push(
      `❌ ${pastCap} more ${pastCap === 1 ? 'address was' : 'addresses were'} not flagged: one flag saves at most ${MAX_FLAG_ADDRESSES}. ${escapeHtml(sentence(capHint))}`,
    );
  }
  if (receipt.deleted === true) outcome.push('The message was deleted.');
  if (receipt.deleted === false) {
    outcome.push('I could not delete the message: make me an admin with the “Delete messages” right.');
  }
  return fitMessageHtml(lines, outcome);
}

/** The community's FLAGS_PER_HOUR is used up: the core's reason says when its admins may flag again. */
function renderFlagLimitHtml(error: { reason: string; hint: string }): string {
  return `❌ <b>Too many flags</b>\n${escapeHtml(sentence(error.reason))}\n${escapeHtml(sentence(error.hint))}`;
}

/** A /flag refused as a whole: nothing was saved. */
export function renderFlagErrorHtml(error: FlagError): string {
  switch (error.code) {
    case 'no-address':
      return 'I found no address in that message, so nothing was flagged.';
    case 'nothing-picked':
      return `Nothing was flagged: ${escapeHtml(error.reason)}.`;
    case 'rate-limited':
      return renderFlagLimitHtml(error);
    default:
      return renderErrorHtml(error);
  }
}

export function renderSettingsHtml(settings: CommunitySettings): string {
  const modes = {
    off: 'off: I do not scan messages',
    warn: 'warn: I reply with a warning',
    delete: 'delete: I delete the message and post a warning',
  } satisfies Record<CommunitySettings['scanMode'], string>;
  return [
    '<b>Group scanning settings</b>',
    `Scan mode: <b>${settings.scanMode}</b> (${modes[settings.scanMode]})`,
    `Minimum level: <b>${settings.minLevel}</b> (messages with an address at this level or above)`,
    '',
    'Change with <code>/settings scan off|warn|delete</code> or <code>/settings level medium|high|severe</code>.',
    'I only see ordinary group messages when I am an admin or my privacy mode is off (BotFather, /setprivacy).',
  ].join('\n');
}

export function renderHelpHtml(botUsername: string): string {
  const categories = REPORT_CATEGORIES.join(', ');
  return [
    '<b>Chainwarden</b> checks crypto addresses against sanctions lists, public scam lists and community reports before you pay.',
    '',
    '<b>Commands</b>',
    '/check &lt;address&gt;: the risk of an address, e.g. <code>/check 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>',
    `  In groups also <code>/check@${escapeHtml(botUsername)} &lt;address&gt;</code>; in a private chat just send the address.`,
    '/report &lt;address&gt; &lt;category&gt; [note]: report a scam address, e.g. <code>/report 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed phishing fake support DM</code>',
    `  Categories: ${escapeHtml(categories)}. Leave the category out and I show buttons.`,
    '/trace &lt;address&gt; [1|2]: where its funds came from and went, with a diagram: every sanctioned, scam-listed or reported address within 2 hops (1: direct only), e.g. <code>/trace 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>. Also the “Trace funds” button under a check.',
    '/flag [category] [note]: admins, as a reply to a group message: save every address in it as a verified report and delete the message.',
    '/settings: admins, in a group: show or change scanning, e.g. <code>/settings scan warn</code>, <code>/settings level high</code>.',
    '/watch &lt;address&gt; [label] [all]: alerts here when the address sends funds, receives from a risky address (every incoming transfer with <code>all</code>), is reported or listed, or a look-alike of it shows up here, e.g. <code>/watch 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed treasury</code>. In groups: admins.',
    '/unwatch &lt;address&gt;: stop those alerts. /watches: what this chat watches.',
    '/weblogin: admins, in a group: I send you a one-time link to the web review queue in a private chat.',
    '/review: admins, in a group: reports waiting for review (new accounts, doubted reporters, allowlisted addresses) and owners’ appeals against this group’s reports, with Approve (Uphold) and Reject buttons.',
    '/appeal &lt;address&gt;: you control a reported address? Prove it with your wallet’s “Sign message” and dispute the reports (in a private chat).',
    '/help: this message.',
    '',
    'No reports is not proof of safety: always confirm an address with the recipient through another channel.',
  ].join('\n');
}

export function renderApologyHtml(reference: string): string {
  return `Sorry, something went wrong on my side. Please try again in a minute. (reference <code>${escapeHtml(reference)}</code>)`;
}

/** Notes in the review queue are cut here, so ten items fit one message. */
const MAX_REVIEW_NOTE_CHARS = 120;

/**
 * /review: what waits for this group's admins, one numbered block per item, matched by number to
 * the Approve / Reject buttons below. The reporter is named by platform and weight only.
 */
export function renderReviewListHtml(
  items: ReviewItem[],
  options: { total?: number; outcome?: string } = {},
): string {
  const { outcome } = options;
  const total = Math.max(options.total ?? items.length, items.length);
  const head = outcome ? [escapeHtml(outcome), ''] : [];
  if (items.length === 0) return [...head, '✅ Nothing waits for review in this group.'].join('\n');
  const shown = total > items.length ? `the oldest ${items.length} shown` : 'oldest first';
  const lines = [...head, `<b>${total} waiting for review</b> (${shown}):`];
  items.forEach((item, i) => {
    lines.push('');
    lines.push(`${i + 1}. <code>${escapeHtml(item.address)}</code>`);
    lines.push(`   ${escapeHtml(describeReviewItem(item))}`);
    const text = reviewItemText(item);
    if (text)
      lines.push(
        `   ${item.kind === 'report' ? 'Note: ' : ''}${noteHtml(truncate(text, MAX_REVIEW_NOTE_CHARS))}`,
      );
  });
  lines.push('');
  lines.push('Approve: the report counts, verified by this group. Reject: it never counts.');
  if (items.some((item) => item.kind === 'appeal')) {
    lines.push(
      'Uphold an appeal: the owner proved control, and the reports filed here are dismissed (sanctions and imported lists never are). Reject: the reports stand.',
    );
  }
  return fitMessageHtml(lines);
}
