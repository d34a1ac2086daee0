/**
 * Exposure end to end on a real node (anvil): a graph of ETH and ERC-20 transfers around real
 * listed addresses (Lazarus Group's from the constructed OFAC XML, a MEW darklist address from the
 * scam-list fixture), imported through the CLI as an operator would, then traced through the
 * service (HTTP, CLI and the ordinary check). anvil serves `trace_filter`, `ots_*` and `eth_getLogs`
 * out of the box; listed addresses send through `anvil_impersonateAccount`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Contract,
  ContractFactory,
  type ContractTransactionResponse,
  JsonRpcProvider,
  JsonRpcSigner,
  parseEther,
  parseUnits,
  Wallet,
} from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi, DEFAULT_HTTP_RATE_LIMIT, listenHttp } from '../../src/adapters/http/index.js';
import { type App, openApp } from '../../src/app.js';
import { createChainHistory } from '../../src/chain/index.js';
import { parseConfig } from '../../src/config.js';
import type { Exposure, ExposureHit, RiskSummary } from '../../src/core/index.js';
import { importList, importOfac } from '../../src/intel/index.js';
import { createLogger } from '../../src/logger.js';
import { runCliCaptured } from '../support/cli.js';
import { type CliEnv, createCliEnv } from '../support/cli-env.js';
import { createTestContext } from '../support/context.js';
import {
  type Anvil,
  type CountingRpcProxy,
  startAnvil,
  startCountingRpcProxy,
  startHangingServer,
} from './servers.js';

const FIXTURES = new URL('../fixtures/intel/', import.meta.url).pathname;
/** Listed for LAZARUS GROUP (DPRK3) in the constructed OFAC fixture (the Ronin bridge exploiter). */
const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
/** On the MEW darklist fixture (XRP phishing site). */
const SCAM = '0x09750ad360fdb7a2ee23669c4503c974d86d8694';

const require = createRequire(import.meta.url);
const erc20 = require('@openzeppelin/contracts/build/contracts/ERC20PresetFixedSupply.json') as {
  abi: unknown[];
  bytecode: string;
};

const fresh = () => Wallet.createRandom().address;

describe('exposure on a real node (anvil)', () => {
  let anvil: Anvil;
  let provider: JsonRpcProvider;
  let cli: CliEnv;
  let app: App | null = null;
  let api: { url: string; close(): Promise<void> };
  let token: string;
  const a = {
    direct: fresh(),
    indirect: fresh(),
    via: fresh(),
    viaExchange: fresh(),
    exchange: fresh(),
    tokenOnly: fresh(),
    tokenIndirect: fresh(),
    tokenVia: fresh(),
    dusted: fresh(),
    busyCustomer: fresh(),
    busy: fresh(),
    reported: fresh(),
    reportedSender: fresh(),
    clean: fresh(),
    paidScam: fresh(),
  };

  /** Sends value from any address (anvil impersonates it), mined at once. */
  async function send(from: string, to: string, value: bigint): Promise<string> {
    const tx = await new JsonRpcSigner(provider, from).sendTransaction({ to, value });
    await tx.wait();
    return tx.hash;
  }

  async function sendToken(from: string, to: string, amount: string): Promise<string> {
    const contract = new Contract(token, erc20.abi as never, new JsonRpcSigner(provider, from));
    const tx = (await contract.getFunction('transfer')(
      to,
      parseUnits(amount, 18),
    )) as ContractTransactionResponse;
    await tx.wait();
    return tx.hash;
  }

  const hashes: Record<string, string> = {};

  beforeAll(async () => {
    anvil = await startAnvil(1);
    provider = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
    await provider.send('anvil_autoImpersonateAccount', [true]);
    const rich = (await provider.send('eth_accounts', []))[0] as string;
    for (const who of [LAZARUS, SCAM, ...Object.values(a)]) {
      await provider.send('anvil_setBalance', [who, `0x${parseEther('100').toString(16)}`]);
    }
    // Token: 1,000,000 TKN minted to the scam address.
    const factory = new ContractFactory(erc20.abi as never, erc20.bytecode, await provider.getSigner(rich));
    const deployed = await factory.deploy('Test Token', 'TKN', parseUnits('1000000', 18), SCAM);
    await deployed.waitForDeployment();
    token = (await deployed.getAddress()).toLowerCase();

    hashes.direct = await send(LAZARUS, a.direct, parseEther('2'));
    hashes.viaIn = await send(LAZARUS, a.via, parseEther('5'));
    hashes.indirect = await send(a.via, a.indirect, parseEther('1'));
    await send(LAZARUS, a.exchange, parseEther('3'));
    await send(a.exchange, a.viaExchange, parseEther('1'));
    hashes.tokenOnly = await sendToken(SCAM, a.tokenOnly, '100');
    hashes.tokenViaIn = await sendToken(SCAM, a.tokenVia, '50');
    hashes.tokenIndirect = await sendToken(a.tokenVia, a.tokenIndirect, '20');
    hashes.dust = await send(LAZARUS, a.dusted, parseEther('0.0001'));
    await send(LAZARUS, a.busy, parseEther('1'));
    for (let i = 0; i < 4; i += 1) await send(a.busy, fresh(), 1n);
    await send(a.busy, a.busyCustomer, parseEther('0.5'));
    await send(a.reportedSender, a.reported, parseEther('0.2'));
    await send(rich, a.clean, parseEther('1'));
    hashes.paidScam = await send(a.paidScam, SCAM, parseEther('1'));

    cli = await createCliEnv('exposure', {
      EVM_RPC_URL: anvil.url,
      CHAIN_TIMEOUT_MS: '3000',
      TRACE_BUSY_TX: '3',
    });
    app = await openApp(parseConfig(cli.env));
    // The lists an operator imports (`chainwarden import ofac|list`), and one community report.
    const listDir = mkdtempSync(join(tmpdir(), 'exposure-lists-'));
    try {
      const scamFile = join(listDir, 'scams.txt');
      writeFileSync(scamFile, `${SCAM}\n`);
      const allowFile = join(listDir, 'exchanges.txt');
      writeFileSync(allowFile, `${a.exchange} # Test Exchange hot wallet\n`);
      await importOfac(join(FIXTURES, 'ofac/sdn-legacy-constructed.xml'), app.stores.lists);
      await importList(scamFile, app.stores.lists, {
        source: 'test-scams',
        kind: 'scam',
        category: 'phishing',
      });
      await importList(allowFile, app.stores.lists, { source: 'test-exchanges', kind: 'allow' });
    } finally {
      rmSync(listDir, { recursive: true, force: true });
    }
    const reported = await app.chainwarden.submitReport({
      address: a.reportedSender,
      category: 'phishing',
      note: null,
      evidence: null,
      reporter: 'cli:alice',
      source: 'cli',
    });
    expect(reported.ok).toBe(true);
    const logger = createLogger('silent');
    const http = createHttpApi({
      chainwarden: app.chainwarden,
      apiKeys: app.stores.apiKeys,
      lists: app.stores.lists,
      database: app.database,
      logger,
      // These tests trace far more than a client may a minute (trace-limit.test.ts tests that limit).
      rateLimit: { ...DEFAULT_HTTP_RATE_LIMIT, tracesPerMinute: 0 },
    });
    api = await listenHttp(http, { port: 0, host: '127.0.0.1', logger });
  }, 300_000);

  afterAll(async () => {
    await api?.close();
    await app?.close();
    await cli?.close();
    await anvil?.stop();
  });

  async function trace(address: string, hops: 1 | 2 = 2): Promise<Exposure> {
    const response = await fetch(`${api.url}/v1/addresses/${address}/exposure?hops=${hops}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Exposure;
  }

  async function check(address: string): Promise<RiskSummary> {
    const response = await fetch(`${api.url}/v1/addresses/${address}`);
    expect(response.status).toBe(200);
    return (await response.json()) as RiskSummary;
  }
  const codes = (summary: RiskSummary) => summary.reasons.map((r) => r.code);

  const only = (exposure: Exposure, kind: ExposureHit['kind']) =>
    exposure.hits.filter((h) => h.kind === kind);

  it('names a sanctioned sender one hop away, with the amount, the transaction and the entity', async () => {
    const exposure = await trace(a.direct);
    expect(exposure).toMatchObject({ chain: 'evm', hops: 2, complete: true, incomplete: [], level: 'high' });
    expect(exposure.source).toBe('evm:1 trace_filter');
    const [hit] = only(exposure, 'sanctions');
    expect(hit).toMatchObject({
      address: LAZARUS,
      hop: 1,
      direction: 'incoming',
      amount: '2',
      asset: 'ETH',
      entity: 'LAZARUS GROUP (DPRK3)',
      path: [a.direct, LAZARUS],
      transactions: [hashes.direct],
      dust: false,
    });
    expect(hit?.source).toMatch(/^ofac-sdn \(2024-09-27\)$/);
  });

  it('follows funds two hops back: path, both transfers and their transactions', async () => {
    const exposure = await trace(a.indirect);
    expect(exposure.level).toBe('low');
    const [hit] = only(exposure, 'sanctions');
    expect(hit).toMatchObject({
      address: LAZARUS,
      hop: 2,
      direction: 'incoming',
      path: [a.indirect, a.via, LAZARUS],
      amount: '5',
      asset: 'ETH',
      transactions: [hashes.indirect, hashes.viaIn],
    });
    expect(hit?.steps).toEqual([
      { from: a.via, to: a.indirect, amount: '1', asset: 'ETH', transactions: [hashes.indirect] },
      { from: LAZARUS, to: a.via, amount: '5', asset: 'ETH', transactions: [hashes.viaIn] },
    ]);
    // One hop sees nothing: the intermediary itself is clean.
    expect((await trace(a.indirect, 1)).hits).toEqual([]);
  });

  it('stops at an allowlisted exchange and says so', async () => {
    const exposure = await trace(a.viaExchange);
    expect(exposure.hits).toEqual([]);
    expect(exposure.stoppedAt).toEqual([
      { address: a.exchange, reason: 'allowlisted', label: 'Test Exchange hot wallet' },
    ]);
    expect(exposure.level).toBe('none');
  });

  it('stops at an address too busy to be one wallet (TRACE_BUSY_TX)', async () => {
    const exposure = await trace(a.busyCustomer);
    expect(exposure.hits).toEqual([]);
    expect(exposure.stoppedAt).toEqual([{ address: a.busy, reason: 'busy', label: null }]);
  });

  it('finds token-only flows from a scam-listed address, one and two hops out', async () => {
    const direct = await trace(a.tokenOnly);
    expect(direct.level).toBe('medium');
    expect(only(direct, 'scam')).toEqual([
      expect.objectContaining({
        address: expect.stringMatching(new RegExp(`^${SCAM}$`, 'i')),
        hop: 1,
        direction: 'incoming',
        amount: '100',
        asset: 'TKN',
        label: 'phishing',
        transactions: [hashes.tokenOnly],
      }),
    ]);
    const indirect = await trace(a.tokenIndirect);
    expect(only(indirect, 'scam')).toEqual([
      expect.objectContaining({
        hop: 2,
        amount: '50',
        asset: 'TKN',
        path: [a.tokenIndirect, a.tokenVia, expect.stringMatching(new RegExp(`^${SCAM}$`, 'i'))],
        transactions: [hashes.tokenIndirect, hashes.tokenViaIn],
      }),
    ]);
  });

  it('lists dust from a sanctioned address without raising the level', async () => {
    const exposure = await trace(a.dusted);
    expect(only(exposure, 'sanctions')).toEqual([
      expect.objectContaining({ hop: 1, amount: '0.0001', asset: 'ETH', dust: true }),
    ]);
    expect(exposure.level).toBe('none');
    const summary = await check(a.dusted);
    expect(summary.level).toBe('none');
    expect(codes(summary)).not.toContain('exposure-sanctions');
  });

  it('names reported senders, and payments to a scam address without blaming the payer', async () => {
    const reported = await trace(a.reported, 1);
    expect(only(reported, 'reports')).toEqual([
      expect.objectContaining({ address: a.reportedSender, label: '1 community report: phishing', hop: 1 }),
    ]);
    expect(reported.level).toBe('low');
    const victim = await trace(a.paidScam, 1);
    expect(only(victim, 'scam')).toEqual([
      expect.objectContaining({ direction: 'outgoing', transactions: [hashes.paidScam] }),
    ]);
    expect(victim.level).toBe('none');
  });

  it('raises the ordinary check for direct incoming funds, with the exposure in the summary', async () => {
    const summary = await check(a.direct);
    expect(summary.level).toBe('high');
    const reason = summary.reasons.find((r) => r.code === 'exposure-sanctions');
    expect(reason?.text).toBe(`Received 2 ETH directly from 0x098B…2f96 (ofac-sdn: LAZARUS GROUP (DPRK3)).`);
    expect(summary.exposure).toMatchObject({ hops: 1, complete: true });
    const scam = await check(a.tokenOnly);
    expect(scam.level).toBe('medium');
    expect(codes(scam)).toContain('exposure-scam');
    const reported = await check(a.reported);
    expect(reported.level).toBe('low');
    expect(codes(reported)).toContain('exposure-reported');
    // Two hops away is the trace's business: the check stays as it was.
    const indirect = await check(a.indirect);
    expect(indirect.level).toBe('none');
    const clean = await check(a.clean);
    expect(clean.exposure).toMatchObject({ hits: [], complete: true });
  });

  it('answers a second trace of the same address from the cache, with a listing made since', async () => {
    const first = await trace(a.via, 1);
    expect(first.cached).toBe(false);
    const second = await trace(a.via, 1);
    expect(second).toMatchObject({ cached: true, hits: first.hits });
    // A new report is seen at once: the cache holds what was read, not the verdict.
    const run = await app!.chainwarden.submitReport({
      address: a.indirect,
      category: 'phishing',
      note: null,
      evidence: null,
      reporter: 'cli:bob',
      source: 'cli',
    });
    expect(run.ok).toBe(true);
    const third = await trace(a.via, 1);
    expect(third.cached).toBe(true);
    expect(third.hits.map((h) => [h.kind, h.address, h.direction])).toContainEqual([
      'reports',
      a.indirect,
      'outgoing',
    ]);
  });

  const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;

  it('refuses hops other than 1 or 2, and a non-address, with a problem saying why', async () => {
    const bad = await fetch(`${api.url}/v1/addresses/${a.direct}/exposure?hops=3`);
    expect(bad.status).toBe(400);
    expect(await detail(bad)).toMatch(/hops must be 1 \(direct counterparties\) or 2/);
    const notAddress = await fetch(`${api.url}/v1/addresses/0x123/exposure`);
    expect(notAddress.status).toBe(400);
    expect(await detail(notAddress)).toMatch(/0x123/);
    const noSource = await fetch(`${api.url}/v1/addresses/TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy/exposure`);
    expect(noSource.status).toBe(422);
    expect(await detail(noSource)).toMatch(/TRONGRID_URL/);
  });

  it('prints a trace on the command line, as text and as the same JSON', async () => {
    // The CLI opens the data directory itself: the service's app lets go of it first.
    await api.close();
    await app!.close();
    app = null;
    api = { url: '', close: async () => {} };
    const text = await runCliCaptured(cli.env, ['trace', a.indirect]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('EXPOSURE LOW · 2 hops');
    expect(text.stdout).toContain(
      `Received 1 ETH from ${a.via.slice(0, 6)}…${a.via.slice(-4)}, which received 5 ETH from 0x098B…2f96 (ofac-sdn: LAZARUS GROUP (DPRK3)), 2 hops`,
    );
    const json = await runCliCaptured(cli.env, ['trace', a.direct, '--hops', '1', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ hops: 1, level: 'high', complete: true });
    const bad = await runCliCaptured(cli.env, ['trace', a.direct, '--hops', '5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('hops must be 1 or 2');
  }, 240_000);
});

describe('exposure when the node fails or is slow', () => {
  let anvil: Anvil;
  let proxy: CountingRpcProxy;

  beforeAll(async () => {
    anvil = await startAnvil(1);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await anvil?.stop();
  });

  async function traceWith(url: string, timeoutMs: number, budgetMs: number, address: string) {
    const ctx = await createTestContext({
      history: createChainHistory({ evmRpcUrls: { 1: url }, esploraUrl: null, trongridUrl: null, timeoutMs }),
      traceLimits: { budgetMs, concurrency: 2 },
    });
    try {
      const started = performance.now();
      const result = await ctx.chainwarden.trace(address);
      if (!result.ok) throw new Error(`trace failed: ${result.error.reason}`);
      return { exposure: result.value, elapsed: performance.now() - started };
    } finally {
      await ctx.close();
    }
  }

  it('answers a trace on a dead node as incomplete, within a few per-call timeouts', async () => {
    const hanging = await startHangingServer();
    try {
      const { exposure, elapsed } = await traceWith(hanging.url, 300, 15_000, fresh());
      expect(exposure).toMatchObject({
        complete: false,
        incomplete: ['node-unavailable'],
        hits: [],
        transactionsRead: 0,
      });
      // The head, then the history: two calls, each cut at 300 ms (generous margin for a busy machine).
      expect(elapsed).toBeLessThan(3000);
    } finally {
      await hanging.close();
    }
  }, 120_000);

  it('stops reading at TRACE_BUDGET_MS and names what it did not read', async () => {
    const provider = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
    const root = fresh();
    const senders = Array.from({ length: 20 }, fresh);
    for (const sender of senders) {
      await provider.send('anvil_setBalance', [sender, `0x${parseEther('1').toString(16)}`]);
      await provider.send('anvil_impersonateAccount', [sender]);
      const tx = await new JsonRpcSigner(provider, sender).sendTransaction({
        to: root,
        value: parseEther('0.5'),
      });
      await tx.wait();
    }
    // Each call waits 200 ms: the root's read (about three calls deep) fits in the budget, twenty
    // counterparties read two at a time do not.
    proxy = await startCountingRpcProxy(anvil.url, 200);
    const { exposure } = await traceWith(proxy.url, 3000, 2500, root);
    expect(exposure.complete).toBe(false);
    expect(exposure.incomplete).toContain('budget');
    expect(
      exposure.stoppedAt.some((stop) => stop.reason === 'budget'),
      JSON.stringify(exposure),
    ).toBe(true);
    expect(exposure.transactionsRead).toBeGreaterThan(0);
  }, 120_000);
});
