/**
 * The legacy `sdn.xml` form: one `sdnList/sdnEntry` per party, its addresses in
 * `idList/id/idNumber` when `idType` names a digital currency, the date in `publshInformation`.
 */
import { isoDate } from './normalise.js';
import { type Collected, DIGITAL_CURRENCY, type ElementHandler } from './ofac-listing.js';

/** `sdnList/sdnEntry/...`: the address is `idList/id/idNumber` when `idType` names a digital currency. */
export function legacyHandler(collected: Collected, stack: string[]): ElementHandler {
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
