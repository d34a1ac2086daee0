/**
 * Pure renderers: a RiskSummary (or an expected failure) to a Discord embed. Level first (title and
 * colour), then why (one field per reason), then what to do. Every string that may hold user or list
 * text is escaped: markdown is neutralised and mention syntax can neither ping nor render as a mention.
 */
import { type APIEmbed, type APIEmbedField, escapeMarkdown } from 'discord.js';
import {
  chainLabel,
  countsAsVerified,
  describeOtherForms,
  type HistoryEvent,
  type InvalidAddress,
  REPORT_CATEGORY_LABELS,
  type ReasonCode,
  type ReportError,
  type ReportReceipt,
  type ReviewItem,
  type RiskLevel,
  type RiskSummary,
  type StoredReport,
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
  splitLinks,
  truncate,
  verificationNote,
} from '../presentation.js';

/** Grey, green, yellow, red, dark red: readable on both Discord themes. */
export const LEVEL_COLOURS: Record<RiskLevel, number> = {
  none: 0x95a5a6,
  low: 0x2ecc71,
  medium: 0xf1c40f,
  high: 0xe74c3c,
  severe: 0x992d22,
};

const PROBLEM_COLOUR = 0x5865f2;

const REASON_TITLES: Record<ReasonCode, string> = {
  'no-reports': 'No reports',
  'community-reports': 'Community reports',
  'verified-report': 'Verified by a moderator',
  sanctions: 'Sanctions',
  'scam-list': 'Scam list',
  allowlisted: 'Known address',
  'under-review': 'Under review',
  'look-alike': 'Look-alike',
  contract: 'Contract',
  'unused-address': 'Unused address',
  'onchain-unavailable': 'On-chain facts',
  'sanctions-data-old': 'Sanctions data is old',
  'reports-unavailable': 'Reports not read',
  'exposure-sanctions': 'Funds from a sanctioned address',
  'exposure-scam': 'Funds from a scam address',
  'exposure-reported': 'Funds from a reported address',
  'appeal-pending': 'Owner appeal pending',
  'appeal-upheld': 'Owner appeal upheld',
};

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
  perMessage: 10,
} as const;

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Escapes user text for markdown contexts (embed descriptions and fields, message content):
 * markdown, masked links, headings and lists are escaped, and mention syntax (`@everyone`, `@here`,
 * `<@123>`, `<@&123>`, `<#123>`) is broken with a zero-width space so it shows as plain text.
 */
export function escapeUserText(text: string): string {
  const escaped = escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  });
  return escaped
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZERO_WIDTH_SPACE}$1`);
}

/** An inline code span; backticks cannot be escaped inside one, so they are replaced (and line breaks too). */
/**
 * A report's note: escaped, and every link in it in a code span, which Discord never makes
 * clickable (`<url>` only stops the preview; the link stays).
 */
export function noteMarkdown(note: string): string {
  return (
    splitLinks(note)
      // Brackets too: `[claim](` before a code span is half a masked link the escaper no longer sees whole.
      .map((part) =>
        part.link ? codeSpan(part.text) : escapeUserText(part.text).replace(/(?<!\\)[[\]]/g, '\\$&'),
      )
      .join('')
  );
}

export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ').replace(/\s+/g, ' ')}\``;
}

export function renderSummaryEmbed(summary: RiskSummary): APIEmbed {
  const fields: APIEmbedField[] = summary.reasons.slice(0, EMBED_LIMITS.fields - 3).map((reason) => ({
    name: REASON_TITLES[reason.code] ?? reason.code,
    value: truncate(escapeUserText(reason.text), EMBED_LIMITS.fieldValue),
  }));
  const onchain = describeOnchain(summary);
  if (onchain)
    fields.push({ name: 'On-chain', value: truncate(escapeUserText(onchain), EMBED_LIMITS.fieldValue) });
  const forms = describeOtherForms(summary);
  if (forms)
    fields.push({ name: 'Other forms', value: truncate(escapeUserText(forms), EMBED_LIMITS.fieldValue) });
  fields.push({ name: 'What to do', value: LEVEL_ADVICE[summary.level] });

  const sources = [...new Set(summary.reasons.map((r) => r.source))];
  return {
    color: LEVEL_COLOURS[summary.level],
    title: `${LEVEL_EMOJI[summary.level]} ${summary.level.toUpperCase()} · ${summary.score}/100`,
    description: `${codeSpan(summary.address)} · ${chainLabel(summary)}`,
    fields,
    // Footers render no markdown and no mentions, so list names and dates are shown as they are.
    footer: { text: truncate(`Sources: ${sources.join(' · ')}`, EMBED_LIMITS.footer) },
  };
}

/** Characters Discord counts towards the 6000-character total of a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * As many summaries as fit in one message (10 embeds, 6000 characters), plus a note on how many
 * were left out, so a post full of addresses still gets one readable answer.
 */
export function renderSummaryEmbeds(summaries: RiskSummary[]): { embeds: APIEmbed[]; omitted: number } {
  const embeds: APIEmbed[] = [];
  let total = 0;
  for (const summary of summaries) {
    const embed = renderSummaryEmbed(summary);
    const length = embedLength(embed);
    if (embeds.length >= EMBED_LIMITS.perMessage || total + length > EMBED_LIMITS.total - 200) break;
    embeds.push(embed);
    total += length;
  }
  return { embeds, omitted: summaries.length - embeds.length };
}

/** An expected failure: what was wrong, then what a valid input looks like. */
export function renderProblemEmbed(problem: InvalidAddress | ReportError, title?: string): APIEmbed {
  const input = 'input' in problem && problem.input ? `${codeSpan(truncate(problem.input, 100))}: ` : '';
  return {
    color: PROBLEM_COLOUR,
    title: title ?? (problem.code === 'invalid-address' ? '❔ Not a valid address' : '❔ Report not saved'),
    description: truncate(`${input}${escapeUserText(problem.reason)}`, EMBED_LIMITS.description),
    fields: [
      {
        // The database being away is not the user's mistake: its hint is what to do, not what to type.
        name: problem.code === 'storage-unavailable' ? 'What to do' : 'Expected',
        value: truncate(escapeUserText(problem.hint), EMBED_LIMITS.fieldValue),
      },
    ],
  };
}

/** What `/report` and the Report button's form answer once the core saved a report. */
export function renderReportReceiptEmbed(receipt: ReportReceipt): APIEmbed {
  const lines = [
    `${codeSpan(receipt.report.address)} reported as ${REPORT_CATEGORY_LABELS[receipt.category]}.`,
    receipt.created
      ? 'Thank you: other members now see your report when they check it.'
      : 'Your earlier report on this address was updated.',
  ];
  if (receipt.status === 'review' && receipt.heldFor) lines.push(heldForNotice(receipt.heldFor));
  return { title: '✅ Report saved', description: lines.join('\n'), color: 0x2ecc71 };
}

/** Notes are cut here in Details so five reports and every reason fit in one embed. */
const DETAILS_NOTE_MAX = 300;
const DETAILS_EVIDENCE_MAX = 200;

/**
 * The Details button's answer: every reason with its source spelled out, look-alikes, on-chain facts
 * and the latest reports (category, when, verified or under review, note and evidence). Notes and
 * evidence are user text: escaped, and evidence sits in a code span so a reported phishing link is
 * shown, never clickable.
 */
export function renderDetailsEmbed(
  summary: RiskSummary,
  reports: readonly StoredReport[],
  /** The server the reader is in (null: a DM): whose moderator verifications count there. */
  community: string | null,
  /** The address's web page (`PUBLIC_URL` set): the embed's title links to it; null: no link. */
  webUrl: string | null = null,
  /** The address's history (the core's, oldest first): the newest events are shown, newest first. */
  history: readonly HistoryEvent[] = [],
): APIEmbed {
  const fields: APIEmbedField[] = summary.reasons.map((reason) => ({
    name: REASON_TITLES[reason.code] ?? reason.code,
    value: truncate(
      `${escapeUserText(reason.text)}\nSource: ${escapeUserText(reason.source)}`,
      EMBED_LIMITS.fieldValue,
    ),
  }));
  if (summary.lookalikes.length > 0) {
    fields.push({
      name: 'Looks like',
      value: truncate(
        summary.lookalikes
          .map((l) => `• ${codeSpan(l.address)} ${escapeUserText(l.label)} (${escapeUserText(l.source)})`)
          .join('\n'),
        EMBED_LIMITS.fieldValue,
      ),
    });
  }
  const onchain = describeOnchain(summary);
  if (onchain)
    fields.push({ name: 'On-chain', value: truncate(escapeUserText(onchain), EMBED_LIMITS.fieldValue) });
  if (reports.length === 0) {
    fields.push({ name: 'Latest reports', value: 'No community reports yet.' });
  }
  for (const report of reports) fields.push(reportField(report, community));
  const events = historyNewestFirst(history);
  if (events.length > 0) {
    // Before the reports in the list, so it survives when the oldest report fields give way.
    fields.splice(fields.length - reports.length, 0, {
      name: 'History (newest first)',
      value: truncate(
        events.map((e) => `• ${escapeUserText(describeHistoryEvent(e))}`).join('\n'),
        EMBED_LIMITS.fieldValue,
      ),
    });
  }

  const sources = [...new Set(summary.reasons.map((r) => r.source))];
  const embed: APIEmbed = {
    color: LEVEL_COLOURS[summary.level],
    title: `🔎 Details · ${LEVEL_EMOJI[summary.level]} ${summary.level.toUpperCase()} · ${summary.score}/100`,
    description: `${codeSpan(summary.address)} · ${chainLabel(summary)}`,
    fields: fields.slice(0, EMBED_LIMITS.fields),
    footer: { text: truncate(`Sources: ${sources.join(' · ')}`, EMBED_LIMITS.footer) },
    ...(webUrl ? { url: webUrl } : {}),
  };
  // Oldest report fields go first if the whole embed would exceed Discord's 6000 characters.
  while (embedLength(embed) > EMBED_LIMITS.total && (embed.fields?.length ?? 0) > 1) embed.fields?.pop();
  return embed;
}

function reportField(report: StoredReport, community: string | null): APIEmbedField {
  const verification = verificationNote(report, community);
  const status = reportStatusNote(report);
  const flags = [
    verification && `${countsAsVerified(report, community) ? '✅ ' : ''}${verification}`,
    status && `${report.status === 'review' ? '⏸️' : '🚫'} ${status}`,
  ].filter(Boolean);
  // Discord renders `<t:…:R>` as a relative time in the reader's own locale and time zone.
  const when = `<t:${Math.floor(report.updatedAt.getTime() / 1000)}:R>`;
  const lines = [[when, ...flags].join(' · ')];
  if (report.note?.trim()) lines.push(noteMarkdown(truncate(report.note.trim(), DETAILS_NOTE_MAX)));
  if (report.evidence) lines.push(`Evidence: ${codeSpan(truncate(report.evidence, DETAILS_EVIDENCE_MAX))}`);
  return {
    name: `Report: ${REPORT_CATEGORY_LABELS[report.category]}`,
    value: truncate(lines.join('\n'), EMBED_LIMITS.fieldValue),
  };
}

/**
 * `/review`: what waits for this server's moderators, one field per item numbered like the
 * Approve / Reject buttons under it; the reporter by platform and weight only, notes escaped.
 */
export function renderReviewEmbed(
  items: ReviewItem[],
  options: { total?: number; outcome?: string } = {},
): APIEmbed {
  const { outcome } = options;
  const total = Math.max(options.total ?? items.length, items.length);
  const head = outcome ? `${escapeUserText(outcome)}\n\n` : '';
  if (items.length === 0) {
    return {
      title: '✅ Review queue',
      description: `${head}Nothing waits for review in this server.`,
      color: 0x2ecc71,
    };
  }
  return {
    title: `🕵️ ${total} waiting for review${total > items.length ? `, the oldest ${items.length} shown` : ', oldest first'}`,
    description: `${head}Approve: the report counts, verified by this server. Reject: it never counts.${
      items.some((item) => item.kind === 'appeal')
        ? '\nUphold an appeal: the owner proved control, and the reports filed here are dismissed (sanctions and imported lists never are). Reject: the reports stand.'
        : ''
    }`,
    color: 0xf1c40f,
    fields: items.map((item, i) => ({
      name: truncate(`${i + 1}. ${describeReviewItem(item)}`, EMBED_LIMITS.fieldName),
      value: truncate(
        `${codeSpan(item.address)}${reviewItemText(item) ? `\n${noteMarkdown(truncate(reviewItemText(item) ?? '', DETAILS_NOTE_MAX))}` : ''}`,
        EMBED_LIMITS.fieldValue,
      ),
    })),
  };
}
