/**
 * Bitcoin address history for tracing from an Esplora server (Blockstream's API): `/address/:a/txs`
 * (mempool and the newest 25 confirmed), then `/address/:a/txs/chain/:last_seen_txid` 25 at a
 * time, newest first; inputs carry their `prevout` (address and value), so one page says who paid
 * whom. A transaction's value is shared among its input addresses by what each put in (the common
 * attribution for multi-input transactions); change back to an input address is not a transfer.
 */
import { z } from 'zod';
import type { AddressHistory, Asset, Transfer } from '../core/index.js';
import type { HistorySource } from './history.js';

const BTC: Asset = { symbol: 'BTC', decimals: 8, contract: null };
/** Esplora's page of confirmed transactions. */
const CHAIN_PAGE = 25;

// Esplora API.md, "Transaction format": vin[].prevout and vout[] carry scriptpubkey_address (absent
// for scripts without an address, e.g. OP_RETURN) and value in satoshis; status.block_height once confirmed.
const output = z.object({
  scriptpubkey_address: z.string().optional(),
  value: z.number().int().nonnegative(),
});
const transaction = z.object({
  txid: z.string(),
  vin: z.array(z.object({ prevout: output.nullable().optional() })),
  vout: z.array(output),
  status: z.object({ confirmed: z.boolean(), block_height: z.number().int().optional() }),
});
const stats = z.object({ tx_count: z.number().int().nonnegative() });
const addressInfo = z.object({ chain_stats: stats, mempool_stats: stats });

export function createEsploraHistory(baseUrl: string, timeoutMs: number): HistorySource {
  const root = baseUrl.replace(/\/+$/, '');
  const counted: Record<string, number> = {};

  async function get(path: string, label: string, signal: AbortSignal): Promise<unknown> {
    counted[label] = (counted[label] ?? 0) + 1;
    const response = await fetch(`${root}${path}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`esplora answered HTTP ${response.status} for ${label}`);
    }
    return response.json();
  }

  return {
    source: () => 'esplora',
    async head(signal) {
      counted['/blocks/tip/height'] = (counted['/blocks/tip/height'] ?? 0) + 1;
      const response = await fetch(`${root}/blocks/tip/height`, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`esplora answered HTTP ${response.status} for the tip height`);
      }
      const text = (await response.text()).trim();
      if (!/^\d+$/.test(text)) throw new Error('esplora answered a tip height that is not a number');
      return text;
    },
    async history(key, { maxTx, signal }): Promise<AddressHistory> {
      const address = encodeURIComponent(key);
      const [infoBody, firstBody] = await Promise.all([
        get(`/address/${address}`, '/address/:a', signal),
        get(`/address/${address}/txs`, '/address/:a/txs', signal),
      ]);
      const info = addressInfo.parse(infoBody);
      const txCount = info.chain_stats.tx_count + info.mempool_stats.tx_count;
      const txs = z.array(transaction).parse(firstBody);
      let page = txs.filter((tx) => tx.status.confirmed);
      while (page.length >= CHAIN_PAGE && txs.length < maxTx) {
        const last = page[page.length - 1]!.txid;
        page = z
          .array(transaction)
          .parse(
            await get(
              `/address/${address}/txs/chain/${encodeURIComponent(last)}`,
              '/address/:a/txs/chain/:last',
              signal,
            ),
          );
        txs.push(...page);
      }
      const read = txs.slice(0, maxTx);
      const transfers: Transfer[] = [];
      for (const tx of read) transfers.push(...transfersOf(key, tx));
      return { transfers, truncated: txs.length > maxTx || txCount > read.length, txCount };
    },
    calls: () => ({ ...counted }),
  };
}

function transfersOf(self: string, tx: z.infer<typeof transaction>): Transfer[] {
  // Unconfirmed transactions sort first: they are the newest.
  const block = tx.status.block_height ?? Number.MAX_SAFE_INTEGER;
  const inputs = new Map<string, bigint>();
  let totalIn = 0n;
  for (const input of tx.vin) {
    const from = input.prevout?.scriptpubkey_address;
    if (!from || !input.prevout) continue;
    inputs.set(from, (inputs.get(from) ?? 0n) + BigInt(input.prevout.value));
    totalIn += BigInt(input.prevout.value);
  }
  const transfers: Transfer[] = [];
  const push = (from: string, to: string, value: bigint) => {
    if (value > 0n) transfers.push({ from, to, value: value.toString(), asset: BTC, hash: tx.txid, block });
  };
  const mine = inputs.get(self) ?? 0n;
  if (mine > 0n && totalIn > 0n) {
    // Sent: every output to an address that paid nothing in, in proportion to what `self` put in.
    for (const out of tx.vout) {
      const to = out.scriptpubkey_address;
      if (!to || inputs.has(to)) continue;
      push(self, to, (BigInt(out.value) * mine) / totalIn);
    }
    return transfers;
  }
  const received = tx.vout
    .filter((out) => out.scriptpubkey_address === self)
    .reduce((sum, out) => sum + BigInt(out.value), 0n);
  if (received === 0n || totalIn === 0n) return transfers;
  for (const [from, value] of inputs) push(from, self, (received * value) / totalIn);
  return transfers;
}
