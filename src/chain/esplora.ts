import { z } from 'zod';
import { type AddressFacts, AddressRejectedError, type FactsNode } from './node.js';

// Esplora API.md, `GET /address/:address`: `chain_stats` and `mempool_stats` each carry
// `tx_count`, `funded_txo_count`, `funded_txo_sum`, `spent_txo_count`, `spent_txo_sum` (satoshis).
const addressStats = z.object({
  tx_count: z.number().int().nonnegative(),
  funded_txo_sum: z.number().int().nonnegative(),
  spent_txo_sum: z.number().int().nonnegative(),
});
const addressInfo = z.object({ chain_stats: addressStats, mempool_stats: addressStats });

export function createEsploraNode(baseUrl: string, timeoutMs: number): FactsNode {
  const root = baseUrl.replace(/\/+$/, '');
  const source = 'esplora';
  return {
    source,
    async read(addressKey: string, signal: AbortSignal): Promise<AddressFacts> {
      const response = await fetch(`${root}/address/${encodeURIComponent(addressKey)}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (!response.ok) {
        await response.body?.cancel();
        // 400 is Esplora's answer to an address it cannot parse (e.g. a testnet address on a
        // mainnet server): the server is fine. 404 means a wrong base URL (an unseen address
        // answers 200 with zeros), so it counts as a failure like any 5xx.
        if (response.status === 400) throw new AddressRejectedError(source, response.status);
        throw new Error(`esplora answered HTTP ${response.status}`);
      }
      const info = addressInfo.parse(await response.json());
      const { chain_stats: chain, mempool_stats: mempool } = info;
      // Totals including unconfirmed: mempool spends may consume confirmed outputs.
      const received = BigInt(chain.funded_txo_sum) + BigInt(mempool.funded_txo_sum);
      const sent = BigInt(chain.spent_txo_sum) + BigInt(mempool.spent_txo_sum);
      return {
        isContract: false,
        txCount: chain.tx_count + mempool.tx_count,
        balance: (received - sent).toString(),
        received: received.toString(),
        sent: sent.toString(),
      };
    },
    async close() {},
  };
}
