/**
 * The one object every adapter talks to. Adapters parse commands and render replies; every decision
 * (is this an address, what is its risk, may this report be saved) is made behind this interface.
 */

import type { ModerationLog, ReportStatus, SettingsStore, StoredReport } from './ports.js';
import type {
  InvalidAddress,
  ParsedAddress,
  ReportCategory,
  ReportSource,
  Result,
  RiskSummary,
} from './types.js';
import type { FlagPost } from './use-cases/flag-post.js';
import type { ModerateMessage } from './use-cases/moderate-message.js';

export interface ScreenContext {
  /** `telegram:<chat id>` / `discord:<guild id>`: the community asking; its addresses become look-alike candidates. */
  community?: string | null;
}

export interface ReportInput {
  /** Raw user text; parsed by the core. */
  address: string;
  /** Raw user text; one of REPORT_CATEGORIES (labels and a few aliases are accepted). */
  category: string;
  note?: string | null;
  evidence?: string | null;
  reporter: string;
  source: ReportSource;
  community?: string | null;
  /** Set when a moderator files or verifies: the moderator's `platform:user id`. */
  verifiedBy?: string | null;
}

export type ReportError =
  | InvalidAddress
  | { code: 'invalid-category'; input: string; reason: string; hint: string }
  | { code: 'note-too-long'; reason: string; hint: string; max: number }
  | { code: 'invalid-evidence'; input: string; reason: string; hint: string }
  | { code: 'invalid-reporter'; input: string; reason: string; hint: string }
  | { code: 'rate-limited'; reason: string; hint: string; retryAfterSeconds: number };

export interface ReportReceipt {
  report: StoredReport;
  /** false when it updated the reporter's earlier report on the same address. */
  created: boolean;
  status: ReportStatus;
  category: ReportCategory;
}

export interface Chainwarden {
  parseAddress(input: string): Result<ParsedAddress, InvalidAddress>;
  /** Every address found in free text, in order of appearance, without duplicates. */
  extractAddresses(text: string): ParsedAddress[];
  /**
   * Cheap and pure: what `screenText` would look at in `text` (address keys, then long words a list
   * may hold verbatim). Empty means there is nothing to screen, so callers can skip their lookups.
   */
  screenableIn(text: string): string[];
  /**
   * The first address-shaped word in `text` that is not a valid address, with the precise reason
   * (a typo, a bad checksum); null when there is none. For "no address found" replies.
   */
  findInvalidAddress(text: string): InvalidAddress | null;
  screenAddress(input: string, context?: ScreenContext): Promise<Result<RiskSummary, InvalidAddress>>;
  /**
   * One summary per distinct address found in `text` (empty when none), then one per word that is
   * not a parseable address but is on an imported list verbatim (e.g. a sanctioned Litecoin address).
   */
  screenText(text: string, context?: ScreenContext): Promise<RiskSummary[]>;
  submitReport(input: ReportInput): Promise<Result<ReportReceipt, ReportError>>;
  listReports(address: string, limit?: number): Promise<Result<StoredReport[], InvalidAddress>>;
  settings: SettingsStore;
  moderationLog: ModerationLog;
  /** A moderator flags a post: its addresses become verified reports (use-cases/flag-post.ts). */
  flagPost: FlagPost;
  /** Auto-moderation of one chat message: nothing, warn or delete (use-cases/moderate-message.ts). */
  moderateMessage: ModerateMessage;
}
