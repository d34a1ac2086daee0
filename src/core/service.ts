/**
 * The one object every adapter talks to. Adapters parse their platform's input and render replies;
 * every decision (is this an address, what is its risk, may this report be saved) is made behind
 * this interface, by the use cases in `use-cases/` that `createChainwarden` composes.
 */

import type { Exposure, TraceError, TraceOptions } from './exposure/model.js';
import type { HistoryEvent } from './history.js';
import type { OwnershipError, OwnershipProof, OwnershipVerdict } from './ownership/model.js';
import type { ModerationLog, SettingsStore } from './ports.js';
import type { ReportError, ReportInput, ReportReceipt, StoredReport } from './reports/model.js';
import type { InvalidAddress, ParsedAddress, Result, RiskSummary } from './types.js';
import type { Appeals } from './use-cases/appeal.js';
import type { CheckOutcome } from './use-cases/check-input.js';
import type { CommunityTrust } from './use-cases/community-trust.js';
import type { FlagPost } from './use-cases/flag-post.js';
import type { ModerateMessage } from './use-cases/moderate-message.js';
import type { Review } from './use-cases/review.js';
import type { Watching } from './use-cases/watch.js';

export interface ScreenContext {
  /**
   * `telegram:<chat id>` / `discord:<guild id>`: the community asking. Its addresses become look-alike
   * candidates, and its own moderators' verifications count as verified (reports/trust.ts); absent
   * (HTTP API, CLI, private chats), only trusted communities' verifications do.
   */
  community?: string | null;
}

export interface Chainwarden {
  /**
   * What did the person type: one address, several in a message, a mistyped one, or text without
   * any. Screens what it finds, or says precisely what is wrong (use-cases/check-input.ts).
   */
  checkInput(text: string, context?: ScreenContext): Promise<CheckOutcome>;
  screenAddress(input: string, context?: ScreenContext): Promise<Result<RiskSummary, InvalidAddress>>;
  /**
   * One result per input, in input order, screened as one request: an entry that is not an address
   * carries its error; only the first few addresses get on-chain facts (`chainLookupsPerRequest`).
   */
  screenAddresses(
    inputs: readonly string[],
    context?: ScreenContext,
  ): Promise<Array<Result<RiskSummary, InvalidAddress>>>;
  /**
   * One summary per distinct address found in `text` (empty when none), then one per word that is
   * not a parseable address but is on an imported list verbatim (e.g. a sanctioned Monero address).
   */
  screenText(text: string, context?: ScreenContext): Promise<RiskSummary[]>;
  submitReport(input: ReportInput): Promise<Result<ReportReceipt, ReportError>>;
  listReports(address: string, limit?: number): Promise<Result<StoredReport[], InvalidAddress>>;
  /** What happened to an address, oldest first: reports, review decisions (history.ts). */
  addressHistory(address: string, limit?: number): Promise<Result<HistoryEvent[], InvalidAddress>>;
  /**
   * The address a person means to report: the input when it is one word, else the first address
   * in the text; otherwise the precise reason. For report flows that ask the category next.
   */
  reportTarget(text: string): Result<ParsedAddress, InvalidAddress>;
  /**
   * Telegram: the bot saw this person (`telegram:<user id>`) in this chat (`telegram:<chat id>`);
   * the first sighting is their tenure there (reports/weight.ts).
   */
  noteMemberSeen(chat: string, member: string): Promise<void>;
  /** The review queue per community: list what waits, approve or reject (use-cases/review.ts). */
  review: Review;
  settings: SettingsStore;
  moderationLog: ModerationLog;
  /** The operator's trust in communities: `chainwarden community trust|untrust|list`. */
  communities: CommunityTrust;
  /**
   * Does this signature prove control of the address (ownership/verify.ts)? No storage, no node;
   * the signature schemes are the `signatures` port's.
   */
  verifyOwnership(proof: OwnershipProof): Promise<Result<OwnershipVerdict, OwnershipError>>;
  /** Owners' appeals against reports, proved by a wallet signature (use-cases/appeal.ts). */
  appeals: Appeals;
  /** A moderator flags a post: its addresses become verified reports (use-cases/flag-post.ts). */
  flagPost: FlagPost;
  /** Auto-moderation of one chat message: nothing, warn or delete (use-cases/moderate-message.ts). */
  moderateMessage: ModerateMessage;
  /**
   * Where this address's funds came from and went, 1 or 2 hops out (default 2): every sanctioned,
   * scam-listed or reported counterparty with the path and transactions (use-cases/trace.ts).
   * Partial answers are `complete: false`, never errors; the error is a bad address or a chain
   * without a history source.
   */
  trace(address: string, options?: TraceOptions): Promise<Result<Exposure, TraceError>>;
  /** Resolves once every background write started so far (community notes) has finished. */
  settled(): Promise<void>;
  /** Watch-lists: add, remove, list, deliveries, and the alerts of reports, lists and look-alikes. */
  watching: Watching;
  /** Parsed addresses' summaries outside any community, without the chain node, one round trip (watch-list counterparties). */
  screenOffline(addresses: readonly ParsedAddress[]): Promise<RiskSummary[]>;
}
