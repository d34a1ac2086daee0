/**
 * Tron address history for tracing from TronGrid's v1 API: `/v1/accounts/:a/transactions` (TRX
 * `TransferContract`s; addresses come back as 41-prefixed hex and are turned into base58) and
 * `/v1/accounts/:a/transactions/trc20` (token transfers, base58, with the token's symbol and
 * decimals), 200 a page, newest first, following `meta.fingerprint`. TronGrid gives no transaction
 * count (`/v1/accounts/:a` and `/wallet/getaccount` carry balances and resources, not a count), so
 * `txCount` is null: an address whose listing goes past TRACE_MAX_TX comes back `truncated`, and
 * the trace stops there (`history-limit`) rather than guess whether it is a service.
 */
import bs58check from 'bs58check';
import { z } from 'zod';
import type { AddressHistory, Asset, Transfer } from '../core/index.js';
import type { HistorySource } from './history.js';

const TRX: Asset = { symbol: 'TRX', decimals: 6, contract: null };
/** TronGrid's largest page. */
const PAGE = 200;

// Shapes from developers.tron.network ("Get transaction info by account address", "Get TRC20
// transaction info by account address"); only the fields read here are checked.
const meta = z.object({ fingerprint: z.string().optional() }).passthrough();
const trxPage = z.object({
  data: z.array(
    z
      .object({
        txID: z.string(),
        block_timestamp: z.number(),
        ret: z.array(z.object({ contractRet: z.string().optional() }).passthrough()).optional(),
        raw_data: z
          .object({
            contract: z.array(
              z.object({
                type: z.string(),
                parameter: z.object({ value: z.record(z.string(), z.unknown()) }).passthrough(),
              }),
            ),
          })
          .passthrough(),
      })
      .passthrough(),
  ),
  meta: meta.optional(),
});
const trc20Page = z.object({
  data: z.array(
    z
      .object({
        transaction_id: z.string(),
        block_timestamp: z.number(),
        from: z.string(),
        to: z.string(),
        value: z.string(),
        type: z.string().optional(),
        token_info: z
          .object({ symbol: z.string(), address: z.string(), decimals: z.number().int() })
          .passthrough(),
      })
      .passthrough(),
  ),
  meta: meta.optional(),
});
const nowBlock = z.object({
  block_header: z.object({ raw_data: z.object({ number: z.number().int() }).passthrough() }).passthrough(),
});

export function createTronGridHistory(
  baseUrl: string,
  apiKey: string | null,
  timeoutMs: number,
): HistorySource {
  const root = baseUrl.replace(/\/+$/, '');
  const counted: Record<string, number> = {};
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey) headers['TRON-PRO-API-KEY'] = apiKey;

  async function request(path: string, label: string, signal: AbortSignal, init: RequestInit = {}) {
    counted[label] = (counted[label] ?? 0) + 1;
    const response = await fetch(`${root}${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`TronGrid answered HTTP ${response.status} for ${label}`);
    }
    return response.json() as Promise<unknown>;
  }

  /** Every page of one listing, newest first, until `max` entries or the last page. */
  async function pages<T>(
    path: string,
    label: string,
    parse: (body: unknown) => { data: T[]; meta?: { fingerprint?: string } | undefined },
    max: number,
    signal: AbortSignal,
  ): Promise<{ entries: T[]; more: boolean }> {
    const entries: T[] = [];
    let fingerprint: string | undefined;
    for (;;) {
      const query = new URLSearchParams({
        limit: String(PAGE),
        only_confirmed: 'true',
        order_by: 'block_timestamp,desc',
      });
      if (fingerprint) query.set('fingerprint', fingerprint);
      const page = parse(await request(`${path}?${query}`, label, signal));
      entries.push(...page.data);
      fingerprint = page.meta?.fingerprint;
      if (!fingerprint || page.data.length === 0) return { entries, more: false };
      if (entries.length >= max) return { entries, more: true };
    }
  }

  return {
    source: () => 'trongrid',
    async head(signal) {
      const body = nowBlock.parse(
        await request('/wallet/getnowblock', '/wallet/getnowblock', signal, { method: 'POST' }),
      );
      return String(body.block_header.raw_data.number);
    },
    async history(key, { maxTx, signal }): Promise<AddressHistory> {
      const account = `/v1/accounts/${encodeURIComponent(key)}`;
      const [trx, trc20] = await Promise.all([
        pages(
          `${account}/transactions`,
          '/v1/accounts/:a/transactions',
          (b) => trxPage.parse(b),
          maxTx,
          signal,
        ),
        pages(
          `${account}/transactions/trc20`,
          '/v1/accounts/:a/transactions/trc20',
          (b) => trc20Page.parse(b),
          maxTx,
          signal,
        ),
      ]);
      const transfers: Transfer[] = [];
      for (const tx of trx.entries) {
        if (tx.ret?.some((r) => r.contractRet !== undefined && r.contractRet !== 'SUCCESS')) continue;
        for (const contract of tx.raw_data.contract) {
          if (contract.type !== 'TransferContract') continue;
          const { amount, owner_address: owner, to_address: to } = contract.parameter.value;
          const from = base58(owner);
          const recipient = base58(to);
          if (!from || !recipient || (typeof amount !== 'number' && typeof amount !== 'string')) continue;
          transfers.push({
            from,
            to: recipient,
            value: BigInt(amount).toString(),
            asset: TRX,
            hash: tx.txID,
            block: tx.block_timestamp,
          });
        }
      }
      for (const entry of trc20.entries) {
        if (entry.type !== undefined && entry.type !== 'Transfer') continue;
        if (!/^\d+$/.test(entry.value)) continue;
        const symbol = [...entry.token_info.symbol.replace(/[\p{Cc}\p{Cf}\s]/gu, '')].slice(0, 24).join('');
        transfers.push({
          from: entry.from,
          to: entry.to,
          value: entry.value,
          asset: {
            symbol: symbol || entry.token_info.address,
            decimals: Math.min(36, Math.max(0, entry.token_info.decimals)),
            contract: entry.token_info.address,
          },
          hash: entry.transaction_id,
          block: entry.block_timestamp,
        });
      }
      transfers.sort((a, b) => b.block - a.block);
      const hashes = new Set<string>();
      const kept = transfers.filter((t) => {
        if (!hashes.has(t.hash) && hashes.size >= maxTx) return false;
        hashes.add(t.hash);
        return true;
      });
      return {
        transfers: kept,
        truncated: trx.more || trc20.more || kept.length < transfers.length,
        txCount: null,
      };
    },
    calls: () => ({ ...counted }),
  };
}

/** A TronGrid hex address (`41` + 20 bytes) as base58check (`T…`); base58 input is kept as is. */
function base58(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (/^41[0-9a-fA-F]{40}$/.test(value)) return bs58check.encode(Buffer.from(value, 'hex'));
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(value)) return value;
  return null;
}
