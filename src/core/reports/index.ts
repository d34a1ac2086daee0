/**
 * Report rules: which categories exist (with the words people actually type), how long a note may
 * be, what counts as evidence, who a reporter is, and how fast one reporter may file.
 */

import { cleanFreeText, visibleInput } from '../input.js';
import {
  err,
  ok,
  REPORT_CATEGORIES,
  REPORT_CATEGORY_LABELS,
  type ReportCategory,
  type Result,
} from '../types.js';
import type { ReportError } from './model.js';

export const MAX_NOTE_LENGTH = 500;
export const MAX_EVIDENCE_LENGTH = 300;

export interface ReportLimits {
  /** Reports one reporter may file per window; moderators' verified reports are exempt. */
  perReporter: number;
  /** Addresses one community's moderators may verify (flag) per window (FLAGS_PER_HOUR); default 50. */
  flagsPerCommunity?: number;
  windowSeconds: number;
}

export const DEFAULT_FLAGS_PER_COMMUNITY = 50;

export const DEFAULT_REPORT_LIMITS: ReportLimits = {
  perReporter: 20,
  flagsPerCommunity: DEFAULT_FLAGS_PER_COMMUNITY,
  windowSeconds: 3600,
};

const CATEGORY_ALIASES: Record<string, ReportCategory> = {
  phish: 'phishing',
  impersonator: 'impersonation',
  'fake-support': 'impersonation',
  airdrop: 'fake-airdrop',
  drainer: 'fake-airdrop',
  'fake-airdrop-drainer': 'fake-airdrop',
  rug: 'rug-pull',
  rugpull: 'rug-pull',
  investment: 'ponzi',
  'investment-fraud': 'ponzi',
  'ponzi-investment-fraud': 'ponzi',
  exchange: 'fake-exchange',
  'pig-butchering': 'romance',
  'romance-pig-butchering': 'romance',
};

export const CATEGORY_HINT = `one of: ${REPORT_CATEGORIES.join(', ')}`;

export function parseCategory(input: string): Result<ReportCategory, ReportError> {
  const slug = input
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const direct = REPORT_CATEGORIES.find((c) => c === slug);
  if (direct) return ok(direct);
  const byLabel = REPORT_CATEGORIES.find(
    (c) => REPORT_CATEGORY_LABELS[c].replace(/[^a-z0-9]+/g, '-') === slug,
  );
  if (byLabel) return ok(byLabel);
  const alias = CATEGORY_ALIASES[slug];
  if (alias) return ok(alias);
  return err({
    code: 'invalid-category',
    input,
    reason:
      input.trim() === '' ? 'no category given' : `"${truncate(input.trim(), 40)}" is not a report category`,
    hint: CATEGORY_HINT,
  });
}

/** A note is free text: control characters are dropped and lone surrogates replaced, never refused. */
export function parseNote(input: string | null | undefined): Result<string | null, ReportError> {
  const note = cleanFreeText(input ?? '').trim();
  if (note === '') return ok(null);
  if ([...note].length > MAX_NOTE_LENGTH) {
    return err({
      code: 'note-too-long',
      reason: `the note has ${[...note].length} characters, more than the ${MAX_NOTE_LENGTH} allowed`,
      hint: `shorten the note to ${MAX_NOTE_LENGTH} characters; put long evidence behind a link`,
      max: MAX_NOTE_LENGTH,
    });
  }
  return ok(note);
}

const TX_HASH = /^(0x)?[0-9a-fA-F]{64}$/;

/** Evidence is a transaction hash (EVM or Bitcoin txid) or an http(s) link. */
export function parseEvidence(input: string | null | undefined): Result<string | null, ReportError> {
  const evidence = input?.trim() ?? '';
  if (evidence === '') return ok(null);
  const hint =
    'a transaction hash (0x followed by 64 hex characters, or a 64-character Bitcoin txid) or an https:// link';
  if (evidence.length > MAX_EVIDENCE_LENGTH) {
    return err({
      code: 'invalid-evidence',
      input: truncate(evidence, 40),
      reason: `evidence is longer than ${MAX_EVIDENCE_LENGTH} characters`,
      hint,
    });
  }
  if (TX_HASH.test(evidence)) return ok(evidence);
  try {
    const url = new URL(evidence);
    if (url.protocol === 'https:' || url.protocol === 'http:') return ok(url.toString());
  } catch {
    // not a URL: fall through to the error below
  }
  return err({
    code: 'invalid-evidence',
    input: truncate(evidence, 40),
    reason: 'evidence is neither a transaction hash nor a link',
    hint,
  });
}

// The user id: no whitespace, control character or lone surrogate (\p{C}), at most 100 characters.
const REPORTER = /^[a-z][a-z0-9-]{0,19}:[^\s\p{C}]{1,100}$/u;

export function parseReporter(input: string): Result<string, ReportError> {
  const reporter = input.trim();
  if (REPORTER.test(reporter)) return ok(reporter);
  return err({
    code: 'invalid-reporter',
    input: truncate(reporter, 40),
    reason: 'a reporter id is a platform and a user id separated by a colon',
    hint: 'e.g. telegram:12345, discord:80351110224678912, cli:alice',
  });
}

/**
 * Echoed user text: control characters shown as U+FFFD, so a reply never carries a NUL, and cut by
 * code points, so it never ends in half an emoji (Telegram refuses text that is not valid UTF-8).
 */
function truncate(text: string, max: number): string {
  const chars = [...visibleInput(text, Number.POSITIVE_INFINITY)];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
