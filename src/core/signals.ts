/**
 * What storage knows about one screened address, read in one round trip: list hits, report
 * tallies, look-alike candidates, and when the asking community first saw it. The risk model turns
 * these into a level and reasons.
 */
import type { AppealSignal } from './appeals.js';
import type { ListHit, ListOrigin } from './lists.js';
import type { LookalikeCandidate } from './lookalike.js';
import type { ReportStats } from './reports/model.js';

export interface ScreeningSignals {
  listHits: ListHit[];
  reports: ReportStats;
  lookalikes: LookalikeCandidate[];
  /** When the screened address was first seen in the asking community; null when never or no community. */
  firstSeenHere: Date | null;
  /** The oldest sanctions list held, when known: a summary says when sanctions data is old. */
  sanctionsList?: SanctionsListEdition | null;
  /**
   * The database could not be read just now: `listHits` and list look-alikes come from the lists held
   * in memory, `reports` is empty because it is unknown, not because there are none.
   */
  reportsUnavailable?: boolean;
  /** The address's latest appeal that was not rejected; absent or null when none. */
  appeal?: AppealSignal | null;
}

export interface SanctionsListEdition {
  source: string;
  listDate: string;
  origin: ListOrigin;
}
