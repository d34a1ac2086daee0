/**
 * The screening cache (src/store/signals-cache.ts): a screen's answer is reused for a few seconds,
 * and forgotten as soon as anything it reads changes: a write through this process's stores, an
 * operator's SQL or another process's write (the database's notification), or, for a change no
 * trigger sees, when the entry expires.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chainwarden, createChainwarden, type RiskSummary } from '../../src/core/index.js';
import { createStores, type Stores } from '../../src/store/index.js';
import { createTestDatabase } from '../support/context.js';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const ADDRESS = '0x52908400098527886e0f7030069857d2e4169ee7';
const TWIN = '0x5290aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa9ee7';
/** Long enough that no test below passes by the entry expiring, except the one that waits for it. */
const TTL_MS = 60_000;

let database: TestDatabase;
let stores: Stores;
let chainwarden: Chainwarden;
beforeAll(async () => {
  database = await createTestDatabase();
  stores = createStores(database, { screeningCacheMs: TTL_MS });
  chainwarden = createChainwarden(stores);
});
afterAll(async () => {
  await chainwarden?.settled();
  await database?.close();
});

async function screen(address: string, via = chainwarden, community?: string): Promise<RiskSummary> {
  const result = await via.screenAddress(address, { community });
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
}

const report = (reporter: string, category = 'phishing', address = ADDRESS) =>
  chainwarden.submitReport({ address, category, reporter, source: 'api' });

/** Another process's write, or an operator's SQL, arrives through a notification: on Postgres, moments later. */
const soon = { timeout: 5000, interval: 50 };

let warmups = 0;
/**
 * New stores whose listener is known to be up: a connecting listener empties the cache (it may
 * have missed notifications), which would pass for the behaviour under test. Waits until a report
 * filed elsewhere shows, which only the notification can tell these stores.
 */
async function listeningStores(screeningCacheMs: number): Promise<{ stores: Stores; via: Chainwarden }> {
  const own = createStores(database, { screeningCacheMs });
  const via = createChainwarden(own);
  warmups += 1;
  const address = `0x${'7'.repeat(36)}${String(warmups).padStart(4, '0')}`;
  await screen(address, via);
  const other = createChainwarden(createStores(database, { screeningCacheMs: 0 }));
  await other.submitReport({ address, category: 'other', reporter: 'api:warm-up', source: 'api' });
  await expect.poll(async () => (await screen(address, via)).reports.total, soon).toBe(1);
  return { stores: own, via };
}

describe('the screening cache', () => {
  it('shows a report filed through this process on the very next screen', async () => {
    expect((await screen(ADDRESS)).reports.total).toBe(0);
    expect((await report('api:1')).ok).toBe(true);
    expect((await screen(ADDRESS)).reports.total).toBe(1);
    expect((await report('api:2', 'impersonation')).ok).toBe(true);
    expect((await screen(ADDRESS)).reports).toEqual({
      total: 2,
      verified: 0,
      categories: { phishing: 1, impersonation: 1 },
    });
  });

  it("follows an operator's SQL on the reports", async () => {
    await screen(ADDRESS);
    await database.db.execute(sql`update reports set status = 'review' where reporter = 'api:1'`);
    await expect.poll(async () => (await screen(ADDRESS)).reports.total, soon).toBe(1);
    await database.db.execute(sql`update reports set status = 'active' where reporter = 'api:1'`);
    await expect.poll(async () => (await screen(ADDRESS)).reports.total, soon).toBe(2);
  });

  it('shows a new look-alike reported meanwhile, and a list imported meanwhile', async () => {
    expect((await screen(TWIN)).lookalikes).toEqual([
      expect.objectContaining({ address: expect.stringMatching(new RegExp(ADDRESS, 'i')) }),
    ]);
    await stores.lists.replaceList(
      { source: 'cache-test', kind: 'scam', listDate: '2026-11-30', category: 'phishing' },
      (async function* () {
        yield [
          {
            key: TWIN,
            chain: 'evm' as const,
            display: TWIN,
            label: 'drainer',
            category: null,
            entity: null,
            program: null,
            listedAt: null,
          },
        ];
      })(),
    );
    const listed = await screen(TWIN);
    expect(listed.level).not.toBe('none');
    expect(JSON.stringify(listed)).toContain('drainer');
  });

  it('sees a report another process files, once its notification arrives', async () => {
    // A second set of stores on the same database: another replica, or the CLI.
    const other = createChainwarden(createStores(database, { screeningCacheMs: 0 }));
    const before = (await screen(ADDRESS)).reports.total;
    expect(
      (await other.submitReport({ address: ADDRESS, category: 'ponzi', reporter: 'api:3', source: 'api' }))
        .ok,
    ).toBe(true);
    await expect.poll(async () => (await screen(ADDRESS)).reports.total, soon).toBe(before + 1);
  });

  it('holds an answer no longer than its time to live when no trigger sees the change', async () => {
    const { via } = await listeningStores(2000);
    const total = (await screen(ADDRESS, via)).reports.total;
    // Triggers off for this change only (as a restore from a dump would): no notification is sent,
    // and the report tallies stay as they were, so the tally is changed by hand as well.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update report_tallies set active = active + 10 where address_key = ${ADDRESS}`);
    });
    // Served from memory until it expires, then read again.
    expect((await screen(ADDRESS, via)).reports.total).toBe(total);
    await expect
      .poll(async () => (await screen(ADDRESS, via)).reports.total, { timeout: 10_000, interval: 100 })
      .toBe(total + 10);
  });

  it('is emptied by signalsChanged, for a write that goes round the stores and their triggers', async () => {
    const { stores: own, via } = await listeningStores(TTL_MS);
    const total = (await screen(ADDRESS, via)).reports.total;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update report_tallies set active = active - 10 where address_key = ${ADDRESS}`);
    });
    expect((await screen(ADDRESS, via)).reports.total).toBe(total);
    own.signalsChanged();
    expect((await screen(ADDRESS, via)).reports.total).toBe(total - 10);
  });
});
