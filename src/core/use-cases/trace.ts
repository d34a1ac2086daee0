/**
 * `trace`: where an address's funds came from and went, one or two hops out, and which of those
 * counterparties are sanctioned, scam-listed or reported (exposure/model.ts).
 *
 * A trace reads the screened address's history (`ChainHistory`), then, for 2 hops, the history of
 * each direct counterparty, newest first, until TRACE_BUDGET_MS runs out. It never reads past a
 * flagged counterparty (the path ends there), an allowlisted one (an exchange's other customers say
 * nothing about this address), a busy one (more than TRACE_BUSY_TX transactions) or, on a source
 * that gives no transaction count (TronGrid), one with more than TRACE_MAX_TX. What it read is
 * a `TraceGraph`, cached by chain head; the hits are worked out from the graph on every answer
 * against the lists and reports as they are now, so a cached trace never misses a new listing.
 * Partial answers (budget, a failing node, history past TRACE_MAX_TX) are `complete: false`.
 */
import { parseAddressOn } from '../address/index.js';
import type {
  Asset,
  CounterpartyFlags,
  NeighbourRead,
  TraceEdge,
  TraceGraph,
  Transfer,
} from '../exposure/history.js';
import type {
  Exposure,
  ExposureDirection,
  ExposureHit,
  ExposureStep,
  TraceError,
  TraceHops,
  TraceIncompleteReason,
  TraceOptions,
  TraceStop,
} from '../exposure/model.js';
import { parseUserAddress } from '../input.js';
import type { ListHit } from '../lists.js';
import type { ChainHistory, ExposureStore } from '../ports.js';
import { levelAtLeast } from '../risk/index.js';
import {
  type Chain,
  err,
  ok,
  type ParsedAddress,
  REPORT_CATEGORY_LABELS,
  type ReportCategory,
  type Result,
  type RiskLevel,
} from '../types.js';

export type Trace = (address: string, options?: TraceOptions) => Promise<Result<Exposure, TraceError>>;

export interface TraceLimits {
  /** TRACE_BUDGET_MS: a whole trace. */
  budgetMs: number;
  /** TRACE_MAX_TX: transactions read per address, the most recent. */
  maxTx: number;
  /** TRACE_BUSY_TX: past this many transactions an address is a service, not one person's wallet. */
  busyTx: number;
  /** TRACE_DUST: per asset symbol, the amount (whole units, decimal string) under which a transfer is dust. */
  dust: Readonly<Record<string, string>>;
  /** Direct counterparties read at once in a 2-hop trace. */
  concurrency: number;
}

export const DEFAULT_TRACE_LIMITS: TraceLimits = {
  budgetMs: 15_000,
  maxTx: 1000,
  busyTx: 10_000,
  dust: {
    ETH: '0.001',
    BNB: '0.001',
    POL: '1',
    BTC: '0.00001',
    TRX: '1',
    USDT: '1',
    USDC: '1',
    DAI: '1',
  },
  concurrency: 8,
};

/** Transaction hashes kept per edge: enough to show and to check, not a ledger. */
const MAX_EDGE_TRANSACTIONS = 10;

export interface TraceDeps {
  history: ChainHistory;
  store: ExposureStore;
  now: () => Date;
  limits: TraceLimits;
}

export interface Tracing {
  trace: Trace;
  /**
   * The direct part (1 hop) for a risk summary, within `timeoutMs`, from the cache when it can:
   * null when the chain has no history source or its history could not be read in time.
   */
  directExposure(address: ParsedAddress, timeoutMs: number): Promise<Exposure | null>;
}

export function createTracing(deps: TraceDeps): Tracing {
  const { limits } = deps;

  async function run(
    address: ParsedAddress,
    hops: TraceHops,
    budgetMs: number,
    onProgress: TraceOptions['onProgress'],
  ): Promise<Exposure | null> {
    const source = deps.history.sourceFor(address.chain);
    if (source === null) return null;
    const deadline = AbortSignal.timeout(budgetMs);
    const head = await deps.history.head(address.chain, deadline).catch(() => null);
    if (head !== null) {
      const cached = await deps.store.cachedTrace(address.key, address.chain, hops, head).catch(() => null);
      if (cached) {
        const flags = await deps.store.flagsFor(graphKeys(cached, address.key));
        // A counterparty left unread because it was flagged or allowlisted, and is neither now: read again.
        if (!staleSkips(cached, flags)) return evaluate(address, cached, flags, true);
      }
    }
    const graph = await walk(address, hops, head, deadline, onProgress);
    const flags = await deps.store.flagsFor(graphKeys(graph, address.key));
    // Partial reads are not kept: the next trace may get further. A history limit is no accident.
    if (head !== null && graph.incomplete.every((reason) => reason === 'history-limit')) {
      await deps.store.rememberTrace(address.key, address.chain, graph).catch(() => {});
    }
    return evaluate(address, graph, flags, false);
  }

  async function walk(
    address: ParsedAddress,
    hops: TraceHops,
    head: string | null,
    deadline: AbortSignal,
    onProgress: TraceOptions['onProgress'],
  ): Promise<TraceGraph> {
    const incomplete = new Set<TraceIncompleteReason>();
    let transactionsRead = 0;
    let addressesRead = 0;
    let queued = 1;
    const progress = (hop: TraceHops) =>
      onProgress?.({ hop, addressesRead, addressesQueued: queued, transactionsRead });
    const failed = () => incomplete.add(deadline.aborted ? 'budget' : 'node-unavailable');

    let edges: TraceEdge[] = [];
    try {
      const history = await deps.history.history(address, { maxTx: limits.maxTx, signal: deadline });
      if (history.truncated) incomplete.add('history-limit');
      transactionsRead += countTransactions(history.transfers);
      edges = aggregate(address.key, history.transfers);
    } catch {
      failed();
    }
    addressesRead += 1;
    progress(1);

    const neighbours: Record<string, NeighbourRead> = {};
    if (hops === 2 && edges.length > 0) {
      // Newest counterparties first: when the budget runs out, what is left unread is the oldest.
      const latest = new Map<string, number>();
      for (const edge of edges) {
        latest.set(edge.counterparty, Math.max(latest.get(edge.counterparty) ?? -1, edge.latestBlock));
      }
      const order = [...latest.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
      const flags = await deps.store.flagsFor(order);
      const toRead: string[] = [];
      for (const key of order) {
        const flag = flags.get(key);
        if (flag && isFlagged(flag)) neighbours[key] = { state: 'skipped', because: 'flagged' };
        else if (flag?.listHits.some((hit) => hit.kind === 'allow'))
          neighbours[key] = { state: 'skipped', because: 'allowlisted' };
        else toRead.push(key);
      }
      queued += toRead.length;
      progress(2);
      let next = 0;
      const worker = async () => {
        while (next < toRead.length) {
          const key = toRead[next++]!;
          if (deadline.aborted) {
            neighbours[key] = { state: 'budget' };
            incomplete.add('budget');
            continue;
          }
          try {
            const history = await deps.history.history(
              { chain: address.chain, key },
              { maxTx: limits.maxTx, signal: deadline },
            );
            transactionsRead += countTransactions(history.transfers);
            if (history.txCount !== null && history.txCount > limits.busyTx) {
              neighbours[key] = { state: 'busy', txCount: history.txCount };
            } else if (history.txCount === null && history.truncated) {
              // More than TRACE_MAX_TX, and no count to tell a service from a wallet: past
              // TRACE_BUSY_TX it is busy; otherwise it cannot be told, and is not followed.
              if (limits.maxTx >= limits.busyTx) {
                neighbours[key] = { state: 'busy', txCount: limits.maxTx + 1 };
              } else {
                neighbours[key] = { state: 'history-limit' };
                incomplete.add('history-limit');
              }
            } else {
              if (history.truncated) incomplete.add('history-limit');
              neighbours[key] = { state: 'read', edges: aggregate(key, history.transfers) };
            }
          } catch {
            if (deadline.aborted) {
              neighbours[key] = { state: 'budget' };
              incomplete.add('budget');
            } else {
              neighbours[key] = { state: 'failed' };
              incomplete.add('node-unavailable');
            }
          }
          addressesRead += 1;
          progress(2);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, limits.concurrency) }, worker));
    }
    return {
      // Asked after the reads: an EVM node says which method served them only once it has.
      source: deps.history.sourceFor(address.chain) ?? address.chain,
      head,
      asOf: deps.now().toISOString(),
      hops,
      edges,
      neighbours,
      incomplete: [...incomplete],
      transactionsRead,
    };
  }

  function evaluate(
    address: ParsedAddress,
    graph: TraceGraph,
    flags: Map<string, CounterpartyFlags>,
    cached: boolean,
  ): Exposure {
    const display = displayer(address.chain);
    const root = address.key;
    const hits: ExposureHit[] = [];
    const stoppedAt: TraceStop[] = [];
    const direct = new Set<string>();

    for (const edge of graph.edges) {
      const flag = flags.get(edge.counterparty);
      if (!flag || !isFlagged(flag)) continue;
      direct.add(`${edge.counterparty} ${edge.direction}`);
      const step = stepOf(root, edge, display);
      for (const kind of describeFlags(flag)) {
        hits.push({
          address: display(edge.counterparty),
          ...kind,
          hop: 1,
          direction: edge.direction,
          path: [display(root), display(edge.counterparty)],
          transactions: edge.transactions,
          amount: step.amount,
          asset: step.asset,
          steps: [step],
          dust: isDust(edge, limits.dust),
        });
      }
    }

    if (graph.hops === 2) {
      const stopped = new Set<string>();
      for (const [key, read] of Object.entries(graph.neighbours)) {
        const flag = flags.get(key);
        const allow = flag?.listHits.find((hit) => hit.kind === 'allow');
        if (allow) {
          stoppedAt.push({
            address: display(key),
            reason: 'allowlisted',
            label: allow.label ?? allow.source,
          });
          stopped.add(key);
          continue;
        }
        if (flag && isFlagged(flag)) continue;
        if (read.state === 'busy' || read.state === 'budget' || read.state === 'history-limit') {
          stoppedAt.push({ address: display(key), reason: read.state, label: null });
          stopped.add(key);
        }
      }
      for (const first of graph.edges) {
        const via = first.counterparty;
        const read = graph.neighbours[via];
        if (stopped.has(via) || read?.state !== 'read') continue;
        const viaFlag = flags.get(via);
        if (viaFlag && isFlagged(viaFlag)) continue;
        for (const second of read.edges) {
          // Funds that came in through `via` came to `via` first; funds sent out went on from it.
          if (second.direction !== first.direction || second.counterparty === root) continue;
          const flag = flags.get(second.counterparty);
          if (!flag || !isFlagged(flag)) continue;
          if (direct.has(`${second.counterparty} ${second.direction}`)) continue;
          // One hit per flagged address, intermediary and direction: the first edge in the same asset when there is one.
          if (first !== preferredEdge(graph.edges, via, first.direction, second.asset)) continue;
          const steps = [stepOf(root, first, display), stepOf(via, second, display)];
          for (const kind of describeFlags(flag)) {
            hits.push({
              address: display(second.counterparty),
              ...kind,
              hop: 2,
              direction: first.direction,
              path: [display(root), display(via), display(second.counterparty)],
              transactions: [...first.transactions, ...second.transactions],
              amount: steps[1]!.amount,
              asset: steps[1]!.asset,
              steps,
              dust: isDust(first, limits.dust) || isDust(second, limits.dust),
            });
          }
        }
      }
    }

    hits.sort((a, b) => a.hop - b.hop || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    return {
      address: address.display,
      chain: address.chain,
      hops: graph.hops,
      complete: graph.incomplete.length === 0,
      incomplete: [...graph.incomplete].sort(),
      asOf: graph.asOf,
      source: graph.source,
      transactionsRead: graph.transactionsRead,
      hits,
      stoppedAt,
      level: exposureLevel(hits),
      cached,
    };
  }

  async function trace(input: string, options: TraceOptions = {}): Promise<Result<Exposure, TraceError>> {
    const parsed = parseUserAddress(input);
    if (!parsed.ok) return parsed;
    const address = parsed.value;
    const exposure = await run(address, options.hops ?? 2, limits.budgetMs, options.onProgress);
    if (exposure === null) return err(noSource(address.chain));
    return ok(exposure);
  }

  async function directExposure(address: ParsedAddress, timeoutMs: number): Promise<Exposure | null> {
    if (deps.history.sourceFor(address.chain) === null) return null;
    const exposure = await run(address, 1, Math.min(timeoutMs, limits.budgetMs), undefined);
    // Nothing read in time is no answer, not "no exposure".
    if (exposure === null || (exposure.transactionsRead === 0 && !exposure.complete)) return null;
    return exposure;
  }

  return { trace, directExposure };
}

const KIND_ORDER = { sanctions: 0, scam: 1, reports: 2 } as const;

function noSource(chain: Chain): TraceError {
  const needs: Partial<Record<Chain, string>> = {
    evm: 'an EVM node (EVM_RPC_URL; tracing needs trace_filter or the Otterscan ots_* methods, as Erigon, Reth and anvil serve)',
    bitcoin: 'an Esplora server (ESPLORA_URL)',
    tron: 'TronGrid (TRONGRID_URL)',
  };
  const what = needs[chain];
  return {
    code: 'no-history-source',
    chain,
    reason: what
      ? `Tracing ${chain} addresses needs ${what}, and none is configured.`
      : `Tracing is not available for ${chain} addresses yet.`,
    hint: what
      ? 'Ask the operator to configure it; the ordinary check still answers from lists and reports.'
      : 'Tracing covers EVM, Bitcoin and Tron addresses; the ordinary check still answers from lists and reports.',
  };
}

function countTransactions(transfers: readonly Transfer[]): number {
  return new Set(transfers.map((t) => t.hash)).size;
}

/** The read address's transfers folded into one edge per counterparty, direction and asset. */
function aggregate(self: string, transfers: readonly Transfer[]): TraceEdge[] {
  const edges = new Map<string, TraceEdge>();
  for (const transfer of transfers) {
    const directions: Array<[ExposureDirection, string]> = [];
    if (transfer.to === self && transfer.from !== self) directions.push(['incoming', transfer.from]);
    if (transfer.from === self && transfer.to !== self) directions.push(['outgoing', transfer.to]);
    for (const [direction, counterparty] of directions) {
      if (!counterparty) continue;
      const id = `${counterparty} ${direction} ${transfer.asset.contract ?? ''} ${transfer.asset.symbol}`;
      const value = BigInt(transfer.value);
      const edge = edges.get(id);
      if (!edge) {
        edges.set(id, {
          counterparty,
          direction,
          asset: transfer.asset,
          total: value.toString(),
          largest: value.toString(),
          transactions: [transfer.hash],
          count: 1,
          latestBlock: transfer.block,
        });
        continue;
      }
      edge.total = (BigInt(edge.total) + value).toString();
      if (value > BigInt(edge.largest)) edge.largest = value.toString();
      edge.count += 1;
      edge.latestBlock = Math.max(edge.latestBlock, transfer.block);
      if (edge.transactions.length < MAX_EDGE_TRANSACTIONS && !edge.transactions.includes(transfer.hash)) {
        edge.transactions.push(transfer.hash);
      }
    }
  }
  return [...edges.values()];
}

/** Of the edges between the screened address and `via` in this direction, the one a 2-hop hit shows first. */
function preferredEdge(
  edges: readonly TraceEdge[],
  via: string,
  direction: ExposureDirection,
  asset: Asset,
): TraceEdge | undefined {
  const candidates = edges.filter((e) => e.counterparty === via && e.direction === direction);
  return candidates.find((e) => sameAsset(e.asset, asset)) ?? candidates[0];
}

const sameAsset = (a: Asset, b: Asset) => a.contract === b.contract && a.symbol === b.symbol;

function stepOf(self: string, edge: TraceEdge, display: (key: string) => string): ExposureStep {
  const [from, to] = edge.direction === 'incoming' ? [edge.counterparty, self] : [self, edge.counterparty];
  return {
    from: display(from),
    to: display(to),
    amount: formatUnits(BigInt(edge.total), edge.asset.decimals),
    asset: edge.asset.symbol,
    transactions: edge.transactions,
  };
}

function isFlagged(flag: CounterpartyFlags): boolean {
  return flag.reports > 0 || flag.listHits.some((hit) => hit.kind === 'sanctions' || hit.kind === 'scam');
}

type HitKind = Pick<ExposureHit, 'kind' | 'source' | 'label' | 'entity'>;

function describeFlags(flag: CounterpartyFlags): HitKind[] {
  const kinds: HitKind[] = [];
  for (const hit of flag.listHits) {
    if (hit.kind === 'sanctions') {
      const entity = [hit.entity, hit.program ? `(${hit.program})` : null].filter(Boolean).join(' ');
      kinds.push({ kind: 'sanctions', source: listSource(hit), label: hit.label, entity: entity || null });
    } else if (hit.kind === 'scam') {
      const label = [hit.category ? REPORT_CATEGORY_LABELS[hit.category] : null, hit.label].filter(Boolean);
      kinds.push({ kind: 'scam', source: listSource(hit), label: label.join(': ') || null, entity: null });
    }
  }
  if (flag.reports > 0) {
    const categories = (Object.entries(flag.categories) as Array<[ReportCategory, number]>)
      .filter(([, n]) => n > 0)
      .map(([category]) => REPORT_CATEGORY_LABELS[category]);
    const count = `${flag.reports} community report${flag.reports === 1 ? '' : 's'}`;
    kinds.push({
      kind: 'reports',
      source: 'community',
      label: categories.length > 0 ? `${count}: ${categories.join(', ')}` : count,
      entity: null,
    });
  }
  return kinds;
}

/** `ofac-sdn (2024-09-27)`. */
function listSource(hit: ListHit): string {
  return hit.listDate ? `${hit.source} (${hit.listDate})` : hit.source;
}

/**
 * Funds received directly from a sanctioned address: at least high; from a scam-listed one medium;
 * from a reported one low; anything indirect at most low. Dust never raises it, and neither do
 * funds sent (a scam's victims pay scam addresses).
 */
export function exposureLevel(hits: readonly ExposureHit[]): RiskLevel {
  let level: RiskLevel = 'none';
  const raise = (to: RiskLevel) => {
    if (!levelAtLeast(level, to)) level = to;
  };
  for (const hit of hits) {
    if (hit.dust || hit.direction !== 'incoming') continue;
    if (hit.hop === 2) raise('low');
    else if (hit.kind === 'sanctions') raise('high');
    else if (hit.kind === 'scam') raise('medium');
    else raise('low');
  }
  return level;
}

function isDust(edge: TraceEdge, dust: Readonly<Record<string, string>>): boolean {
  const largest = BigInt(edge.largest);
  // A zero-value transfer (address poisoning) is dust whatever the asset.
  if (largest === 0n) return true;
  const threshold = dust[edge.asset.symbol.toUpperCase()];
  if (threshold === undefined) return false;
  return largest < parseUnits(threshold, edge.asset.decimals);
}

/** Whole-unit decimal string from a smallest-unit integer (`2000000000000000000n`, 18 -> `"2"`). */
export function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? digits.slice(-decimals).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Smallest-unit integer from a whole-unit decimal string (`"0.001"`, 18 -> 10^15); extra digits cut. */
export function parseUnits(amount: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = amount.trim().split('.');
  return BigInt(`${whole || '0'}${fraction.slice(0, decimals).padEnd(decimals, '0')}`);
}

/** Every counterparty key a graph holds, for one flags lookup. */
function graphKeys(graph: TraceGraph, root: string): string[] {
  const keys = new Set<string>();
  for (const edge of graph.edges) keys.add(edge.counterparty);
  for (const read of Object.values(graph.neighbours)) {
    if (read.state === 'read') for (const edge of read.edges) keys.add(edge.counterparty);
  }
  keys.delete(root);
  return [...keys];
}

/** A counterparty skipped as flagged or allowlisted that is neither any more: the graph lacks its read. */
function staleSkips(graph: TraceGraph, flags: Map<string, CounterpartyFlags>): boolean {
  return Object.entries(graph.neighbours).some(([key, read]) => {
    if (read.state !== 'skipped') return false;
    const flag = flags.get(key);
    return !flag || (!isFlagged(flag) && !flag.listHits.some((hit) => hit.kind === 'allow'));
  });
}

/** Keys as a person would copy them (EIP-55 for EVM), memoised per trace. */
function displayer(chain: Chain): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let shown = seen.get(key);
    if (shown === undefined) {
      const parsed = parseAddressOn(key, chain);
      shown = parsed.ok ? parsed.value.display : key;
      seen.set(key, shown);
    }
    return shown;
  };
}
