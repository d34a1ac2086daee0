/**
 * Re-keys list entries stored verbatim (`chain = 'other'`) by an earlier release that did not
 * parse their chain: since issue 17, Litecoin, Bitcoin Cash, Dogecoin and TON addresses are keyed
 * like every other chain (BCH on its hash, TON on its raw form), so OFAC's CashAddr entries,
 * written without their prefix, match a screen of either spelling. Runs at every open, after the
 * migrations, in code rather than SQL because the keys come from the core's parser. Idempotent:
 * a re-keyed row is no longer `other`, and rows that still do not parse are left as they are.
 *
 * A verbatim row is an OFAC entry filed under an asset the old release did not parse, so a valid
 * Bitcoin-form `1…` among them is a Bitcoin Cash legacy address (Litecoin never used `1…`). A
 * `3…` could be Litecoin's or Bitcoin Cash's: it stays verbatim until the next OFAC refresh keys
 * it by its asset; until then it is matched as it was.
 */
import { and, eq } from 'drizzle-orm';
import {
  type Chain,
  lookalikeProbe,
  type ParsedAddress,
  parseAddress,
  parseAddressOn,
} from '../core/index.js';
import type { Db } from './database.js';
import { listEntries } from './schema.js';

const NEWLY_PARSED = new Set<Chain>(['litecoin', 'bitcoin-cash', 'dogecoin', 'ton']);

/** The entry's key as the core reads it now, or null when it stays verbatim. */
function rekeyed(verbatim: string, kind: string): ParsedAddress | null {
  const parsed = parseAddress(verbatim);
  if (!parsed.ok) return null;
  if (NEWLY_PARSED.has(parsed.value.chain)) return parsed.value;
  if (kind === 'sanctions' && parsed.value.chain === 'bitcoin' && verbatim.startsWith('1')) {
    const cash = parseAddressOn(verbatim, 'bitcoin-cash');
    return cash.ok ? cash.value : null;
  }
  return null;
}

/** Re-keys verbatim entries the core now parses; returns how many changed. */
export async function rekeyListedStrings(db: Db): Promise<number> {
  const rows = await db
    .select({ id: listEntries.id, key: listEntries.addressKey, kind: listEntries.kind })
    .from(listEntries)
    .where(eq(listEntries.chain, 'other'));
  const changes = rows.flatMap((row) => {
    const address = rekeyed(row.key, row.kind);
    return address ? [{ id: row.id, address }] : [];
  });
  if (changes.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (const { id, address } of changes) {
      const probe = lookalikeProbe(address);
      await tx
        .update(listEntries)
        .set({
          addressKey: address.key,
          address: address.display,
          chain: address.chain,
          lookalikePrefix: probe?.prefix ?? null,
          lookalikeSuffix: probe?.suffix ?? null,
        })
        // Still `other`: another replica opening at the same moment may have re-keyed it already.
        .where(and(eq(listEntries.id, id), eq(listEntries.chain, 'other')));
    }
  });
  return changes.length;
}
