/**
 * Screening: the risk summary of one address (`screenAddress`) or of every address in a piece of
 * text (`screenText`). One storage round trip per address, in parallel with the chain node; in a
 * community, noting the address as a look-alike candidate runs in the background, after the answer.
 */
import { scanText, type TextScan } from '../address/index.js';
import type { BackgroundWrites } from '../background.js';
import { parseUserAddress, unsafeCharacter } from '../input.js';
import type { ListHit } from '../lists.js';
import { type LookalikeOptions, lookalikeProbe, selectLookalikes } from '../lookalike.js';
import type { ChainFacts, ListStore, ScreeningStore } from '../ports.js';
import { countedVerifications } from '../reports/trust.js';
import { assessRisk } from '../risk/index.js';
import type { ScreenContext } from '../service.js';
import { StorageUnavailableError } from '../storage.js';
import { type InvalidAddress, ok, type ParsedAddress, type Result, type RiskSummary } from '../types.js';

/** Most addresses one `screenText` call screens; a message listing more is a spam wall, not a question. */
export const MAX_ADDRESSES_PER_TEXT = 20;

export interface ScreeningDeps {
  screening: ScreeningStore;
  lists: ListStore;
  chain: ChainFacts | null;
  now: () => Date;
  lookalike: LookalikeOptions;
  background: BackgroundWrites;
}

export interface Screening {
  screenAddress(input: string, context?: ScreenContext): Promise<Result<RiskSummary, InvalidAddress>>;
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

export function createScreening(deps: ScreeningDeps): Screening {
  async function screenParsed(
    input: string,
    address: ParsedAddress,
    context: ScreenContext,
  ): Promise<RiskSummary> {
    const community = context.community ?? null;
    const probe = lookalikeProbe(address);
    const [signals, onchain, elsewhere] = await Promise.all([
      deps.screening.signalsFor(address, { lookalike: probe, community }),
      deps.chain ? deps.chain.factsFor(address) : Promise.resolve(null),
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
    const summaries = await Promise.all(screened.map((a) => screenParsed(a.display, a, context)));
    return { summaries, notScreened: found.length - screened.length };
  }

  return {
    async screenAddress(input, context = {}) {
      const parsed = parseUserAddress(input);
      if (parsed.ok) return ok(await screenParsed(input.trim(), parsed.value, context));
      // Chains the core does not parse (XMR, ZEC, Dash, ...) are still matched verbatim against imported
      // lists, so a sanctions screen never misses a listed string.
      const verbatim = input.trim();
      if (verbatim.length < 20 || verbatim.length > 128 || /\s/.test(verbatim) || unsafeCharacter(verbatim)) {
        return parsed;
      }
      const hits = await deps.lists.hitsFor(verbatim);
      if (hits.length === 0) return parsed;
      return ok(await screenParsed(verbatim, listedString(verbatim), context));
    },
    screenText: async (text, context) => (await screenScan(scanText(text), context)).summaries,
    screenScan,
  };
}
