/**
 * The one object every adapter talks to. Adapters parse commands and render replies; every decision
 * (is this an address, what is its risk, may this report be saved) is made behind this interface.
 */

import type { ModerationLog, SettingsStore } from './ports.js';
import type { ReportError, ReportInput, ReportReceipt, StoredReport } from './reports/model.js';
import type { InvalidAddress, ParsedAddress, Result, RiskSummary } from './types.js';

export interface ScreenContext {
  /** `telegram:<chat id>` / `discord:<guild id>`: the community asking; its addresses become look-alike candidates. */
  community?: string | null;
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
}
