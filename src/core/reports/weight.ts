/**
 * Reporter weight: how much one report counts, the one place the rule lives (issue 20).
 *
 * Twenty accounts made this week must not outvote a community: a report from an account younger
 * than `minAccountDays` or a member newer than `minTenureHours` waits for a moderator's review and
 * does not raise the level until approved. What moderators decided before counts too: approvals
 * vouch for a reporter, rejections count against them. docs/DESIGN.md ("Reporter weight") states
 * the rule for operators; `weighReporter` is it.
 */

/** What the platform tells about the person filing; every field is optional (the platform may not know). */
export interface ReporterFacts {
  /** When the account was created (Discord: from the user id's snowflake); absent: not known. */
  accountCreatedAt?: Date | null;
  /** When they joined the community (Discord: `member.joined_at`); absent: not known. */
  memberSince?: Date | null;
  /**
   * Telegram tells neither: tenure is when the bot first saw them in this chat (`telegram:<chat id>`).
   * Someone never seen before their report counts as seen just now: tenure 0.
   */
  firstSeenIn?: string | null;
  /** The operator vouches for them: an admin-scoped API key, the CLI, a chat's anonymous admin. */
  vouched?: boolean;
}

/** What moderators decided about this reporter's earlier reports (approvals that count here). */
export interface ReporterRecord {
  approved: number;
  rejected: number;
}

export interface ReporterRules {
  /** Accounts younger than this many days wait for review (REPORTER_MIN_ACCOUNT_DAYS, default 7). */
  minAccountDays: number;
  /** Members of the community for fewer hours wait for review (REPORTER_MIN_TENURE_HOURS, default 24). */
  minTenureHours: number;
}

export const DEFAULT_REPORTER_RULES: ReporterRules = { minAccountDays: 7, minTenureHours: 24 };

/**
 * `trusted`: a moderator, someone the operator vouches for, or a reporter with more approved than
 * rejected reports; `ordinary`: everybody else who is not held; `new` and `doubted`: held for review.
 */
export const REPORTER_WEIGHTS = ['trusted', 'ordinary', 'new', 'doubted'] as const;
export type ReporterWeight = (typeof REPORTER_WEIGHTS)[number];

/** Why a report waits for review instead of counting: `allowlisted` is about the address, the rest about the reporter. */
export type HeldFor = 'allowlisted' | 'new-account' | 'new-member' | 'doubted';

export interface Weighing {
  weight: ReporterWeight;
  /** null: the report counts now. */
  heldFor: Exclude<HeldFor, 'allowlisted'> | null;
}

/**
 * The rule, in order:
 * 1. A moderator's own report (a flag) or a vouched reporter: `trusted`.
 * 2. balance = approved − rejected. balance < 0: `doubted`, held for review whatever the account's
 *    age (moderators rejected more of their reports than they approved). balance > 0: `trusted`,
 *    never held for being new (a moderator approved them before).
 * 3. An account younger than `minAccountDays`: `new`, held (`new-account`).
 * 4. A member for fewer than `minTenureHours`: `new`, held (`new-member`).
 * 5. Otherwise `ordinary`. Facts the platform does not give (an API report key's account age) are
 *    not held against the reporter.
 */
export function weighReporter(input: {
  facts: ReporterFacts;
  /** `facts.memberSince`, or the first sighting for `facts.firstSeenIn` (null: never seen, i.e. now). */
  memberSince: Date | null;
  record: ReporterRecord;
  moderator: boolean;
  rules: ReporterRules;
  now: Date;
}): Weighing {
  const { facts, memberSince, record, rules, now } = input;
  if (input.moderator || facts.vouched) return { weight: 'trusted', heldFor: null };
  const balance = record.approved - record.rejected;
  if (balance < 0) return { weight: 'doubted', heldFor: 'doubted' };
  if (balance > 0) return { weight: 'trusted', heldFor: null };
  const accountCreatedAt = facts.accountCreatedAt ?? null;
  if (accountCreatedAt && hoursSince(accountCreatedAt, now) < rules.minAccountDays * 24) {
    return { weight: 'new', heldFor: 'new-account' };
  }
  const tenureKnown = facts.memberSince != null || (facts.firstSeenIn ?? null) !== null;
  const since = memberSince ?? (tenureKnown ? now : null);
  if (since && hoursSince(since, now) < rules.minTenureHours) return { weight: 'new', heldFor: 'new-member' };
  return { weight: 'ordinary', heldFor: null };
}

const hoursSince = (from: Date, now: Date) => (now.getTime() - from.getTime()) / 3_600_000;

/** What a reporter reads when their report waits (after "Your report waits for a moderator because"). */
export const HELD_FOR_TEXT: Record<HeldFor, string> = {
  allowlisted: 'this address is on an allowlist',
  'new-account': 'your account is new',
  'new-member': 'you joined this community recently',
  doubted: 'moderators rejected more of your earlier reports than they approved',
};
