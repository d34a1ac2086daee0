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
import { parseUserAddress, unsafeCharacter } from '../input.js';
import type { ListHit } from '../lists.js';
import { type LookalikeOptions, lookalikeProbe, selectLookalikes } from '../lookalike.js';
import type { ChainFacts, ListStore, LookupBudget, ScreeningStore } from '../ports.js';
import { countedVerifications } from '../reports/trust.js';
import { assessRisk } from '../risk/index.js';
import type { ScreenContext } from '../service.js';
import { StorageUnavailableError } from '../storage.js';
import { type InvalidAddress, ok, type ParsedAddress, type Result, type RiskSummary } from '../types.js';

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
  const newBudget = () => lookupBudget(deps.chainLookupsPerRequest);

  async function screenParsed(
    input: string,
    address: ParsedAddress,
    context: ScreenContext,
    budget: LookupBudget,
  ): Promise<RiskSummary> {
    const community = context.community ?? null;
    const probe = lookalikeProbe(address);
    const [signals, onchain, elsewhere] = await Promise.all([
      deps.screening.signalsFor(address, { lookalike: probe, community }),
      // Called before any await, so a request's lookups go to its addresses in input order.
      deps.chain ? deps.chain.factsFor(address, budget) : Promise.resolve(null),
      listedElsewhere(address),
    ]);
    // The answer does not wait for this write; the next screen in this community sees it.
    if (community) {
      deps.background.start({ task: 'note-community-address', community }, () =>
        deps.screening.noteCommunityAddress(community, address, probe),
      );
    }
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
      ...(address.otherForms?.length
        ? { otherForms: address.otherForms.map(({ address, chain, form }) => ({ address, chain, form })) }
        : {}),
    };
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
    budget: LookupBudget,
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
  };
}
