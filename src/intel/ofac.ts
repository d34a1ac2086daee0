/**
 * OFAC SDN reader for both published XML forms, streamed through saxes (the advanced file is
 * 80-130 MB; it is never held as a DOM):
 * - legacy `sdn.xml`: `sdnList/sdnEntry/idList/id` with `idType` "Digital Currency Address - XBT";
 * - advanced `sdn_advanced.xml`: `FeatureType` "Digital Currency Address - ..." in the reference
 *   tables, the address in `DistinctParty/Profile/Feature/FeatureVersion/VersionDetail`, programs
 *   in `SanctionsEntries` (which come after the parties, so addresses are joined at the end).
 * Elements are matched by local name: OFAC changed both namespaces in May 2024.
 * Only the digital-currency addresses are kept (hundreds to a few thousand), so buffering them
 * until the end of the file costs little; the rest of the file only streams through.
 */
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import type { ListEntry } from '../core/index.js';
import { IntelFileError } from './errors.js';
import { humanText, isoDate, sanctionedAddress, today, ymd } from './normalise.js';
import { openXmlFile } from './source.js';

export const OFAC_BATCH_SIZE = 1000;

const DIGITAL_CURRENCY = 'Digital Currency Address - ';

export type OfacFormat = 'legacy' | 'advanced';

/** What one OFAC file held, besides its address entries. */
export interface OfacSdnSummary {
  format: OfacFormat;
  /** Publish date of this edition (YYYY-MM-DD). */
  listDate: string;
  /** sdnEntry (legacy) or DistinctParty (advanced) elements read. */
  parties: number;
  /** Digital-currency address listings read, before merging duplicates. */
  listings: number;
  /** Distinct address entries produced. */
  count: number;
  warnings: string[];
}

export interface OfacSdnReader {
  /** Resolves once the whole file is parsed (the advanced form gives programs only at its end). */
  listDate: Promise<string>;
  summary: Promise<OfacSdnSummary>;
  /** Address entries in batches of 1000; rejects like `summary` when the file is not OFAC XML. */
  batches: AsyncIterable<ListEntry[]>;
}

/**
 * Read an OFAC SDN file: a path (`sdn.xml`, `sdn_advanced.xml` or SDN_ADVANCED.ZIP) or a stream of
 * XML bytes. Parsing starts at once; rejections surface on whichever of the three is awaited.
 */
export function readOfacSdn(input: NodeJS.ReadableStream | string): OfacSdnReader {
  const name = typeof input === 'string' ? input : 'OFAC XML stream';
  const parsed = (async () => {
    const stream = typeof input === 'string' ? await openXmlFile(input) : input;
    return parseOfacStream(stream, name);
  })();
  const listDate = parsed.then((result) => result.summary.listDate);
  const summary = parsed.then((result) => result.summary);
  // The caller may await only one of these; the others must not become unhandled rejections.
  for (const promise of [parsed, listDate, summary]) promise.catch(() => {});
  return {
    listDate,
    summary,
    batches: {
      async *[Symbol.asyncIterator]() {
        const { entries } = await parsed;
        for (let start = 0; start < entries.length; start += OFAC_BATCH_SIZE) {
          yield entries.slice(start, start + OFAC_BATCH_SIZE);
        }
      },
    },
  };
}

interface Listing {
  asset: string;
  raw: string;
  entity: string | null;
  programs: string[];
  listedAt: string | null;
  /** Advanced form: programs and dates are joined by profile id at the end. */
  profileId: string | null;
}

interface Collected {
  format: OfacFormat | null;
  listDate: string | null;
  parties: number;
  listings: Listing[];
}

async function parseOfacStream(
  stream: NodeJS.ReadableStream | Readable,
  name: string,
): Promise<{ summary: OfacSdnSummary; entries: ListEntry[] }> {
  const collected: Collected = { format: null, listDate: null, parties: 0, listings: [] };
  const parser = new SaxesParser({ xmlns: false, position: false });
  const handler = createHandler(collected, name);
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes as Record<string, string>));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));

  const feed = (text: string, end: boolean) => {
    try {
      parser.write(text);
      if (end) parser.close();
    } catch (cause) {
      if (cause instanceof IntelFileError) throw cause;
      throw new IntelFileError(
        name,
        `this is not well-formed XML (${cause instanceof Error ? cause.message : String(cause)})`,
        'Download the file again from OFAC; it may be truncated.',
        { cause },
      );
    }
  };
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first) {
      if (text.startsWith('PK\u0003\u0004')) {
        throw new IntelFileError(name, 'this is a zip file', 'Pass the zip as a file path, not a stream.');
      }
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
    }
    feed(text, false);
  }
  feed(decoder.decode(), true);
  if (!collected.format) {
    throw new IntelFileError(
      name,
      'this file has no OFAC SDN content',
      'Use OFAC’s sdn.xml or sdn_advanced.xml.',
    );
  }
  handler.finish();
  const warnings: string[] = [];
  let listDate = collected.listDate;
  if (!listDate) {
    listDate = today();
    warnings.push(`no publish date in the file; using the import date ${listDate}`);
  }
  const entries = mergeListings(collected.listings, warnings);
  return {
    entries,
    summary: {
      format: collected.format,
      listDate,
      parties: collected.parties,
      listings: collected.listings.length,
      count: entries.length,
      warnings,
    },
  };
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

interface ElementHandler {
  open(local: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(local: string): void;
  /** After the document: join what only the end of the file could tell. */
  finish(): void;
}

function createHandler(collected: Collected, name: string): ElementHandler {
  const stack: string[] = [];
  let text = '';
  let delegate: ElementHandler | null = null;
  return {
    open(local, attributes) {
      if (stack.length === 0) {
        if (local === 'sdnList') {
          collected.format = 'legacy';
          delegate = legacyHandler(collected, stack);
        } else if (local === 'Sanctions') {
          collected.format = 'advanced';
          delegate = advancedHandler(collected, stack);
        } else {
          throw new IntelFileError(
            name,
            `the root element is <${local}>, not OFAC's <sdnList> or <Sanctions>`,
            'Use OFAC’s sdn.xml or sdn_advanced.xml (or SDN_ADVANCED.ZIP).',
          );
        }
      }
      stack.push(local);
      text = '';
      delegate?.open(local, attributes);
    },
    text(chunk) {
      text += chunk;
    },
    close(local) {
      delegate?.text(text);
      delegate?.close(local);
      stack.pop();
      text = '';
    },
    finish() {
      delegate?.finish();
    },
  };
}

/** `sdnList/sdnEntry/...`: the address is `idList/id/idNumber` when `idType` names a digital currency. */
function legacyHandler(collected: Collected, stack: string[]): ElementHandler {
  let leafText = '';
  let entry: {
    firstName: string;
    lastName: string;
    programs: string[];
    ids: Array<[string, string]>;
  } | null = null;
  let id: { type: string; number: string } | null = null;
  let publishDate: string | null = null;
  const parent = () => stack[stack.length - 2];
  return {
    open(local) {
      if (local === 'sdnEntry') entry = { firstName: '', lastName: '', programs: [], ids: [] };
      else if (local === 'id' && entry) id = { type: '', number: '' };
    },
    text(text) {
      leafText = text.trim();
    },
    close(local) {
      const within = parent();
      if (within === 'publshInformation' && local === 'Publish_Date') publishDate = isoDate(leafText);
      else if (entry && within === 'sdnEntry' && local === 'firstName') entry.firstName = leafText;
      else if (entry && within === 'sdnEntry' && local === 'lastName') entry.lastName = leafText;
      else if (entry && within === 'programList' && local === 'program') entry.programs.push(leafText);
      else if (id && within === 'id' && local === 'idType') id.type = leafText;
      else if (id && within === 'id' && local === 'idNumber') id.number = leafText;
      else if (local === 'id' && id && entry) {
        entry.ids.push([id.type, id.number]);
        id = null;
      } else if (local === 'sdnEntry' && entry) {
        collected.parties += 1;
        // OFAC writes individuals as "LASTNAME, Firstname"; entities have only lastName.
        const entity = entry.firstName ? `${entry.lastName}, ${entry.firstName}` : entry.lastName;
        for (const [type, number] of entry.ids) {
          if (!type.startsWith(DIGITAL_CURRENCY) || !number) continue;
          collected.listings.push({
            asset: type.slice(DIGITAL_CURRENCY.length).trim(),
            raw: number,
            entity: entity || null,
            programs: entry.programs.filter(Boolean),
            listedAt: null,
            profileId: null,
          });
        }
        entry = null;
      } else if (local === 'sdnList') {
        collected.listDate = publishDate;
      }
      leafText = '';
    },
    finish() {},
  };
}

type NamePart = [groupId: string, value: string];

interface AdvancedProfile {
  id: string;
  primaryName: NamePart[] | null;
  firstName: NamePart[] | null;
  /** NamePartGroup ID -> NamePartType ID, from the identity's NamePartGroups. */
  groupTypes: Map<string, string>;
  features: Array<{ typeId: string; details: string[] }>;
}

/**
 * `Sanctions/...`: reference tables first (feature types, sanctions types), then parties, then
 * sanctions entries carrying programs and designation dates per profile.
 */
function advancedHandler(collected: Collected, stack: string[]): ElementHandler {
  let leafText = '';
  const featureTypes = new Map<string, string>();
  const sanctionsTypes = new Map<string, string>();
  let refId: string | null = null;
  const issue: Record<string, number> = {};
  let profile: AdvancedProfile | null = null;
  const namePartTypes = new Map<string, string>();
  let alias: { primary: boolean; parts: NamePart[] } | null = null;
  let groupId = '';
  let feature: { typeId: string; details: string[] } | null = null;
  const programsByProfile = new Map<string, Set<string>>();
  const datesByProfile = new Map<string, string>();
  let sanctionsEntry: { profileId: string; date: Record<string, number>; programs: string[] } | null = null;
  let measureTypeId: string | null = null;
  const at = (offset: number) => stack[stack.length - 1 - offset];

  return {
    open(local, attributes) {
      switch (local) {
        case 'FeatureType':
        case 'SanctionsType':
        case 'NamePartType':
          refId = attributes.ID ?? null;
          break;
        case 'Profile':
          profile = {
            id: attributes.ID ?? '',
            primaryName: null,
            firstName: null,
            groupTypes: new Map(),
            features: [],
          };
          break;
        case 'NamePartValue':
          groupId = attributes.NamePartGroupID ?? '';
          break;
        case 'NamePartGroup':
          if (profile && attributes.ID && attributes.NamePartTypeID) {
            profile.groupTypes.set(attributes.ID, attributes.NamePartTypeID);
          }
          break;
        case 'Alias':
          if (profile) alias = { primary: attributes.Primary === 'true', parts: [] };
          break;
        case 'Feature':
          if (profile) feature = { typeId: attributes.FeatureTypeID ?? '', details: [] };
          break;
        case 'SanctionsEntry':
          sanctionsEntry = { profileId: attributes.ProfileID ?? '', date: {}, programs: [] };
          break;
        case 'SanctionsMeasure':
          measureTypeId = attributes.SanctionsTypeID ?? null;
          break;
      }
    },
    text(text) {
      leafText = text.trim();
    },
    close(local) {
      const within = at(1);
      if (within === 'DateOfIssue' && at(2) === 'Sanctions') {
        issue[local] = Number(leafText);
      } else if (local === 'DateOfIssue' && within === 'Sanctions') {
        collected.listDate = ymd(issue.Year ?? 0, issue.Month ?? 0, issue.Day ?? 0);
      } else if (local === 'FeatureType' && within === 'FeatureTypeValues' && refId) {
        featureTypes.set(refId, leafText);
      } else if (local === 'SanctionsType' && within === 'SanctionsTypeValues' && refId) {
        sanctionsTypes.set(refId, leafText);
      } else if (local === 'NamePartType' && within === 'NamePartTypeValues' && refId) {
        namePartTypes.set(refId, leafText);
      } else if (local === 'NamePartValue' && alias) {
        if (leafText) alias.parts.push([groupId, leafText]);
      } else if (local === 'Alias' && alias && profile) {
        if (alias.primary && !profile.primaryName) profile.primaryName = alias.parts;
        if (!profile.firstName) profile.firstName = alias.parts;
        alias = null;
      } else if (local === 'VersionDetail' && feature) {
        if (leafText) feature.details.push(leafText);
      } else if (local === 'Feature' && feature && profile) {
        profile.features.push(feature);
        feature = null;
      } else if (local === 'Profile' && profile) {
        const entity = partyName(
          profile.primaryName ?? profile.firstName ?? [],
          profile.groupTypes,
          namePartTypes,
        );
        for (const { typeId, details } of profile.features) {
          const typeName = featureTypes.get(typeId);
          if (!typeName?.startsWith(DIGITAL_CURRENCY)) continue;
          const asset = typeName.slice(DIGITAL_CURRENCY.length).trim();
          for (const raw of details) {
            collected.listings.push({
              asset,
              raw,
              entity,
              programs: [],
              listedAt: null,
              profileId: profile.id,
            });
          }
        }
        profile = null;
      } else if (local === 'DistinctParty') {
        collected.parties += 1;
      } else if (sanctionsEntry && within === 'Date' && at(2) === 'EntryEvent') {
        sanctionsEntry.date[local] = Number(leafText);
      } else if (local === 'Comment' && within === 'SanctionsMeasure' && sanctionsEntry && measureTypeId) {
        if (sanctionsTypes.get(measureTypeId) === 'Program' && leafText)
          sanctionsEntry.programs.push(leafText);
      } else if (local === 'SanctionsMeasure') {
        measureTypeId = null;
      } else if (local === 'SanctionsEntry' && sanctionsEntry) {
        const { profileId, date, programs } = sanctionsEntry;
        const programSet = programsByProfile.get(profileId) ?? new Set<string>();
        for (const program of programs) programSet.add(program);
        programsByProfile.set(profileId, programSet);
        const listed = ymd(date.Year ?? 0, date.Month ?? 0, date.Day ?? 0);
        const earlier = datesByProfile.get(profileId);
        if (listed && (!earlier || listed < earlier)) datesByProfile.set(profileId, listed);
        sanctionsEntry = null;
      }
      leafText = '';
    },
    finish() {
      for (const listing of collected.listings) {
        if (listing.profileId === null) continue;
        listing.programs = [...(programsByProfile.get(listing.profileId) ?? [])];
        listing.listedAt = datesByProfile.get(listing.profileId) ?? null;
      }
    },
  };
}

/**
 * The legacy file's spelling of a name: "LASTNAME, First Names" for individuals (a part typed
 * "Last Name" comes first), the parts joined by spaces otherwise.
 */
function partyName(parts: NamePart[], groupTypes: Map<string, string>, namePartTypes: Map<string, string>) {
  const isLast = ([group]: NamePart) => namePartTypes.get(groupTypes.get(group) ?? '') === 'Last Name';
  const last = parts.filter(isLast).map(([, value]) => value);
  const rest = parts.filter((part) => !isLast(part)).map(([, value]) => value);
  if (last.length > 0 && rest.length > 0) return `${last.join(' ')}, ${rest.join(' ')}`;
  return [...last, ...rest].join(' ') || null;
}

/**
 * One entry per address key: the same address is listed under two assets (ETH and USDT) or two
 * parties; every party, program and asset is kept, joined with "; " / ", ". Names, programs and
 * assets pass `humanText` here, the one place every listing goes through: an SDN file from a
 * mirror is third-party text that ends up in terminals and chats.
 */
function mergeListings(listings: Listing[], warnings: string[]): ListEntry[] {
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
