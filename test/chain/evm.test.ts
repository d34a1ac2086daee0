import { AbiCoder, JsonRpcProvider, Wallet, ZeroAddress } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChainFacts } from '../../src/chain/index.js';
import type { OnchainFacts, ParsedAddress } from '../../src/core/index.js';
import { assessRisk } from '../../src/core/index.js';
import { noReports } from '../fixtures/builders.js';

/** The on-chain reason codes a screen of these facts shows (the core's risk model decides them). */
const onchainCodes = (facts: OnchainFacts | null) =>
  assessRisk({
    listHits: [],
    reports: noReports,
    lookalikes: [],
    onchain: facts,
    now: new Date(),
  })
    .reasons.map((reason) => reason.code)
    .filter((code) => code !== 'no-reports');

import { type Anvil, freePort, type HangingServer, startAnvil, startHangingServer } from './servers.js';

const TIMEOUT_MS = 300;
// Generous: CI runs test files in parallel on two cores; a hang would still blow far past it.
const MARGIN_MS = 1000;

// Init code that returns a 10-byte runtime (PUSH1 42, MSTORE, RETURN 32 bytes): any contract will do.
const RUNTIME = '602a60005260206000f3';
const INIT_CODE = `0x600a600c600039600a6000f3${RUNTIME}`;

// ethers 6 asks mainnet's ENS Universal Resolver for reverse names.
const UNIVERSAL_RESOLVER = '0xeeeeeeee14d718c2b47d9923deab1335e144eeee';

/** Runtime code that answers every call with `data` (CODECOPY the tail of its own code, RETURN). */
function constantAnswerCode(data: string): string {
  const length = (data.length - 2) / 2;
  const len = length.toString(16).padStart(4, '0');
  return `0x61${len}600e60003961${len}6000f3${data.slice(2)}`;
}

const evm = (address: string): ParsedAddress => ({
  chain: 'evm',
  key: address.toLowerCase(),
  display: address,
  network: 'mainnet',
  kind: 'eoa-or-contract',
});

const unavailable = (source: string, unavailableBecause: string) => ({
  available: false,
  source,
  isContract: null,
  txCount: null,
  balance: null,
  unavailableBecause,
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
  const started = performance.now();
  const value = await work();
  return { value, elapsed: performance.now() - started };
}

describe('EVM facts from a real node (anvil)', () => {
  let anvil: Anvil;
  let sender: string;
  let contract: string;
  let delegated: string;

  beforeAll(async () => {
    // Chain id 1 so the optional ENS reverse lookup runs too (and fails: anvil has no ENS registry).
    anvil = await startAnvil(1);
    const provider = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
    try {
      const signer = await provider.getSigner(0);
      sender = await signer.getAddress();
      const deploy = await signer.sendTransaction({ data: INIT_CODE });
      const receipt = await deploy.wait();
      contract = receipt!.contractAddress!;
      const transfer = await signer.sendTransaction({ to: Wallet.createRandom().address, value: 1n });
      await transfer.wait();
      // An EIP-7702 delegating EOA: code is the designator 0xef0100 || target address.
      delegated = Wallet.createRandom().address;
      await provider.send('anvil_setCode', [delegated, `0xef0100${contract.slice(2)}`]);
      await provider.send('anvil_setBalance', [delegated, '0x5']);
    } finally {
      provider.destroy();
    }
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it('recognises a deployed contract', async () => {
    const chain = createChainFacts({ evmRpcUrls: { 1: anvil.url }, esploraUrl: null, timeoutMs: 1500 });
    const facts = await chain.factsFor(evm(contract));
    expect(facts).toMatchObject({ available: true, source: 'evm:1', isContract: true, balance: '0' });
    expect(onchainCodes(facts)).toEqual(['contract']);
    await chain.close();
  });

  it('counts the transactions a wallet has sent', async () => {
    const chain = createChainFacts({ evmRpcUrls: { 1: anvil.url }, esploraUrl: null, timeoutMs: 1500 });
    const facts = await chain.factsFor(evm(sender));
    expect(facts).toMatchObject({ available: true, source: 'evm:1', isContract: false, txCount: 2 });
    expect(BigInt(facts!.balance!)).toBeGreaterThan(0n);
    expect(facts).not.toHaveProperty('name');
    expect(onchainCodes(facts)).toEqual([]);
    await chain.close();
  });

  it('reports an untouched random address as unused', async () => {
    const chain = createChainFacts({ evmRpcUrls: { 1: anvil.url }, esploraUrl: null, timeoutMs: 1500 });
    const facts = await chain.factsFor(evm(Wallet.createRandom().address));
    expect(facts).toEqual({ available: true, source: 'evm:1', isContract: false, txCount: 0, balance: '0' });
    expect(onchainCodes(facts)).toEqual(['unused-address']);
    await chain.close();
  });

  it('does not call a wallet that delegates with EIP-7702 a contract', async () => {
    const chain = createChainFacts({ evmRpcUrls: { 1: anvil.url }, esploraUrl: null, timeoutMs: 1500 });
    await expect(chain.factsFor(evm(delegated))).resolves.toMatchObject({
      available: true,
      isContract: false,
      balance: '5',
    });
    await chain.close();
  });

  it('adds the ENS reverse name when the node answers it in time', async () => {
    // reverse(bytes,uint256) returns (string primary, address resolver, address reverseResolver).
    const answer = AbiCoder.defaultAbiCoder().encode(
      ['string', 'address', 'address'],
      ['chainwarden-test.eth', ZeroAddress, ZeroAddress],
    );
    const admin = new JsonRpcProvider(anvil.url, 1, { staticNetwork: true });
    const chain = createChainFacts({ evmRpcUrls: { 1: anvil.url }, esploraUrl: null, timeoutMs: 1500 });
    try {
      await admin.send('anvil_setCode', [UNIVERSAL_RESOLVER, constantAnswerCode(answer)]);
      await expect(chain.factsFor(evm(sender))).resolves.toMatchObject({
        available: true,
        name: 'chainwarden-test.eth',
        txCount: 2,
      });
    } finally {
      await admin.send('anvil_setCode', [UNIVERSAL_RESOLVER, '0x']);
      admin.destroy();
      await chain.close();
    }
  });

  it('asks the first configured chain when mainnet is not configured', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const chain = createChainFacts({
      evmRpcUrls: { 137: closed, 10: anvil.url },
      esploraUrl: null,
      timeoutMs: 1500,
    });
    await expect(chain.factsFor(evm(contract))).resolves.toMatchObject({
      available: true,
      source: 'evm:10',
      isContract: true,
    });
    await chain.close();
  });

  it('answers null for an EVM address when no EVM node is configured', async () => {
    const chain = createChainFacts({ evmRpcUrls: {}, esploraUrl: null, timeoutMs: 1500 });
    await expect(chain.factsFor(evm(sender))).resolves.toBeNull();
    await chain.close();
  });
});

describe('EVM node failures', () => {
  let hanging: HangingServer;

  beforeAll(async () => {
    hanging = await startHangingServer();
  });

  afterAll(async () => {
    await hanging?.close();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers unavailable at once when the node is down, and ethers stays quiet', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const url = `http://127.0.0.1:${await freePort()}`;
    const chain = createChainFacts({ evmRpcUrls: { 1: url }, esploraUrl: null, timeoutMs: TIMEOUT_MS });
    const target = evm(Wallet.createRandom().address);
    const { value, elapsed } = await timed(() => chain.factsFor(target));
    expect(value).toEqual(unavailable('evm:1', 'error'));
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    // ethers without staticNetwork prints "failed to detect network" every second; give it time to.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    await chain.close();
  });

  it('answers unavailable within the timeout when the node accepts but never answers', async () => {
    const before = hanging.connections();
    const chain = createChainFacts({
      evmRpcUrls: { 1: hanging.url },
      esploraUrl: null,
      timeoutMs: TIMEOUT_MS,
    });
    const target = evm(Wallet.createRandom().address);
    const { value, elapsed } = await timed(() => chain.factsFor(target));
    expect(value).toEqual(unavailable('evm:1', 'timeout'));
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(hanging.connections()).toBeGreaterThan(before);
    // The abandoned request does not keep its connection open.
    await vi.waitFor(() => expect(hanging.closedByClient()).toBe(hanging.connections()), {
      timeout: MARGIN_MS,
    });
    await chain.close();
  });

  it('stops calling a hanging node after the failure threshold and answers immediately', async () => {
    const chain = createChainFacts({
      evmRpcUrls: { 1: hanging.url },
      esploraUrl: null,
      timeoutMs: TIMEOUT_MS,
      breaker: { failureThreshold: 2, cooldownMs: 30_000 },
    });
    await chain.factsFor(evm(Wallet.createRandom().address));
    await chain.factsFor(evm(Wallet.createRandom().address));
    const connectionsWhenOpen = hanging.connections();
    const target = evm(Wallet.createRandom().address);
    const { value, elapsed } = await timed(() => chain.factsFor(target));
    expect(value).toEqual(unavailable('evm:1', 'paused'));
    // Well under the timeout a call to the hanging node would take; the connection count below is the proof.
    expect(elapsed).toBeLessThan(TIMEOUT_MS);
    // Let any stray request arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hanging.connections()).toBe(connectionsWhenOpen);
    await chain.close();
  });

  it('answers unavailable after close instead of throwing', async () => {
    const chain = createChainFacts({
      evmRpcUrls: { 1: hanging.url },
      esploraUrl: null,
      timeoutMs: TIMEOUT_MS,
    });
    await chain.close();
    await expect(chain.factsFor(evm(Wallet.createRandom().address))).resolves.toEqual(
      unavailable('evm:1', 'error'),
    );
  });
});
