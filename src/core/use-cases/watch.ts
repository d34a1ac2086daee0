/**
 * Watch-lists: add, remove and list the watches of one owner (a Telegram chat, a Discord server, an
 * API key, the operator's CLI), and record the alerts that do not come from new blocks: a report
 * against a watched address (`reported`), an imported list that now lists it (`listed`), a
 * look-alike of it screened or posted in the watching community (`lookalike-seen`). Each alert is
 * stored once per watch and event key; use-cases/watch-delivery.ts sends it.
 */
import { randomBytes } from 'node:crypto';
import { chainLabel, parseAddress } from '../address/index.js';
import { cleanFreeText, parseUserAddress, unsafeCharacter, visibleInput } from '../input.js';
import { lookalikeProbe } from '../lookalike.js';
import type { ListStore, ScreeningStore, WatchAlertStore, WatchStore } from '../ports.js';
import type { StoredReport } from '../reports/model.js';
import { CHAINS, type Chain, err, ok, type Result, type RiskSummary } from '../types.js';
import type {
  Watch,
  WatchCreated,
  WatchDelivery,
  WatchDestination,
  WatchError,
  WatchEvent,
  WatchInput,
} from '../watch.js';

export const MAX_WATCH_LABEL_LENGTH = 64;
export const MAX_WEBHOOK_URL_LENGTH = 2048;
/** Deliveries shown per watch (`GET /v1/watches/{id}/deliveries`). */
export const WATCH_DELIVERIES_SHOWN = 50;

export interface WatchingDeps {
  watches: WatchStore;
  alerts: WatchAlertStore;
  lists: ListStore;
  screening: ScreeningStore;
  /** Watches one owner (chat, server, API key) may hold. */
  maxPerOwner: number;
  /** Chains whose new blocks are read (a node is configured); others get report and list alerts only. */
  transferChains: readonly Chain[];
  /**
   * The service's own URLs (its HTTP address, PUBLIC_URL, the Telegram webhook): a webhook pointing
   * there would make the service post alerts to itself. A function: the port is known after listen.
   */
  selfUrls: () => readonly string[];
  /** Alerts of a report or a look-alike were recorded: whoever delivers may send them now. */
  alertsRecorded: () => void;
}

export interface Watching {
  /** Watches one owner may hold (WATCH_MAX_PER_CHAT). */
  readonly maxPerOwner: number;
  addWatch(input: WatchInput): Promise<Result<WatchCreated, WatchError>>;
  /** By address (chats, `/unwatch <address>`) or by id (HTTP, CLI). */
  removeWatch(owner: string, target: string): Promise<Result<Watch, WatchError>>;
  listWatches(owner: string): Promise<Watch[]>;
  /** The last deliveries of one of the owner's watches, newest first. */
  deliveries(owner: string, id: string): Promise<Result<WatchDelivery[], WatchError>>;
  /** A report was saved: alert every watch on its address (once per report). */
  reportSaved(
    report: Pick<StoredReport, 'id' | 'addressKey' | 'category' | 'source' | 'verifiedBy'>,
  ): Promise<number>;
  /** Screens made in a community: alert that community's watches on any address they look like. */
  screenedInCommunity(community: string, summaries: readonly RiskSummary[]): Promise<number>;
  /** Alerts every watch whose address a sanctions or scam list now holds (once per list). */
  checkListings(): Promise<number>;
}

const WATCH_ID = /^w_[0-9a-f]{16}$/;

export function createWatching(deps: WatchingDeps): Watching {
  /** Records alerts that are news now (not a new block's): delivery is told at once. */
  async function recordNow(alerts: Parameters<WatchAlertStore['record']>[0]): Promise<number> {
    const added = await deps.alerts.record(alerts);
    if (added > 0) deps.alertsRecorded();
    return added;
  }

  return {
    maxPerOwner: deps.maxPerOwner,

    async addWatch(input) {
      const address = parseUserAddress(input.address);
      if (!address.ok) return address;
      const label = parseLabel(input.label ?? null);
      if (!label.ok) return label;
      let secret: string | null = null;
      if (input.destination.kind === 'webhook') {
        const url = parseWebhookUrl(input.destination.url, deps.selfUrls());
        if (!url.ok) return url;
        secret = randomBytes(32).toString('hex');
      }
      const parsed = address.value;
      const saved = await deps.watches.addWatch(
        {
          owner: input.owner,
          chain: parsed.chain,
          network: parsed.network,
          addressKey: parsed.key,
          address: parsed.display,
          label: label.value,
          allIncoming: input.allIncoming === true,
          destination: input.destination,
          community: input.community ?? null,
          createdBy: input.createdBy,
        },
        secret,
        deps.maxPerOwner,
      );
      if (!saved.added) {
        if (saved.reason === 'duplicate') {
          return err({
            code: 'duplicate-watch',
            input: parsed.display,
            reason: `is already watched here${saved.existing.label ? ` as “${saved.existing.label}”` : ''}`,
            hint: 'remove it first to change its label or where alerts go',
            existing: saved.existing,
          });
        }
        return err({
          code: 'watch-limit',
          input: parsed.display,
          reason: `cannot be added: ${saved.count} addresses are watched here already, the most allowed`,
          hint: 'remove one you no longer need first (the operator sets the limit with WATCH_MAX_PER_CHAT)',
          limit: deps.maxPerOwner,
        });
      }
      const { watch } = saved;
      // What is already true when the watch begins is not news: listings held now are recorded as seen.
      const hits = await deps.lists.hitsFor(parsed.key);
      const baseline = hits
        .filter((hit) => hit.kind !== 'allow')
        .map((hit) => ({
          watchId: watch.id,
          key: `listed:${hit.source}`,
          event: listedEvent(hit.kind as 'sanctions' | 'scam', hit.source, hit.label ?? hit.entity),
          status: 'skipped' as const,
        }));
      if (baseline.length > 0) await deps.alerts.record(baseline);
      // The watched address becomes a look-alike candidate in its community: a copy posted there is caught.
      if (watch.community) {
        await deps.screening.noteCommunityAddress(watch.community, parsed, lookalikeProbe(parsed));
      }
      return ok({
        watch,
        secret,
        transfersUnavailable: deps.transferChains.includes(parsed.chain)
          ? null
          : `I will alert on reports and lists only: no node is configured for ${chainLabel(parsed)}`,
      });
    },

    async removeWatch(owner, target) {
      const text = typeof target === 'string' ? target.trim() : '';
      if (WATCH_ID.test(text)) {
        const removed = await deps.watches.removeWatch(owner, { id: text });
        return removed ? ok(removed) : err(notFound(text, 'is not the id of a watch here'));
      }
      const address = parseUserAddress(text);
      if (!address.ok) {
        return err({ ...address.error, hint: `${address.error.hint} Or give the watch's id (w_…).` });
      }
      const removed = await deps.watches.removeWatch(owner, { addressKey: address.value.key });
      return removed ? ok(removed) : err(notFound(address.value.display, 'is not watched here'));
    },

    listWatches: (owner) => deps.watches.listWatches(owner),

    async deliveries(owner, id) {
      const text = typeof id === 'string' ? id.trim() : '';
      const watch = WATCH_ID.test(text) ? await deps.watches.getWatch(owner, text) : null;
      if (!watch) return err(notFound(visibleInput(text), 'is not the id of one of your watches'));
      return ok(await deps.alerts.deliveries(watch.id, WATCH_DELIVERIES_SHOWN));
    },

    async reportSaved(report) {
      const watches = await deps.watches.watchesOn([report.addressKey]);
      if (watches.length === 0) return 0;
      return recordNow(
        watches.map((watch) => ({
          watchId: watch.id,
          key: `reported:${report.id}`,
          event: {
            kind: 'reported',
            category: report.category,
            via: report.source,
            verified: report.verifiedBy !== null,
          } satisfies WatchEvent,
        })),
      );
    },

    async screenedInCommunity(community, summaries) {
      // Look-alikes are rare: most screens end here without a query.
      const pairs: Array<{ screened: string; twinKey: string }> = [];
      for (const summary of summaries) {
        for (const twin of summary.lookalikes) {
          const parsed = parseAddress(twin.address);
          if (parsed.ok) pairs.push({ screened: summary.address, twinKey: parsed.value.key });
        }
      }
      if (pairs.length === 0) return 0;
      const watches = (await deps.watches.watchesOn(pairs.map((p) => p.twinKey))).filter(
        (w) => w.community === community,
      );
      const alerts = watches.flatMap((watch) =>
        pairs
          .filter((p) => p.twinKey === watch.addressKey)
          .map((p) => ({
            watchId: watch.id,
            key: `lookalike:${p.screened}`,
            event: { kind: 'lookalike-seen', lookalike: p.screened, community } satisfies WatchEvent,
          })),
      );
      return alerts.length > 0 ? recordNow(alerts) : 0;
    },

    async checkListings() {
      const keys = [
        ...new Set((await Promise.all(WATCHED_CHAINS.map((c) => deps.watches.watchedKeys(c)))).flat()),
      ];
      if (keys.length === 0) return 0;
      const listed = await deps.lists.listedKeys(keys, ['sanctions', 'scam']);
      if (listed.length === 0) return 0;
      const watches = await deps.watches.watchesOn(listed);
      const alerts = [];
      for (const key of listed) {
        const hits = (await deps.lists.hitsFor(key)).filter((h) => h.kind !== 'allow');
        for (const watch of watches.filter((w) => w.addressKey === key)) {
          for (const hit of hits) {
            alerts.push({
              watchId: watch.id,
              key: `listed:${hit.source}`,
              event: listedEvent(hit.kind as 'sanctions' | 'scam', hit.source, hit.label ?? hit.entity),
            });
          }
        }
      }
      return alerts.length > 0 ? deps.alerts.record(alerts) : 0;
    },
  };
}

/** Every chain a watch can be on (those the core parses). */
const WATCHED_CHAINS: readonly Chain[] = CHAINS.filter((chain) => chain !== 'other');

function listedEvent(listKind: 'sanctions' | 'scam', source: string, label: string | null): WatchEvent {
  return { kind: 'listed', listKind, source, label };
}

function notFound(input: string, reason: string): WatchError {
  return {
    code: 'watch-not-found',
    input,
    reason,
    hint: 'list the watches with /watches (chats), GET /v1/watches or chainwarden watch list',
  };
}

function parseLabel(label: string | null): Result<string | null, WatchError> {
  if (label === null) return ok(null);
  const clean = cleanFreeText(String(label)).replace(/\s+/g, ' ').trim();
  if (clean === '') return ok(null);
  if ([...clean].length > MAX_WATCH_LABEL_LENGTH) {
    return err({
      code: 'invalid-label',
      input: visibleInput(clean),
      reason: `is longer than ${MAX_WATCH_LABEL_LENGTH} characters`,
      hint: 'a short name such as “treasury” or “payout wallet”',
    });
  }
  return ok(clean);
}

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|0\.0\.0\.0|\[::\])$/i;

/** http(s), parseable, no credentials in it, and not the service itself. */
export function parseWebhookUrl(input: string, selfUrls: readonly string[]): Result<string, WatchError> {
  const text = typeof input === 'string' ? input.trim() : '';
  const hint =
    'an http(s) URL of a server that receives the alerts, e.g. https://example.org/chainwarden-hook';
  const invalid = (reason: string) =>
    err<WatchError>({ code: 'invalid-webhook', input: visibleInput(text), reason, hint });
  if (text === '') return invalid('is empty');
  if (text.length > MAX_WEBHOOK_URL_LENGTH)
    return invalid(`is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  const unsafe = unsafeCharacter(text);
  if (unsafe) return invalid(`contains ${unsafe}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid(`uses ${url.protocol.replace(/:$/, '')}:, not http or https`);
  }
  if (url.username !== '' || url.password !== '') {
    return invalid('carries a user name or password; alerts are signed instead (X-Chainwarden-Signature)');
  }
  if (selfUrls.some((self) => sameServer(url, self))) {
    return invalid('points at this service itself, which would send alerts to itself');
  }
  return ok(url.href);
}

function sameServer(url: URL, selfUrl: string): boolean {
  let self: URL;
  try {
    self = new URL(selfUrl);
  } catch {
    return false;
  }
  const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  if (port(url) !== port(self)) return false;
  const host = url.hostname.toLowerCase();
  const selfHost = self.hostname.toLowerCase();
  if (host === selfHost) return true;
  // 127.0.0.1, localhost, ::1 and 0.0.0.0 all reach a service listening on the loopback or every address.
  return LOOPBACK.test(host) && LOOPBACK.test(selfHost);
}

/** The destination a watch's alerts go to, as one string (the per-chat rate and the listings). */
export function destinationKey(destination: WatchDestination): string {
  switch (destination.kind) {
    case 'telegram':
      return `telegram:${destination.chatId}`;
    case 'discord':
      return `discord:${destination.channelId}`;
    case 'webhook':
      return destination.url;
  }
}
