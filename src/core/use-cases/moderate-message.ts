/**
 * "Moderate this message": what auto-moderation does with an ordinary chat message, on every platform.
 * Reads the community's settings (`/settings`), screens the message, and decides: nothing, a warning,
 * or (in `delete` mode) deleting it, which the adapter performs when asked. Records the action in the
 * moderation log and says whether the warning may be posted: warnings are throttled per place, so a
 * flood of scam posts cannot make the bot flood the chat in turn. Screening and logging go on past the
 * throttle; only the warning is skipped. The adapter then posts the warning and renders.
 */
import { scanText, type TextScan } from '../address/index.js';
import { type CommunitySettings, DEFAULT_COMMUNITY_SETTINGS } from '../community.js';
import type { ListKind } from '../lists.js';
import type { ListStore } from '../ports.js';
import { levelAtLeast } from '../risk/index.js';
import type { Chainwarden } from '../service.js';
import { StorageUnavailableError } from '../storage.js';
import type { ParsedAddress, RiskSummary } from '../types.js';
import type { DeleteResult } from './platform-actions.js';
import { MAX_ADDRESSES_PER_TEXT, type Screening } from './screening.js';

export interface WarningLimit {
  /** Warnings one place (a Telegram chat, a Discord channel) may receive per window. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_WARNING_LIMIT: WarningLimit = { limit: 3, windowMs: 60_000 };

export interface ModerateMessageInput {
  /** `telegram:<chat id>` / `discord:<guild id>`: whose settings apply. */
  community: string;
  /** Where a warning would be posted, when narrower than the community (a Discord channel id). */
  channel?: string | null;
  text: string;
  /**
   * The text before an edit, when the platform tells: an edit that brings in nothing new to screen
   * (a typo fixed around an address already screened) is left alone.
   */
  previousText?: string | null;
  /**
   * Who posted, as the log names them: `platform:user id`, or the channel a post was sent as
   * (Telegram `sender_chat`). Only the bot's own posts are not passed in at all.
   */
  author: string | null;
  /** What the moderation log names as the message, e.g. `message:42`. */
  target: string;
  /** Platform facts for the moderation log (channel, whether it was an edit). */
  details?: Record<string, unknown>;
  /** Deletes the message; called only in `delete` mode, after the decision. */
  deleteMessage(): Promise<DeleteResult>;
}

export type ModerationOutcome =
  | {
      action: 'none';
      reason: 'nothing-to-screen' | 'nothing-new' | 'scanning-off' | 'below-trigger';
    }
  | {
      /** `deleted` only when the platform did delete; a refused delete is a warning. */
      action: 'warned' | 'deleted';
      /** The summaries at or above the community's trigger level, worst first. */
      risky: RiskSummary[];
      /** Delete mode, but the platform refused: its reason. */
      deleteRefused: string | null;
      /** Whether to post the warning: false once this place had its warnings for the window. */
      warn: boolean;
    };

export type ModerateMessage = (input: ModerateMessageInput) => Promise<ModerationOutcome>;

export interface MessageModeratorOptions {
  now: () => Date;
  warnings?: WarningLimit;
}

export function createMessageModerator(
  service: Pick<Chainwarden, 'settings' | 'moderationLog'> &
    Pick<Screening, 'screenScan'> & { lists: Pick<ListStore, 'listedKeys'> },
  options: MessageModeratorOptions,
): ModerateMessage {
  const throttle = createWarningThrottle(options.warnings ?? DEFAULT_WARNING_LIMIT, options.now);
  const lastSettings = new Map<string, CommunitySettings>();

  /**
   * The community's settings; while the database is away, the last ones read here (or the defaults),
   * so a sanctioned address posted during an outage is still caught from the lists in memory.
   */
  async function settingsOf(community: string): Promise<CommunitySettings> {
    try {
      const settings = await service.settings.get(community);
      lastSettings.delete(community);
      lastSettings.set(community, settings);
      if (lastSettings.size > MAX_PLACES) {
        const oldest = lastSettings.keys().next().value;
        if (oldest !== undefined) lastSettings.delete(oldest);
      }
      return settings;
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      return lastSettings.get(community) ?? DEFAULT_COMMUNITY_SETTINGS;
    }
  }

  /**
   * A screen looks at most MAX_ADDRESSES_PER_TEXT addresses (reports and the chain node cost a round
   * trip each), so a post with 20 decoys before a sanctioned address would hide it. Every address
   * (and every spelling of it) and every long word is first checked against the sanctions and scam
   * lists, one lookup held in memory, and the listed ones are screened first. A database outage
   * there (lists too large for memory) leaves the order as it was.
   */
  async function listedFirst(scan: TextScan): Promise<TextScan> {
    if (scan.addresses.length + scan.unparsed.length <= MAX_ADDRESSES_PER_TEXT) return scan;
    const keysOf = (address: ParsedAddress) => [address.key, ...(address.otherForms ?? []).map((f) => f.key)];
    let listed: Set<string>;
    try {
      const candidates = [...new Set([...scan.addresses.flatMap(keysOf), ...scan.unparsed])];
      listed = new Set(await service.lists.listedKeys(candidates, DELETABLE_LISTS));
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      return scan;
    }
    const first = scan.addresses.filter((address) => keysOf(address).some((key) => listed.has(key)));
    const words = scan.unparsed.filter((word) => listed.has(word));
    const firstKeys = new Set(first.map((address) => address.key));
    const rest = scan.addresses.filter((address) => !firstKeys.has(address.key));
    const room = Math.max(0, MAX_ADDRESSES_PER_TEXT - first.length - words.length);
    return { ...scan, addresses: [...first, ...rest.slice(0, room)], unparsed: words };
  }

  return async function moderateMessage(input) {
    // Cheap and pure: most messages hold nothing to screen and must not cost a database round trip.
    const scan = scanText(input.text);
    const screenable = screenableIn(scan);
    if (screenable.length === 0) return { action: 'none', reason: 'nothing-to-screen' };
    if (input.previousText !== undefined && input.previousText !== null) {
      const held = new Set(screenableIn(scanText(input.previousText)));
      if (screenable.every((found) => held.has(found))) return { action: 'none', reason: 'nothing-new' };
    }
    const settings = await settingsOf(input.community);
    if (settings.scanMode === 'off') return { action: 'none', reason: 'scanning-off' };
    const scanned = await listedFirst(scan);
    const risky = (await service.screenScan(scanned, { community: input.community })).summaries
      .filter((s) => levelAtLeast(s.level, settings.minLevel))
      .sort((a, b) => b.score - a.score);
    if (risky.length === 0) return { action: 'none', reason: 'below-trigger' };

    const deletion = settings.scanMode === 'delete' ? await input.deleteMessage() : null;
    const deleted = deletion?.deleted === true;
    const deleteRefused = deletion && !deletion.deleted ? deletion.refusal : null;
    const warn = throttle.allow(input.channel ? `${input.community}#${input.channel}` : input.community);
    // The warning or delete has happened; a log line lost to a database outage must not undo it.
    try {
      await service.moderationLog.record({
        community: input.community,
        actor: 'system',
        action: deleted ? 'auto-delete' : 'auto-warn',
        target: input.target,
        details: {
          ...input.details,
          author: input.author,
          addresses: risky.map((s) => ({ address: s.address, level: s.level, score: s.score })),
          noticePosted: warn,
          ...(deleteRefused ? { deleteFailed: deleteRefused } : {}),
        },
      });
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
    }
    return { action: deleted ? 'deleted' : 'warned', risky, deleteRefused, warn };
  };
}

/** The lists a listing on which makes an address risky whatever its reports (allowlists do not). */
const DELETABLE_LISTS: readonly ListKind[] = ['sanctions', 'scam'];

/** Most places remembered at once; past it the least recently warned place is forgotten. */
const MAX_PLACES = 10_000;

/**
 * A sliding window per place, on the injected clock. In process, so each replica counts on its own:
 * with N replicas a place may get up to N × limit warnings per window. Memory is bounded by
 * `MAX_PLACES` places of at most `limit` timestamps each. A plain Map (insertion order doubles as
 * recency) rather than a cache package, to keep the core free of dependencies.
 */
function createWarningThrottle({ limit, windowMs }: WarningLimit, now: () => Date) {
  const sent = new Map<string, number[]>();
  return {
    /** Counts a warning for `place` and says whether it may be posted. */
    allow(place: string): boolean {
      const at = now().getTime();
      const recent = (sent.get(place) ?? []).filter((t) => at - t < windowMs);
      // Re-inserted below, so the Map's first key is always the least recently warned place.
      sent.delete(place);
      const allowed = recent.length < limit;
      if (allowed) recent.push(at);
      if (recent.length > 0) sent.set(place, recent);
      if (sent.size > MAX_PLACES) {
        const oldest = sent.keys().next().value;
        if (oldest !== undefined) sent.delete(oldest);
      }
      return allowed;
    },
  };
}

/** What a screen would look at in a scanned text (address keys, then long words a list may hold verbatim). */
function screenableIn(scan: TextScan): string[] {
  return [...scan.addresses.map((a) => a.key), ...scan.unparsed];
}
