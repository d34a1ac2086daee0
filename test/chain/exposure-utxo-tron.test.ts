/**
 * Exposure on Bitcoin (Esplora) and Tron (TronGrid), through local servers that speak the
 * documented wire shapes. Provenance: the Esplora shapes follow Blockstream's esplora API.md
 * ("Transaction format": `txid`, `vin[].prevout.{scriptpubkey_address,value}`, `vout[]`,
 * `status.{confirmed,block_height}`; `GET /address/:a` `chain_stats`/`mempool_stats`;
 * `/address/:a/txs` then `/address/:a/txs/chain/:last_seen_txid`, 25 confirmed a page); the
 * TronGrid shapes follow developers.tron.network's "Get transaction info by account address" and
 * "Get TRC20 transaction info by account address" (`data[]` with `txID`, `block_timestamp`,
 * `ret[].contractRet`, `raw_data.contract[].{type,parameter.value.{amount,owner_address,to_address}}`
 * in 41-hex; TRC-20 entries with `transaction_id`, `from`, `to`, `value`, `token_info`;
 * `meta.fingerprint` for the next page) and `POST /wallet/getnowblock`. The addresses listed are
 * from the constructed OFAC fixture (EXAMPLE, CYBER2); the transactions are made up for the test.
 */
import bs58check from 'bs58check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainHistory } from '../../src/chain/index.js';
import { importOfac } from '../../src/intel/index.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { type FakeJsonApi, startFakeJsonApi } from './servers.js';

const OFAC = new URL('../fixtures/intel/ofac/sdn-legacy-constructed.xml', import.meta.url).pathname;
const SANCTIONED_BTC = 'bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw';
const SANCTIONED_TRX = 'TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre';

const ROOT_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const VIA_BTC = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const ROOT_TRX = 'TLCuBEirVzB6V4menLZKw1jfBTFMZbuKq7';
const VIA_TRX = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const USDT = 'TXLAQ63Xg1NAzckPwKHvzw7CSEmLMEqcdj';

const txid = (n: number) => n.toString(16).padStart(64, '0');
/** A valid Tron address (base58check of 41 + 20 bytes) made from a number. */
const tronAddress = (n: number) =>
  bs58check.encode(Buffer.from(`41${n.toString(16).padStart(40, '0')}`, 'hex'));
// ROOT_BUSY <- BUSY_VIA, which has 1,500 transactions (past TRACE_MAX_TX, 1,000), the newest from
// the sanctioned address: TronGrid gives no count, so whether BUSY_VIA is a service cannot be told.
const ROOT_BUSY = tronAddress(0xb0b);
const BUSY_VIA = tronAddress(0xb05);
const BUSY_PAYERS = 1500;

/** An Esplora transaction: inputs (address, sats) paying outputs (address, sats). */
function btcTx(id: number, height: number, vin: Array<[string, number]>, vout: Array<[string, number]>) {
  return {
    txid: txid(id),
    version: 2,
    locktime: 0,
    vin: vin.map(([address, value]) => ({
      txid: txid(id + 1000),
      vout: 0,
      prevout: { scriptpubkey: '', scriptpubkey_type: 'v0_p2wpkh', scriptpubkey_address: address, value },
      is_coinbase: false,
      sequence: 4294967295,
    })),
    vout: vout.map(([address, value]) => ({
      scriptpubkey: '',
      scriptpubkey_type: 'v0_p2wpkh',
      scriptpubkey_address: address,
      value,
    })),
    size: 222,
    weight: 561,
    fee: 1000,
    status: {
      confirmed: true,
      block_height: height,
      block_hash: txid(height),
      block_time: 1_700_000_000 + height,
    },
  };
}

const stats = (count: number) => ({
  chain_stats: {
    funded_txo_count: count,
    funded_txo_sum: 0,
    spent_txo_count: 0,
    spent_txo_sum: 0,
    tx_count: count,
  },
  mempool_stats: {
    funded_txo_count: 0,
    funded_txo_sum: 0,
    spent_txo_count: 0,
    spent_txo_sum: 0,
    tx_count: 0,
  },
});

const hex = (address: string) => Buffer.from(bs58check.decode(address)).toString('hex');

function trxTransfer(id: number, from: string, to: string, sun: number) {
  return {
    ret: [{ contractRet: 'SUCCESS', fee: 0 }],
    signature: ['00'],
    txID: txid(id),
    net_usage: 268,
    raw_data_hex: '00',
    net_fee: 0,
    energy_usage: 0,
    blockNumber: 60_000_000 + id,
    block_timestamp: 1_700_000_000_000 + id * 3000,
    energy_fee: 0,
    energy_usage_total: 0,
    raw_data: {
      contract: [
        {
          parameter: {
            value: { amount: sun, owner_address: hex(from), to_address: hex(to) },
            type_url: 'type.googleapis.com/protocol.TransferContract',
          },
          type: 'TransferContract',
        },
      ],
      ref_block_bytes: '0000',
      ref_block_hash: '00',
      expiration: 0,
      timestamp: 0,
    },
    internal_transactions: [],
  };
}

function trc20Transfer(id: number, from: string, to: string, value: string) {
  return {
    transaction_id: txid(id),
    token_info: { symbol: 'USDT', address: USDT, decimals: 6, name: 'Tether USD' },
    block_timestamp: 1_700_000_000_000 + id * 3000,
    from,
    to,
    type: 'Transfer',
    value,
  };
}

describe('exposure on Bitcoin (Esplora) and Tron (TronGrid)', () => {
  let esplora: FakeJsonApi;
  let trongrid: FakeJsonApi;
  let ctx: TestContext;

  beforeAll(async () => {
    // ROOT <- VIA (0.5 BTC, with change back to VIA) <- SANCTIONED (2 BTC); 30 older unrelated
    // transactions on ROOT make it page through /txs/chain/:last_seen.
    const btc: Record<string, unknown[]> = {
      [ROOT_BTC]: [
        btcTx(
          1,
          800_100,
          [[VIA_BTC, 60_000_000]],
          [
            [ROOT_BTC, 50_000_000],
            [VIA_BTC, 9_990_000],
          ],
        ),
        ...Array.from({ length: 30 }, (_, i) =>
          btcTx(100 + i, 800_000 - i, [['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 20_000]], [[ROOT_BTC, 10_000]]),
        ),
      ],
      [VIA_BTC]: [
        btcTx(
          1,
          800_100,
          [[VIA_BTC, 60_000_000]],
          [
            [ROOT_BTC, 50_000_000],
            [VIA_BTC, 9_990_000],
          ],
        ),
        btcTx(2, 800_050, [[SANCTIONED_BTC, 200_001_000]], [[VIA_BTC, 200_000_000]]),
      ],
    };
    esplora = await startFakeJsonApi((_method, path) => {
      if (path === '/api/blocks/tip/height') return { text: '800200' };
      const match = /^\/api\/address\/([^/]+)(\/txs(?:\/chain\/([0-9a-f]{64}))?)?$/.exec(path);
      if (!match) return null;
      const txs = btc[decodeURIComponent(match[1]!)] ?? [];
      if (!match[2]) return stats(txs.length);
      if (!match[3]) return txs.slice(0, 25);
      const after = txs.findIndex((tx) => (tx as { txid: string }).txid === match[3]);
      return txs.slice(after + 1, after + 26);
    });

    const trx: Record<string, unknown[]> = {
      [ROOT_TRX]: [trxTransfer(1, VIA_TRX, ROOT_TRX, 7_000_000)],
      [VIA_TRX]: [trxTransfer(1, VIA_TRX, ROOT_TRX, 7_000_000)],
      [ROOT_BUSY]: [trxTransfer(5000, BUSY_VIA, ROOT_BUSY, 3_000_000)],
      [BUSY_VIA]: [
        trxTransfer(5001, SANCTIONED_TRX, BUSY_VIA, 9_000_000),
        trxTransfer(5000, BUSY_VIA, ROOT_BUSY, 3_000_000),
        ...Array.from({ length: BUSY_PAYERS - 1 }, (_, i) =>
          trxTransfer(4999 - i, tronAddress(0x10000 + i), BUSY_VIA, 2_000_000),
        ),
      ],
    };
    const trc20: Record<string, unknown[]> = {
      [ROOT_TRX]: [],
      [VIA_TRX]: [trc20Transfer(2, SANCTIONED_TRX, VIA_TRX, '250000000')],
    };
    trongrid = await startFakeJsonApi((method, path, query) => {
      if (method === 'POST' && path === '/wallet/getnowblock') {
        return { blockID: txid(9), block_header: { raw_data: { number: 60_000_100, timestamp: 0 } } };
      }
      const match = /^\/v1\/accounts\/([^/]+)\/transactions(\/trc20)?$/.exec(path);
      if (!match) return null;
      // `limit` a page; `meta.fingerprint` (here the next offset) while more remain, as TronGrid pages.
      const all = (match[2] ? trc20 : trx)[match[1]!] ?? [];
      const offset = Number(query.get('fingerprint') ?? 0);
      const limit = Number(query.get('limit') ?? 20);
      const data = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? { fingerprint: String(offset + limit) } : {};
      return { data, success: true, meta: { at: 1_700_000_000_000, page_size: data.length, ...next } };
    });

    ctx = await createTestContext({
      history: createChainHistory({
        evmRpcUrls: {},
        esploraUrl: `${esplora.url}/api/`,
        trongridUrl: trongrid.url,
        timeoutMs: 2000,
      }),
    });
    await importOfac(OFAC, ctx.stores.lists);
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    await esplora?.close();
    await trongrid?.close();
  });

  it('follows bitcoin two hops back through inputs’ prevouts, paging the history', async () => {
    const result = await ctx.chainwarden.trace(ROOT_BTC);
    if (!result.ok) throw new Error(result.error.reason);
    const exposure = result.value;
    expect(exposure).toMatchObject({ chain: 'bitcoin', source: 'esplora', complete: true, level: 'low' });
    expect(exposure.transactionsRead).toBe(31 + 2);
    expect(exposure.hits).toEqual([
      expect.objectContaining({
        kind: 'sanctions',
        address: SANCTIONED_BTC,
        entity: 'EXAMPLE, Constructed Person (CYBER2)',
        hop: 2,
        direction: 'incoming',
        path: [ROOT_BTC, VIA_BTC, SANCTIONED_BTC],
        amount: '2',
        asset: 'BTC',
        transactions: [txid(1), txid(2)],
      }),
    ]);
    // Change back to the sender is not a payment: the first step is the 0.5 BTC alone.
    expect(exposure.hits[0]?.steps[0]).toMatchObject({ from: VIA_BTC, to: ROOT_BTC, amount: '0.5' });
    expect(esplora.hits).toContain(`/api/address/${ROOT_BTC}/txs/chain/${txid(123)}`);
  });

  it('follows TRX and TRC-20 USDT on Tron, and says the hex addresses in base58', async () => {
    const direct = await ctx.chainwarden.trace(VIA_TRX, { hops: 1 });
    if (!direct.ok) throw new Error(direct.error.reason);
    expect(direct.value).toMatchObject({ chain: 'tron', source: 'trongrid', level: 'high', complete: true });
    expect(direct.value.hits).toEqual([
      expect.objectContaining({
        address: SANCTIONED_TRX,
        hop: 1,
        amount: '250',
        asset: 'USDT',
        transactions: [txid(2)],
      }),
    ]);
    const indirect = await ctx.chainwarden.trace(ROOT_TRX);
    if (!indirect.ok) throw new Error(indirect.error.reason);
    expect(indirect.value.hits).toEqual([
      expect.objectContaining({
        address: SANCTIONED_TRX,
        hop: 2,
        path: [ROOT_TRX, VIA_TRX, SANCTIONED_TRX],
        steps: [
          { from: VIA_TRX, to: ROOT_TRX, amount: '7', asset: 'TRX', transactions: [txid(1)] },
          { from: SANCTIONED_TRX, to: VIA_TRX, amount: '250', asset: 'USDT', transactions: [txid(2)] },
        ],
      }),
    ]);
  });

  it('stops at a Tron address past TRACE_MAX_TX, since TronGrid gives no count, and says so', async () => {
    const before = trongrid.hits.length;
    const result = await ctx.chainwarden.trace(ROOT_BUSY);
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.value).toMatchObject({
      complete: false,
      incomplete: ['history-limit'],
      stoppedAt: [{ address: BUSY_VIA, reason: 'history-limit', label: null }],
      // Not followed: the sanctioned payer among its newest transactions is no hit of ROOT_BUSY's.
      hits: [],
      level: 'none',
    });
    // Five pages of 200 were read, then the reader stopped: at most TRACE_MAX_TX.
    const pages = trongrid.hits
      .slice(before)
      .filter((hit) => hit.startsWith(`/v1/accounts/${BUSY_VIA}/transactions?`));
    expect(pages).toHaveLength(5);
  });

  it('says a chain without a configured source has none', async () => {
    const result = await ctx.chainwarden.trace('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    expect(result).toMatchObject({ ok: false, error: { code: 'no-history-source', chain: 'evm' } });
    if (!result.ok) expect(result.error.reason).toContain('EVM_RPC_URL');
  });
});
