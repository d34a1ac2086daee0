/**
 * The watch poller's one step (`pollOnce`), run by one replica at a time: for each chain with a
 * block source, read the blocks after the stored cursor up to the tip minus the confirmations,
 * match their transfers against the watched addresses, screen each counterparty, and record the
 * alerts (once per watch and transfer: a unique key, so a block read again alerts nothing twice);
 * then move the cursor. The cursor is in Postgres, so blocks mined while the service was down are
 * read after a restart. Reorgs: only blocks under `confirmations` are read, and a cursor whose
 * block is no longer on the node's chain is moved back and read again. Listings are checked on
 * every step too.
 */
import { parseAddress } from '../address/index.js';
import type { BlockSource, ChainCursorStore, WatchAlertStore, WatchStore } from '../ports.js';
import type { ParsedAddress, RiskSummary } from '../types.js';
import type { Counterparty, ObservedTransfer, TransferEvent, Watch } from '../watch.js';
import type { Watching } from './watch.js';

export interface WatchPollDeps {
  sources: readonly BlockSource[];
  cursors: ChainCursorStore;
  watches: WatchStore;
  alerts: WatchAlertStore;
  watching: Pick<Watching, 'checkListings'>;
  /** The core's screen of counterparties, without the chain node: one round trip for a block's. */
  screen: (addresses: readonly ParsedAddress[]) => Promise<RiskSummary[]>;
  /** Blocks a transfer must be under before it is read (WATCH_CONFIRMATIONS). */
  confirmations: number;
  /** Most blocks read per chain in one step; a long outage is caught up over several steps. */
  maxBlocksPerStep?: number;
  /** Blocks read per node request (one `eth_getLogs` range). */
  blocksPerRead?: number;
}

export interface PollReport {
  source: string;
  /** First and last block read; null when there was nothing new. */
  from: number | null;
  to: number | null;
  transfers: number;
  alerts: number;
  /** Set when the source failed; the cursor stays, the next step tries again. */
  error?: unknown;
  /** The first step on this chain: reading starts after this block (history before it is not news). */
  started?: number;
  /** The cursor was moved back: its block left the node's chain (a reorg deeper than the confirmations). */
  rewound?: boolean;
}

export interface WatchPoller {
  pollOnce(): Promise<{ chains: PollReport[]; listed: number }>;
}

export const DEFAULT_MAX_BLOCKS_PER_STEP = 500;
export const DEFAULT_BLOCKS_PER_READ = 50;
/** How far back a cursor whose block was reorganised away is moved before reading again. */
const REWIND_BLOCKS = 12;

export function createWatchPoller(deps: WatchPollDeps): WatchPoller {
  const maxBlocks = deps.maxBlocksPerStep ?? DEFAULT_MAX_BLOCKS_PER_STEP;
  const perRead = deps.blocksPerRead ?? DEFAULT_BLOCKS_PER_READ;

  async function pollSource(source: BlockSource): Promise<PollReport> {
    const report: PollReport = { source: source.id, from: null, to: null, transfers: 0, alerts: 0 };
    const tip = await source.tip();
    const safe = tip - deps.confirmations;
    if (safe < 0) return report;
    let cursor = await deps.cursors.get(source.id);
    if (!cursor) {
      // A first start watches from now on: history before it is not news.
      const hash = await source.blockHash(safe);
      if (hash) await deps.cursors.set(source.id, safe, hash);
      report.started = safe;
      return report;
    }
    // The block the cursor names must still be on the node's chain, else read again from before it.
    const current = cursor.height <= tip ? await source.blockHash(cursor.height) : null;
    if (current !== cursor.hash) {
      // Not past the safe tip: a node that was reset (a fresh dev chain) is read from where it is.
      const back = Math.max(0, Math.min(cursor.height - REWIND_BLOCKS, safe));
      const hash = await source.blockHash(back);
      if (!hash) return report;
      cursor = { height: back, hash };
      await deps.cursors.set(source.id, back, hash);
      report.rewound = true;
    }
    const last = Math.min(safe, cursor.height + maxBlocks);
    const watched = new Set(await deps.watches.watchedKeys(source.chain));
    for (let from = cursor.height + 1; from <= last; from += perRead) {
      const to = Math.min(last, from + perRead - 1);
      const read = await source.transfers(from, to, watched);
      const alerts = read.transfers.length > 0 ? await recordTransfers(read.transfers) : 0;
      report.from ??= from;
      report.to = to;
      report.transfers += read.transfers.length;
      report.alerts += alerts;
      // After the alerts: a crash in between reads these blocks again, and the keys keep it to once.
      await deps.cursors.set(source.id, to, read.toHash);
    }
    return report;
  }

  async function recordTransfers(transfers: readonly ObservedTransfer[]): Promise<number> {
    const keys = new Set<string>();
    for (const t of transfers) keys.add(t.fromKey).add(t.toKey);
    const watches = await deps.watches.watchesOn([...keys]);
    if (watches.length === 0) return 0;
    const byKey = new Map<string, Watch[]>();
    for (const w of watches) byKey.set(w.addressKey, [...(byKey.get(w.addressKey) ?? []), w]);

    // Each counterparty is screened once, all together, before the alerts are built.
    const needed = new Set<string>();
    for (const t of transfers) {
      if (byKey.has(t.fromKey)) needed.add(t.to);
      if (byKey.has(t.toKey)) needed.add(t.from);
    }
    const screened = await describeCounterparties([...needed], deps.screen);

    const alerts: Array<{ watchId: string; key: string; event: TransferEvent }> = [];
    for (const t of transfers) {
      for (const direction of ['outgoing-transfer', 'incoming-transfer'] as const) {
        const mine = byKey.get(direction === 'outgoing-transfer' ? t.fromKey : t.toKey) ?? [];
        const other = screened.get(direction === 'outgoing-transfer' ? t.to : t.from);
        if (mine.length === 0 || !other) continue;
        for (const watch of mine) {
          // Incoming: only from a sanctioned, listed or reported sender, unless the watch asked for all.
          if (direction === 'incoming-transfer' && !other.flagged && !watch.allIncoming) continue;
          alerts.push({
            watchId: watch.id,
            key: `${direction}:${t.source}:${t.txHash}:${t.part}`,
            event: {
              kind: direction,
              source: t.source,
              txHash: t.txHash,
              blockNumber: t.blockNumber,
              amount: t.amount,
              asset: t.asset,
              token: t.token,
              counterparty: other,
            },
          });
        }
      }
    }
    return alerts.length > 0 ? deps.alerts.record(alerts) : 0;
  }

  return {
    async pollOnce() {
      const chains: PollReport[] = [];
      for (const source of deps.sources) {
        try {
          chains.push(await pollSource(source));
        } catch (error) {
          // One chain's node failing does not hold up the others; its cursor waits for the next step.
          chains.push({ source: source.id, from: null, to: null, transfers: 0, alerts: 0, error });
        }
      }
      const listed = await deps.watching.checkListings();
      return { chains, listed };
    },
  };
}

/** The counterparties as the risk screen sees them; an address the core cannot parse is shown as is. */
async function describeCounterparties(
  addresses: readonly string[],
  screen: WatchPollDeps['screen'],
): Promise<Map<string, Counterparty>> {
  const parsed = new Map<string, ParsedAddress>();
  for (const address of addresses) {
    const result = parseAddress(address);
    if (result.ok) parsed.set(address, result.value);
  }
  const summaries = await screen([...parsed.values()]);
  const byAddress = new Map([...parsed.keys()].map((address, i) => [address, summaries[i]] as const));
  return new Map(addresses.map((address) => [address, counterparty(address, byAddress.get(address))]));
}

function counterparty(address: string, summary: RiskSummary | undefined): Counterparty {
  if (!summary) return { address, level: 'none', sanctioned: false, flagged: false, why: null };
  const telling = summary.reasons.find((r) =>
    ['sanctions', 'scam-list', 'verified-report', 'community-reports'].includes(r.code),
  );
  return {
    address: summary.address,
    level: summary.level,
    sanctioned: summary.sanctioned,
    flagged:
      summary.sanctioned || summary.reasons.some((r) => r.code === 'scam-list') || summary.reports.total > 0,
    why: telling ? telling.text : null,
  };
}
