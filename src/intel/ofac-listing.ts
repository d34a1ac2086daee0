/**
 * What both OFAC readers (`ofac-legacy.ts`, `ofac-advanced.ts`) hand back, and how their listings
 * become one `ListEntry` per address.
 */
import type { ListEntry } from '../core/index.js';
import { humanText, sanctionedAddress } from './normalise.js';

/** The `idType` (legacy) or `FeatureType` (advanced) prefix of a digital-currency address. */
export const DIGITAL_CURRENCY = 'Digital Currency Address - ';

export type OfacFormat = 'legacy' | 'advanced';

/** One address as one party lists it, before merging. */
export interface Listing {
  asset: string;
  raw: string;
  entity: string | null;
  programs: string[];
  listedAt: string | null;
  /** Advanced form: programs and dates are joined by profile id at the end. */
  profileId: string | null;
}

export interface Collected {
  format: OfacFormat | null;
  listDate: string | null;
  parties: number;
  listings: Listing[];
}

/** Receives the parser's events for one format; `ofac.ts` picks it by the root element. */
export interface ElementHandler {
  open(local: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(local: string): void;
  /** After the document: join what only the end of the file could tell. */
  finish(): void;
}

/**
 * One entry per address key: the same address is listed under two assets (ETH and USDT) or two
 * parties; every party, program and asset is kept, joined with "; " / ", ". Names, programs and
 * assets pass `humanText` here, the one place every listing goes through: an SDN file from a
 * mirror is third-party text that ends up in terminals and chats.
 */
export function mergeListings(listings: Listing[], warnings: string[]): ListEntry[] {
  const byKey = new Map<
    string,
    { entry: ListEntry; assets: Set<string>; entities: Set<string>; programs: Set<string> }
  >();
  for (const listing of listings) {
    const asset = humanText(listing.asset) ?? '';
    const address = sanctionedAddress(asset, listing.raw);
    if (address.warning) warnings.push(address.warning);
    let merged = byKey.get(address.key);
    if (!merged) {
      merged = {
        entry: {
          key: address.key,
          chain: address.chain,
          display: address.display,
          label: null,
          category: null,
          entity: null,
          program: null,
          listedAt: listing.listedAt,
        },
        assets: new Set(),
        entities: new Set(),
        programs: new Set(),
      };
      byKey.set(address.key, merged);
    }
    merged.assets.add(asset);
    const entity = humanText(listing.entity);
    if (entity) merged.entities.add(entity);
    for (const program of listing.programs) {
      const text = humanText(program);
      if (text) merged.programs.add(text);
    }
    const listedAt = merged.entry.listedAt;
    if (listing.listedAt && (!listedAt || listing.listedAt < listedAt))
      merged.entry.listedAt = listing.listedAt;
  }
  return [...byKey.values()].map(({ entry, assets, entities, programs }) => ({
    ...entry,
    label: humanText(`${DIGITAL_CURRENCY}${[...assets].join(', ')}`),
    entity: entities.size > 0 ? [...entities].join('; ') : null,
    program: programs.size > 0 ? [...programs].join(', ') : null,
  }));
}
