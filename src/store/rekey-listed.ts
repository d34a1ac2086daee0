/**
 * Re-keys list entries stored verbatim (`chain = 'other'`) by an earlier release that did not
 * parse their chain: since issue 17, Litecoin, Bitcoin Cash, Dogecoin and TON addresses are keyed
 * like every other chain (BCH on its hash, TON on its raw form), so OFAC's CashAddr entries,
 * written without their prefix, match a screen of either spelling. Runs at every open, after the
 * migrations, in code rather than SQL because the keys come from the core's parser. Idempotent:
 * a re-keyed row is no longer `other`, and rows that still do not parse are left as they are.
 *
 * A verbatim sanctions row is an OFAC entry, and its label names the asset it was filed under
 * ("Digital Currency Address - BCH"): it is re-keyed on that asset's chain only, exactly as a fresh
 * import reads it, so upgraded and fresh databases agree. Rows of other assets (BSV, XVG, XMR...)
 * stay verbatim.
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

/** OFAC's asset codes of the newly parsed chains (the label reads "Digital Currency Address - BCH"). */
const ASSET_CHAINS: Record<string, Chain> = {
  LTC: 'litecoin',
  BCH: 'bitcoin-cash',
  DOGE: 'dogecoin',
  TON: 'ton',
};
const OFAC_LABEL = /^Digital Currency Address - ([A-Z0-9, ]+)$/;

/**
 * The entry's key as the core reads it now, or null when it stays verbatim. A sanctions row is read
 * on the one asset its label names, as a fresh import reads it: a BSV `1…` or a Verge `D…` parses as
 * Bitcoin Cash or Dogecoin but is neither, and stays verbatim.
 */
function rekeyed(verbatim: string, kind: string, label: string | null): ParsedAddress | null {
  if (kind === 'sanctions') {
    const assets = OFAC_LABEL.exec(label ?? '')?.[1]?.split(', ') ?? [];
    const chain = assets.length === 1 && assets[0] ? ASSET_CHAINS[assets[0]] : undefined;
    if (!chain) return null;
    const parsed = parseAddressOn(verbatim, chain);
    return parsed.ok && parsed.value.chain === chain ? parsed.value : null;
  }
  const parsed = parseAddress(verbatim);
  return parsed.ok && NEWLY_PARSED.has(parsed.value.chain) ? parsed.value : null;
}

/** Re-keys verbatim entries the core now parses; returns how many changed. */
export async function rekeyListedStrings(db: Db): Promise<number> {
  const rows = await db
    .select({
      id: listEntries.id,
      key: listEntries.addressKey,
      kind: listEntries.kind,
      label: listEntries.label,
    })
    .from(listEntries)
    .where(eq(listEntries.chain, 'other'));
  const changes = rows.flatMap((row) => {
    const address = rekeyed(row.key, row.kind, row.label);
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
