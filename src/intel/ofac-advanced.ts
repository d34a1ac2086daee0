/**
 * The advanced `sdn_advanced.xml` form: `FeatureType` "Digital Currency Address - ..." in the
 * reference tables, the address in `DistinctParty/Profile/Feature/FeatureVersion/VersionDetail`,
 * programs and dates in `SanctionsEntries`, which come after the parties, so they are joined to
 * the addresses at the end of the file.
 */
import { ymd } from './normalise.js';
import { type Collected, DIGITAL_CURRENCY, type ElementHandler } from './ofac-listing.js';

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
export function advancedHandler(collected: Collected, stack: string[]): ElementHandler {
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
