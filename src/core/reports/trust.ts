/**
 * Whose moderator verifications count where: the one place the rule lives (issue 13).
 *
 * Anyone can create a Telegram group or a Discord server and add the bot, so "verified by a
 * moderator" only means "an admin of some chat". A verification therefore counts as verified only
 * in screens within the community its moderator acted in; everywhere else (another community, the
 * HTTP API, the CLI) it counts as the one ordinary report it also is, unless the operator trusts
 * that community (`chainwarden community trust <platform:id>`).
 */

/** One community's moderator verifications of an address, as storage reads them. */
export interface CommunityVerification {
  /** Where the verifying moderator acted (`telegram:<chat>`, `discord:<guild>`); null when unknown. */
  community: string | null;
  /** Active reports verified there. */
  reports: number;
  /** The operator trusts that community. */
  trusted: boolean;
}

/** An address's verifications as one screen sees them. */
export interface VerificationScope {
  /** Verified by moderators of the community the screen is in: counts as verified. */
  here: number;
  /** Verified by moderators of another community the operator trusts: counts as verified. */
  trusted: number;
  /** Verified by moderators of another, untrusted community: each counts as one ordinary report. */
  elsewhere: number;
}

/** `community` is the screening community, null for screens outside any (HTTP API, CLI, private chats). */
export function scopeVerifications(
  verifications: ReadonlyArray<CommunityVerification>,
  community: string | null,
): VerificationScope {
  const scope: VerificationScope = { here: 0, trusted: 0, elsewhere: 0 };
  for (const v of verifications) {
    if (community !== null && v.community === community) scope.here += v.reports;
    else if (v.trusted && v.community !== null) scope.trusted += v.reports;
    else scope.elsewhere += v.reports;
  }
  return scope;
}

/** Whether one stored report counts as verified for a reader in `community` (null: the API, the CLI). */
export function countsAsVerified(
  report: { verifiedBy: string | null; verifiedIn?: string | null; verifiedInTrusted?: boolean },
  community: string | null,
): boolean {
  if (report.verifiedBy === null) return false;
  const scope = scopeVerifications(
    [{ community: report.verifiedIn ?? null, reports: 1, trusted: report.verifiedInTrusted === true }],
    community,
  );
  return countedVerifications(scope) > 0;
}

/** Verifications that count as verified in this screen. */
export const countedVerifications = (scope: VerificationScope): number => scope.here + scope.trusted;
