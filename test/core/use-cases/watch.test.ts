/**
 * The watch-list use case on real storage: the alerts that do not come from blocks. A list that
 * newly names a watched address alerts once (what was listed when the watch began does not); a
 * look-alike of a watched address screened in the watching community alerts that community once,
 * and nobody elsewhere; a report alerts every watch on its address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchDelivery } from '../../../src/core/index.js';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import { createTestContext, type TestContext } from '../../support/context.js';

const HOOK = { kind: 'webhook' as const, url: 'https://example.org/hook' };
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

async function watch(address: string, owner: string, community: string | null = null) {
  const result = await ctx.chainwarden.watching.addWatch({
    address,
    owner,
    destination: HOOK,
    createdBy: owner,
    community,
  });
  if (!result.ok) throw new Error(result.error.reason);
  return result.value.watch;
}

async function events(owner: string, id: string): Promise<WatchDelivery['event'][]> {
  const result = await ctx.chainwarden.watching.deliveries(owner, id);
  if (!result.ok) throw new Error(result.error.reason);
  return result.value.map((d) => d.event);
}

describe('listed', () => {
  it('alerts once when an import newly lists a watched address, not for a listing it already had', async () => {
    const address = '0x00000000000000000000000000000000000d1e57';
    await ctx.stores.lists.replaceList(
      { source: 'old-list', kind: 'scam', listDate: '2024-01-01' },
      batchesOf([listEntry(address, { label: 'old drainer' })]),
    );
    const w = await watch(address, 'api:lists');
    expect(await ctx.chainwarden.watching.checkListings()).toBe(0);
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-30' },
      batchesOf([listEntry(address, { entity: 'SOME MIXER', program: 'CYBER2' })]),
    );
    expect(await ctx.chainwarden.watching.checkListings()).toBe(1);
    expect(await ctx.chainwarden.watching.checkListings()).toBe(0);
    expect(await events('api:lists', w.id)).toEqual([
      { kind: 'listed', listKind: 'sanctions', source: 'ofac-sdn', label: 'SOME MIXER' },
    ]);
  });
});

describe('lookalike-seen', () => {
  const treasury = '0x7a3b000000000000000000000000000000009c4e';
  const poisoned = '0x7a3b1111111111111111111111111111111f9c4e';

  it('alerts the watching community when a look-alike of its address is checked there, once', async () => {
    const w = await watch(treasury, 'telegram:-100555', 'telegram:-100555');
    const other = await watch(treasury, 'telegram:-100666', 'telegram:-100666');
    const screened = await ctx.chainwarden.screenAddress(poisoned, { community: 'telegram:-100555' });
    expect(screened.ok && screened.value.lookalikes.map((l) => l.address.toLowerCase())).toContain(treasury);
    await ctx.chainwarden.screenText(`send it to ${poisoned} please`, { community: 'telegram:-100555' });
    await ctx.chainwarden.settled();
    const seen = await events('telegram:-100555', w.id);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'lookalike-seen', community: 'telegram:-100555' });
    expect(JSON.stringify(seen[0]).toLowerCase()).toContain(poisoned);
    // The other community saw nothing: its members were not shown the copy.
    expect(await events('telegram:-100666', other.id)).toEqual([]);
  });
});

describe('reported', () => {
  it('alerts every watch on the address, once per report', async () => {
    const address = '0x00000000000000000000000000000000000e0e01';
    const a = await watch(address, 'api:a');
    const b = await watch(address, 'api:b');
    for (const note of ['first', 'edited']) {
      const report = await ctx.chainwarden.submitReport({
        address,
        category: 'phishing',
        note,
        reporter: 'telegram:77',
        source: 'telegram',
      });
      expect(report.ok).toBe(true);
    }
    await ctx.chainwarden.settled();
    expect(await events('api:a', a.id)).toEqual([
      { kind: 'reported', category: 'phishing', via: 'telegram', verified: false },
    ]);
    expect(await events('api:b', b.id)).toHaveLength(1);
  });
});

describe('removing', () => {
  it('says plainly when the address is not watched, and accepts the id too', async () => {
    const w = await watch('0x00000000000000000000000000000000000f0f01', 'cli');
    const missing = await ctx.chainwarden.watching.removeWatch(
      'cli',
      '0x00000000000000000000000000000000000f0f02',
    );
    expect(!missing.ok && missing.error).toMatchObject({
      code: 'watch-not-found',
      reason: 'is not watched here',
    });
    const removed = await ctx.chainwarden.watching.removeWatch('cli', w.id);
    expect(removed.ok && removed.value.id).toBe(w.id);
  });
});
