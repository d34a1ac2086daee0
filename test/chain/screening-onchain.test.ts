/**
 * On-chain facts in a real screen: the core with a real store and a real local EVM node (anvil),
 * as /check, the CLI and the API show it.
 */
import { JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainFacts } from '../../src/chain/index.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { type Anvil, freePort, startAnvil } from './servers.js';

// Init code deploying a 10-byte runtime: any contract will do.
const INIT_CODE = '0x600a600c600039600a6000f3602a60005260206000f3';

describe('a screen with on-chain facts', () => {
  let anvil: Anvil;
  let ctx: TestContext;
  let sender: string;
  let contract: string;
  let chain: ReturnType<typeof createChainFacts>;

  beforeAll(async () => {
    anvil = await startAnvil(31337);
    const provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true });
    const signer = await provider.getSigner(0);
    sender = await signer.getAddress();
    const receipt = await (await signer.sendTransaction({ data: INIT_CODE })).wait();
    contract = receipt!.contractAddress!;
    provider.destroy();
    chain = createChainFacts({ evmRpcUrls: { 31337: anvil.url }, esploraUrl: null, timeoutMs: 1500 });
    ctx = await createTestContext({ chain });
  });
  afterAll(async () => {
    await chain?.close();
    await ctx?.close();
    await anvil?.stop();
  });

  it('names a contract as a contract', async () => {
    const result = await ctx.chainwarden.screenAddress(contract);
    expect(result.ok && result.value.onchain).toMatchObject({
      available: true,
      source: 'evm:31337',
      isContract: true,
    });
    expect(result.ok && result.value.reasons.map((r) => r.code)).toEqual(['contract', 'no-reports']);
  });

  it('counts the sender’s transactions and adds no warning for it', async () => {
    const result = await ctx.chainwarden.screenAddress(sender);
    expect(result.ok && result.value.onchain).toMatchObject({
      available: true,
      isContract: false,
      txCount: 1,
    });
    expect(result.ok && result.value.reasons.map((r) => r.code)).toEqual(['no-reports']);
  });

  it('says plainly that an untouched address never sent a transaction', async () => {
    const result = await ctx.chainwarden.screenAddress(Wallet.createRandom().address);
    expect(result.ok && result.value.onchain).toEqual({
      available: true,
      source: 'evm:31337',
      isContract: false,
      txCount: 0,
      balance: '0',
    });
    expect(result.ok && result.value.reasons[0]?.code).toBe('unused-address');
  });

  it('still answers, within the timeout, when the node is down', async () => {
    const port = await freePort();
    const dead = createChainFacts({
      evmRpcUrls: { 1: `http://127.0.0.1:${port}` },
      esploraUrl: null,
      timeoutMs: 300,
    });
    const down = await createTestContext({ chain: dead });
    try {
      const started = Date.now();
      const result = await down.chainwarden.screenAddress(sender);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result.ok && result.value.onchain?.available).toBe(false);
      expect(result.ok && result.value.reasons.map((r) => r.code)).toEqual([
        'onchain-unavailable',
        'no-reports',
      ]);
    } finally {
      await dead.close();
      await down.close();
    }
  });
});
