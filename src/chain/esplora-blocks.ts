/**
 * New Bitcoin blocks for the watch poller (the core's `BlockSource`) from an Esplora server:
 * `/blocks/tip/height`, `/block-height/:height`, `/block/:hash` and its transactions,
 * `/block/:hash/txs/:start` (25 a page, with every input's `prevout`). Reading whole blocks costs
 * the same for 1 or 10,000 watched addresses, where `/address/:a/txs` would cost a request per
 * address per step.
 *
 * A transaction spending from a watched address is an outgoing transfer to each output that is not
 * one of its own inputs' addresses (change is not a payment); an output to a watched address that
 * did not pay in itself is an incoming transfer, from the first input's address.
 */
import { z } from 'zod';
import type { BlockSource, ObservedTransfer } from '../core/index.js';
import { ChainChangedError } from './evm-blocks.js';

const PAGE = 25;
/** Pages of one block fetched at once. */
const PAGE_CONCURRENCY = 4;

const output = z.object({
  scriptpubkey_address: z.string().optional(),
  value: z.number().int().nonnegative(),
});
const transaction = z.object({
  txid: z.string(),
  vin: z.array(z.object({ is_coinbase: z.boolean().optional(), prevout: output.nullable().optional() })),
  vout: z.array(output),
});
const blockInfo = z.object({
  id: z.string(),
  height: z.number().int(),
  previousblockhash: z.string().nullable().optional(),
  tx_count: z.number().int().nonnegative(),
});

/** Bech32 addresses are keyed lower-case (as the core keys them); base58 ones as they are. */
export function bitcoinKey(address: string): string {
  return /^(bc1|tb1|bcrt1)/i.test(address) ? address.toLowerCase() : address;
}

/** Satoshis as BTC, exact: 150000 -> 0.0015. */
export function formatSatoshis(sats: number): string {
  const value = BigInt(sats);
  const whole = value / 100_000_000n;
  const fraction = (value % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

export function createEsploraBlockSource(baseUrl: string, timeoutMs = 15_000): BlockSource {
  const root = baseUrl.replace(/\/+$/, '');
  const id = 'bitcoin';

  async function get(path: string): Promise<Response> {
    const response = await fetch(`${root}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok && response.status !== 404) {
      await response.body?.cancel();
      throw new Error(`esplora answered HTTP ${response.status} for ${path}`);
    }
    return response;
  }

  async function hashAt(height: number): Promise<string | null> {
    const response = await get(`/block-height/${height}`);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    const hash = (await response.text()).trim();
    if (!/^[0-9a-f]{64}$/.test(hash))
      throw new Error(`esplora answered "${hash.slice(0, 80)}" for block ${height}`);
    return hash;
  }

  async function json<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const response = await get(path);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new ChainChangedError(`esplora: ${path} is gone`);
    }
    return schema.parse(await response.json());
  }

  async function blockTransactions(hash: string, count: number) {
    const starts = Array.from({ length: Math.ceil(count / PAGE) }, (_, i) => i * PAGE);
    const pages: Array<z.infer<typeof transaction>[]> = [];
    for (let i = 0; i < starts.length; i += PAGE_CONCURRENCY) {
      pages.push(
        ...(await Promise.all(
          starts
            .slice(i, i + PAGE_CONCURRENCY)
            .map((start) => json(`/block/${hash}/txs/${start}`, z.array(transaction))),
        )),
      );
    }
    return pages.flat();
  }

  return {
    id,
    chain: 'bitcoin',
    async tip() {
      const response = await get('/blocks/tip/height');
      const height = Number((await response.text()).trim());
      if (!Number.isSafeInteger(height)) throw new Error('esplora did not answer a tip height');
      return height;
    },
    blockHash: hashAt,
    async transfers(from, to, watched) {
      const transfers: ObservedTransfer[] = [];
      let previous: string | null = null;
      let toHash = '';
      for (let height = from; height <= to; height += 1) {
        const hash = await hashAt(height);
        if (!hash) throw new ChainChangedError(`esplora: block ${height} is gone`);
        const block = await json(`/block/${hash}`, blockInfo);
        if (previous && block.previousblockhash !== previous) {
          throw new ChainChangedError(`esplora: block ${height} does not follow the one read before it`);
        }
        previous = hash;
        toHash = hash;
        if (watched.size === 0) continue;
        for (const tx of await blockTransactions(hash, block.tx_count)) {
          transfers.push(...transfersOf(tx, height, hash, watched));
        }
      }
      return { transfers, toHash };
    },
  };
}

function transfersOf(
  tx: z.infer<typeof transaction>,
  height: number,
  blockHash: string,
  watched: ReadonlySet<string>,
): ObservedTransfer[] {
  const inputs = tx.vin.flatMap((vin) =>
    vin.prevout?.scriptpubkey_address ? [vin.prevout.scriptpubkey_address] : [],
  );
  const inputKeys = new Set(inputs.map(bitcoinKey));
  const found: ObservedTransfer[] = [];
  const base = {
    source: 'bitcoin',
    chain: 'bitcoin' as const,
    txHash: tx.txid,
    blockNumber: height,
    blockHash,
    asset: 'BTC',
    token: null,
  };
  const spender = inputs.find((a) => watched.has(bitcoinKey(a)));
  tx.vout.forEach((out, n) => {
    const address = out.scriptpubkey_address;
    if (!address) return;
    const key = bitcoinKey(address);
    if (spender && !inputKeys.has(key)) {
      found.push({
        ...base,
        part: `out:${n}`,
        fromKey: bitcoinKey(spender),
        toKey: key,
        from: spender,
        to: address,
        amount: formatSatoshis(out.value),
      });
    } else if (!spender && watched.has(key) && !inputKeys.has(key) && inputs[0]) {
      found.push({
        ...base,
        part: `out:${n}`,
        fromKey: bitcoinKey(inputs[0]),
        toKey: key,
        from: inputs[0],
        to: address,
        amount: formatSatoshis(out.value),
      });
    }
  });
  return found;
}
