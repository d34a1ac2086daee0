/**
 * Screening: the risk summary of one address (`screenAddress`), of a list (`screenAddresses`) or of
 * every address in a piece of text (`screenText`). One storage round trip per address, in parallel
 * with the chain node; in a community, noting the address as a look-alike candidate runs in the
 * background, after the answer. One call is one request: its first `chainLookupsPerRequest`
 * addresses are looked up on the chain, the rest say they were skipped, so one request of 100
 * addresses cannot send hundreds of calls to the node.
 */
import { scanText, type TextScan } from '../address/index.js';
import type { BackgroundWrites } from '../background.js';
import type { Exposure } from '../exposure/model.js';
import { parseUserAddress, unsafeCharacter } from '../input.js';
import type { ListHit } from '../lists.js';
import { type LookalikeOptions, lookalikeProbe, selectLookalikes } from '../lookalike.js';
import type { ChainFacts, ListStore, LookupBudget, ScreeningStore } from '../ports.js';
import { countedVerifications } from '../reports/trust.js';
import { assessRisk } from '../risk/index.js';
import type { ScreenContext } from '../service.js';
import type { ScreeningSignals } from '../signals.js';
import { StorageUnavailableError } from '../storage.js';
import {
  type InvalidAddress,
  type OnchainFacts,
  ok,
  type ParsedAddress,
  type Result,
  type RiskSummary,
} from '../types.js';

/** Most addresses one `screenText` call screens; a message listing more is a spam wall, not a question. */
export const MAX_ADDRESSES_PER_TEXT = 20;

/** Addresses of one request looked up on the chain when the caller does not say (CHAIN_MAX_LOOKUPS_PER_REQUEST). */
export const DEFAULT_CHAIN_LOOKUPS_PER_REQUEST = 5;

export interface ScreeningDeps {
  screening: ScreeningStore;
  lists: ListStore;
  chain: ChainFacts | null;
  now: () => Date;
  lookalike: LookalikeOptions;
  background: BackgroundWrites;
  /** Addresses of one request looked up on the chain; the rest are answered without on-chain facts. */
  chainLookupsPerRequest: number;
  /**
   * Called after screens made in a community whose summaries name look-alikes (watch-lists alert the
   * community's watches on the originals); runs in the background, after the answer.
   */
  onLookalikesInCommunity?: (community: string, summaries: RiskSummary[]) => Promise<unknown>;
  /** The direct exposure (1 hop, bounded by CHAIN_TIMEOUT_MS, cached); null: never looked up. */
  exposure: ((address: ParsedAddress) => Promise<Exposure | null>) | null;
}

export interface Screening {
  screenAddress(input: string, context?: ScreenContext): Promise<Result<RiskSummary, InvalidAddress>>;
  /** One result per input, in order, as one request: a bad entry carries its error, the rest are screened. */
  screenAddresses(
    inputs: readonly string[],
    context?: ScreenContext,
  ): Promise<Array<Result<RiskSummary, InvalidAddress>>>;
  screenText(text: string, context?: ScreenContext): Promise<RiskSummary[]>;
  /** `screenText` on a scan the caller already made (checkInput also explains what the scan rejected). */
  screenScan(scan: TextScan, context?: ScreenContext): Promise<ScannedText>;
  /**
   * Parsed addresses, outside any community and without asking a chain node (watch-list
   * counterparties): one storage round trip for them all, in order.
   */
  screenOffline(addresses: readonly ParsedAddress[]): Promise<RiskSummary[]>;
}

export interface ScannedText {
  /** At most MAX_ADDRESSES_PER_TEXT, in order of appearance. */
  summaries: RiskSummary[];
  /** Addresses found past the cap, not screened: the reply must say so rather than miscount. */
  notScreened: number;
}

/** A string of a chain the core does not parse, found verbatim on an imported list. */
function listedString(key: string): ParsedAddress {
  return { chain: 'other', key, display: key, network: 'mainnet', kind: 'listed' };
}

/** One request's allowances: on-chain facts, and direct exposures (history reads), each its own. */
interface RequestBudgets {
  chain: LookupBudget;
  exposure: LookupBudget;
}

/** A request's allowance of on-chain lookups. */
function lookupBudget(lookups: number): LookupBudget {
  let left = lookups;
  return {
    take() {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
}

export function createScreening(deps: ScreeningDeps): Screening {
  const newBudget = (): RequestBudgets => ({
    chain: lookupBudget(deps.chainLookupsPerRequest),
    exposure: lookupBudget(deps.chainLookupsPerRequest),
  });

  /** The summary of what was read about one address: the risk model's level and reasons. */
  function summarize(
    input: string,
    address: ParsedAddress,
    community: string | null,
    facts: {
      signals: ScreeningSignals;
      onchain: OnchainFacts | null;
      elsewhere: ListHit[];
      exposure: Exposure | null;
    },
  ): RiskSummary {
    const { signals, onchain, elsewhere, exposure } = facts;
    const lookalikes = selectLookalikes(address, signals.lookalikes, deps.lookalike).map((twin) =>
      twin.origin === 'community' && twin.firstSeen && signals.firstSeenHere
        ? { ...twin, newerThanScreened: new Date(twin.firstSeen) > signals.firstSeenHere }
        : twin,
    );
    const risk = assessRisk({
      listHits: [...signals.listHits, ...elsewhere],
      reports: signals.reports,
      lookalikes,
      onchain,
      now: deps.now(),
      community,
      sanctionsList: signals.sanctionsList ?? null,
      reportsUnavailable: signals.reportsUnavailable === true,
      appeal: signals.appeal ?? null,
      exposure,
    });
    return {
      input,
      address: address.display,
      chain: address.chain,
      network: address.network,
      level: risk.level,
      score: risk.score,
      reasons: risk.reasons,
      reports: {
        total: signals.reports.total,
        // Only verifications that count in this screen are called verified (reports/trust.ts).
        verified: countedVerifications(risk.verification),
        categories: signals.reports.categories,
        ...(risk.verification.elsewhere > 0 ? { verifiedElsewhere: risk.verification.elsewhere } : {}),
      },
      sanctioned: [...signals.listHits, ...elsewhere].some((h) => h.kind === 'sanctions'),
      lookalikes: lookalikes.map((l) => ({
        address: l.address,
        label: l.label ?? '',
        source: l.origin === 'community' ? `community ${l.source}` : l.source,
      })),
      onchain,
      exposure,
      ...(address.otherForms?.length
        ? { otherForms: address.otherForms.map(({ address, chain, form }) => ({ address, chain, form })) }
        : {}),
    };
  }

  async function screenParsed(
    input: string,
    address: ParsedAddress,
    context: ScreenContext,
    budget: RequestBudgets,
  ): Promise<RiskSummary> {
    const community = context.community ?? null;
    const probe = lookalikeProbe(address);
    const [signals, onchain, elsewhere, exposure] = await Promise.all([
      deps.screening.signalsFor(address, { lookalike: probe, community }),
      // Called before any await, so a request's lookups go to its addresses in input order.
      deps.chain ? deps.chain.factsFor(address, budget.chain) : Promise.resolve(null),
      listedElsewhere(address),
      directExposure(address, budget),
    ]);
    // The answer does not wait for this write; the next screen in this community sees it.
    if (community) {
      deps.background.start({ task: 'note-community-address', community }, () =>
        deps.screening.noteCommunityAddress(community, address, probe),
      );
    }
    const summary = summarize(input, address, community, { signals, onchain, elsewhere, exposure });
    const onLookalikes = deps.onLookalikesInCommunity;
    if (community && onLookalikes && summary.lookalikes.length > 0) {
      deps.background.start({ task: 'watch-alert', event: 'lookalike-seen', community }, async () => {
        await onLookalikes(community, [summary]);
      });
    }
    return summary;
  }

  /**
   * The direct exposure, when a history source serves the chain and the request has a chain lookup
   * left (its own allowance: a batch of 100 addresses does not trace 100 addresses). A failure of any
   * kind costs the field, never the summary.
   */
  function directExposure(address: ParsedAddress, budget: RequestBudgets): Promise<Exposure | null> {
    if (!deps.exposure || address.chain === 'other' || !budget.exposure.take()) return Promise.resolve(null);
    return deps.exposure(address).catch(() => null);
  }

  /**
   * Sanctions and scam listings of the same string read on another chain (a Bitcoin 1…/3… is also
   * that Bitcoin Cash address, which OFAC may list). Allowlistings are not carried over: vouching
   * for an address on one chain says nothing about its twin on another.
   */
  async function listedElsewhere(address: ParsedAddress): Promise<ListHit[]> {
    const keys = (address.otherForms ?? []).filter((f) => f.key !== address.key).map((f) => f.key);
    if (keys.length === 0) return [];
    // The address's own screen is the answer; a database outage in the twin lookup must not undo it.
    const hits = await Promise.all(
      keys.map((key) =>
        deps.lists.hitsFor(key).catch((error: unknown) => {
          if (error instanceof StorageUnavailableError) return [];
          throw error;
        }),
      ),
    );
    return hits.flat().filter((hit) => hit.kind !== 'allow');
  }

  async function screenScan(scan: TextScan, context: ScreenContext = {}): Promise<ScannedText> {
    // Chains the core does not parse are matched verbatim, as in screenAddress.
    const listed = await deps.lists.listedKeys(
      scan.unparsed.filter((word) => unsafeCharacter(word) === null),
    );
    const found = [...scan.addresses, ...listed.map(listedString)];
    const screened = found.slice(0, MAX_ADDRESSES_PER_TEXT);
    const budget = newBudget();
    const summaries = await Promise.all(screened.map((a) => screenParsed(a.display, a, context, budget)));
    return { summaries, notScreened: found.length - screened.length };
  }

  async function screenOne(
    input: string,
    context: ScreenContext,
    budget: RequestBudgets,
  ): Promise<Result<RiskSummary, InvalidAddress>> {
    const parsed = parseUserAddress(input);
    if (parsed.ok) return ok(await screenParsed(input.trim(), parsed.value, context, budget));
    // Chains the core does not parse (XMR, ZEC, Dash, ...) are still matched verbatim against imported
    // lists, so a sanctions screen never misses a listed string.
    const verbatim = input.trim();
    if (verbatim.length < 20 || verbatim.length > 128 || /\s/.test(verbatim) || unsafeCharacter(verbatim)) {
      return parsed;
    }
    const hits = await deps.lists.hitsFor(verbatim);
    if (hits.length === 0) return parsed;
    return ok(await screenParsed(verbatim, listedString(verbatim), context, budget));
  }

  return {
    screenAddress: (input, context = {}) => screenOne(input, context, newBudget()),
    screenAddresses(inputs, context = {}) {
      const budget = newBudget();
      return Promise.all(inputs.map((input) => screenOne(input, context, budget)));
    },
    screenText: async (text, context) => (await screenScan(scanText(text), context)).summaries,
    screenScan,
    async screenOffline(addresses) {
      const probes = addresses.map(lookalikeProbe);
      const none = lookupBudget(0);
      const [signals, onchain, elsewhere] = await Promise.all([
        deps.screening.signalsForMany(
          addresses.map((address, i) => ({ address, lookalike: probes[i] ?? null })),
        ),
        // No lookup is allowed: only facts the chain reader holds already.
        Promise.all(addresses.map((a) => (deps.chain ? deps.chain.factsFor(a, none) : null))),
        Promise.all(addresses.map(listedElsewhere)),
      ]);
      return addresses.map((address, i) =>
        summarize(address.display, address, null, {
          signals: signals[i] as ScreeningSignals,
          onchain: onchain[i] ?? null,
          elsewhere: elsewhere[i] ?? [],
          exposure: null,
        }),
      );
    },
  };
}
