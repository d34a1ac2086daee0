/**
 * The storage ports on real storage (PGlite, or Postgres with TEST_DATABASE_URL): what the core and
 * adapters rely on beyond screening.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Chainwarden, ListEntry, RiskSummary } from '../../src/core/index.js';
import { createChainwarden, parseAddress } from '../../src/core/index.js';
import { createStores, DataDirInUseError, openDatabase, runExclusively } from '../../src/store/index.js';
import { startListener } from '../../src/store/listener.js';
import { batchesOf, listEntry } from '../fixtures/builders.js';
import { createTestContext, createTestDatabase, type TestContext } from '../support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const entry = (key: string): ListEntry => listEntry(key, { category: 'phishing' });

/** Polls `check` every 50 ms for up to 5 s: for what arrives as a notification. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
const A = '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = '0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('ListStore.replaceList', () => {
  it('replaces a list: addresses missing from the new edition disappear', async () => {
    async function* first() {
      yield [entry(A), entry(B)];
    }
    async function* second() {
      yield [entry(B)];
    }
    const meta = { source: 'darklist', kind: 'scam' as const, listDate: '2026-11-01' };
    await ctx.stores.lists.replaceList(meta, first());
    await ctx.stores.lists.replaceList({ ...meta, listDate: '2026-11-20' }, second());
    expect(await ctx.stores.lists.hitsFor(A)).toEqual([]);
    expect(await ctx.stores.lists.hitsFor(B)).toEqual([
      expect.objectContaining({
        kind: 'scam',
        source: 'darklist',
        listDate: '2026-11-20',
        category: 'phishing',
      }),
    ]);
  });

  it('keeps the previous edition whole when an import fails half-way', async () => {
    async function* broken(): AsyncGenerator<ListEntry[]> {
      yield [entry(A)];
      throw new Error('download cut off');
    }
    await expect(
      ctx.stores.lists.replaceList({ source: 'darklist', kind: 'scam', listDate: '2026-11-25' }, broken()),
    ).rejects.toThrow('download cut off');
    expect(await ctx.stores.lists.hitsFor(A)).toEqual([]);
    expect((await ctx.stores.lists.hitsFor(B))[0]?.listDate).toBe('2026-11-20');
    const sources = await ctx.stores.lists.listSources();
    expect(sources.find((s) => s.source === 'darklist')?.count).toBe(1);
  });
});

describe('ListStore.replaceLists', () => {
  const C = '0xcccccccccccccccccccccccccccccccccccccccc';
  const D = '0xdddddddddddddddddddddddddddddddddddddddd';
  const olderOnly = (current: { listDate: string } | null, next: { listDate: string }) =>
    current === null || current.listDate < next.listDate;

  it('replaces only the lists the rule accepts given the stored edition, and says which', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'kept-list', kind: 'scam', listDate: '2026-06-01' },
      batchesOf([entry(C)]),
    );
    const replaced = await ctx.stores.lists.replaceLists(
      [
        {
          meta: { source: 'kept-list', kind: 'scam', listDate: '2025-01-01', origin: 'bundled' },
          entries: [entry(D)],
        },
        {
          meta: { source: 'new-list', kind: 'scam', listDate: '2025-01-01', origin: 'bundled' },
          entries: [entry(D)],
        },
      ],
      olderOnly,
    );
    expect(replaced).toEqual(['new-list']);
    expect((await ctx.stores.lists.hitsFor(C)).map((hit) => hit.source)).toEqual(['kept-list']);
    expect(await ctx.stores.lists.hitsFor(D)).toEqual([
      expect.objectContaining({ source: 'new-list', listDate: '2025-01-01', origin: 'bundled' }),
    ]);
    const sources = await ctx.stores.lists.listSources();
    expect(sources.find((s) => s.source === 'kept-list')).toMatchObject({ origin: 'imported', count: 1 });
  });

  it('changes no list when one of them fails to store', async () => {
    await expect(
      ctx.stores.lists.replaceLists(
        [
          {
            meta: { source: 'new-list', kind: 'scam', listDate: '2025-02-01', origin: 'bundled' },
            entries: [],
          },
          {
            meta: { source: 'other-list', kind: 'scam', listDate: '2025-02-01', origin: 'bundled' },
            // A key the schema refuses (address_key is NOT NULL): the whole transaction rolls back.
            entries: [entry(C), { ...entry(D), key: null as unknown as string }],
          },
        ],
        olderOnly,
      ),
    ).rejects.toThrow();
    const sources = await ctx.stores.lists.listSources();
    expect(sources.find((s) => s.source === 'new-list')).toMatchObject({ listDate: '2025-01-01', count: 1 });
    expect(sources.find((s) => s.source === 'other-list')).toBeUndefined();
  });
});

/**
 * Screens read per-address tallies kept by triggers on `reports`: whoever writes a report, in any
 * way, the next screen counts it.
 */
describe('report tallies', () => {
  // A poisoned pair: same first 4 and last 4 hex characters.
  const REAL = '0xd9a1c3788d81257612e2581a6ea0ada244853a91';
  const TWIN = '0xd9a1b0b1e1ae382dbdc898ea68012ffcb2853a91';

  // The server whose moderator verifies a report below: the verification counts in its own screens.
  const MOD_SERVER = 'discord:80351110224678912';
  async function screen(address: string, community?: string): Promise<RiskSummary> {
    const result = await ctx.chainwarden.screenAddress(address, { community });
    if (!result.ok) throw new Error(result.error.reason);
    return result.value;
  }
  const reportTwin = (chainwarden: Chainwarden, reporter: string, category: string) =>
    chainwarden.submitReport({ address: TWIN, category, reporter, source: 'api' });
  function report(address: string, reporter: string, category = 'phishing', verifiedBy?: string) {
    const community = verifiedBy ? MOD_SERVER : null;
    return ctx.chainwarden.submitReport({
      address,
      category,
      reporter,
      source: 'api',
      verifiedBy,
      community,
    });
  }

  it('counts every report, by category, including ones submitted at the same moment', async () => {
    const saved = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        report(TWIN, `api:${i}`, i % 3 === 0 ? 'impersonation' : 'phishing'),
      ),
    );
    expect(saved.every((s) => s.ok)).toBe(true);
    const summary = await screen(TWIN);
    expect(summary.reports).toEqual({
      total: 12,
      verified: 0,
      categories: { impersonation: 4, phishing: 8 },
    });
    // The reported twin is a look-alike of the real address.
    expect((await screen(REAL)).lookalikes).toEqual([
      { address: '0xd9A1b0B1e1aE382DbDc898Ea68012FfcB2853a91', label: '', source: 'community reports' },
    ]);
  });

  it('follows a report updated by its reporter and one verified by a moderator', async () => {
    await report(TWIN, 'api:0', 'phishing');
    await report(TWIN, 'mod:1', 'fake-airdrop', 'discord:mod');
    const summary = await screen(TWIN, MOD_SERVER);
    expect(summary.reports).toEqual({
      total: 13,
      verified: 1,
      categories: { impersonation: 3, phishing: 9, 'fake-airdrop': 1 },
    });
    expect(summary.level).toBe('high');
  });

  it('follows reports an operator moves to review or deletes by hand', async () => {
    await ctx.database.db.execute(
      sql`update reports set status = 'review' where address_key = ${TWIN} and category = 'phishing'`,
    );
    // A write by hand reaches the screening cache through NOTIFY, a moment after it commits: well
    // within the wait, which is shorter than the cache's 5 s, so only the notice can pass it.
    const soon = { timeout: 2000, interval: 20 };
    await vi.waitFor(async () => {
      expect((await screen(TWIN, MOD_SERVER)).reports).toEqual({
        total: 4,
        verified: 1,
        categories: { impersonation: 3, 'fake-airdrop': 1 },
      });
    }, soon);
    await ctx.database.db.execute(sql`delete from reports where address_key = ${TWIN} and status = 'active'`);
    await vi.waitFor(async () => {
      const summary = await screen(TWIN);
      expect(summary.reports).toEqual({ total: 0, verified: 0, categories: {} });
      expect(summary.level).toBe('none');
    }, soon);
    // Reports under review do not make an address a look-alike candidate either.
    await vi.waitFor(async () => expect((await screen(REAL)).lookalikes).toEqual([]), soon);
    await ctx.database.db.execute(sql`delete from reports where address_key = ${TWIN}`);
    await vi.waitFor(async () => expect((await screen(TWIN)).reports.total).toBe(0), soon);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'counts a report filed while the last other report is being deleted (Postgres only: PGlite has one connection)',
    async () => {
      const own = await createTestDatabase();
      const operator = postgres(own.url!, { max: 1, onnotice: () => {} });
      try {
        const chainwarden = createChainwarden(createStores(own));
        await reportTwin(chainwarden, 'api:1', 'phishing');
        // The interleaving that once lost a tally: the new report's recount finds the tally row, then
        // waits for it while the operator deletes the address's only other report. The operator's
        // transaction takes the row first only to force that order.
        let filed: Promise<unknown> | undefined;
        await operator.begin(async (tx) => {
          await tx`select 1 from report_tallies where address_key = ${TWIN} for update`;
          filed = reportTwin(chainwarden, 'api:2', 'rug-pull');
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx`delete from reports where address_key = ${TWIN} and reporter = 'api:1'`;
        });
        await filed;
        const result = await chainwarden.screenAddress(TWIN);
        expect(result.ok && result.value.reports).toEqual({
          total: 1,
          verified: 0,
          categories: { 'rug-pull': 1 },
        });
      } finally {
        await operator.end();
        await own.close();
      }
    },
  );

  it('empties with the reports table when an operator truncates it', async () => {
    const own = await createTestDatabase();
    try {
      const chainwarden = createChainwarden(createStores(own));
      await reportTwin(chainwarden, 'api:1', 'phishing');
      await own.db.execute(sql`truncate reports`);
      const result = await chainwarden.screenAddress(TWIN);
      expect(result.ok && result.value.reports.total).toBe(0);
      const real = await chainwarden.screenAddress(REAL);
      expect(real.ok && real.value.lookalikes).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

/**
 * Lists are screened from memory (list-index.ts) unless they outgrow the bound; both ways answer
 * the same, and an import is seen by the very next screen.
 */
describe('lists in memory', () => {
  const LISTED = '0x1111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2222';
  const TWIN = '0x1111bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2222';
  const OTHER = '0x1111cccccccccccccccccccccccccccccccc2222';

  it('answers exactly as the lists probed in SQL do', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-20' },
      batchesOf([listEntry(LISTED, { label: 'Lazarus', entity: 'LAZARUS GROUP', program: 'DPRK3' })]),
    );
    await ctx.stores.lists.replaceList(
      { source: 'mew-darklist', kind: 'scam', listDate: '2026-11-21', category: 'phishing' },
      batchesOf([listEntry(LISTED, { label: 'fake MEW' }), listEntry(TWIN, { label: 'drainer' })]),
    );
    await ctx.chainwarden.submitReport({
      address: OTHER,
      category: 'phishing',
      reporter: 'api:1',
      source: 'api',
    });
    const inSql = createChainwarden(createStores(ctx.database, { listMemoryMaxEntries: 0 }));
    for (const address of [LISTED, TWIN, OTHER]) {
      const fromMemory = await ctx.chainwarden.screenAddress(address);
      expect(fromMemory).toEqual(await inSql.screenAddress(address));
    }
    // One look-alike per address: the listed one (in two lists) and the reported one.
    const twin = await ctx.chainwarden.screenAddress(TWIN);
    expect(twin.ok && twin.value.lookalikes.map((l) => l.address.toLowerCase()).sort()).toEqual([
      LISTED,
      OTHER,
    ]);
    const listed = await ctx.chainwarden.screenAddress(LISTED);
    expect(listed.ok && listed.value.level).toBe('severe');
  });

  it('screens many addresses at once (watch-list counterparties) as it screens each alone', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-20' },
      batchesOf([listEntry(LISTED, { label: 'Lazarus', entity: 'LAZARUS GROUP', program: 'DPRK3' })]),
    );
    await ctx.chainwarden.submitReport({
      address: OTHER,
      category: 'phishing',
      reporter: 'api:2',
      source: 'api',
    });
    const CLEAN = '0x3333444455556666777788889999aaaabbbbcccc';
    const addresses = [LISTED, TWIN, OTHER, CLEAN, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'];
    const parsed = addresses.map((a) => {
      const result = parseAddress(a);
      if (!result.ok) throw new Error(result.error.reason);
      return result.value;
    });
    const inSql = createChainwarden(createStores(ctx.database, { listMemoryMaxEntries: 0 }));
    for (const chainwarden of [ctx.chainwarden, inSql]) {
      // Twice: the second answer comes from the screening cache, which single screens share.
      for (const _ of [1, 2]) {
        const together = await chainwarden.screenOffline(parsed);
        const alone = await Promise.all(addresses.map((a) => chainwarden.screenAddress(a)));
        expect(together.map(({ input: _, ...summary }) => summary)).toEqual(
          alone.map((r) => {
            if (!r.ok) throw new Error(r.error.reason);
            const { input: _, ...summary } = r.value;
            return summary;
          }),
        );
      }
    }
    const [listed, twin, reported, clean] = await inSql.screenOffline(parsed);
    expect([listed?.level, (reported?.reports.total ?? 0) > 0, clean?.level]).toEqual([
      'severe',
      true,
      'none',
    ]);
    expect(twin?.lookalikes.map((l) => l.address.toLowerCase()).sort()).toEqual([LISTED, OTHER]);
  });

  it('tells which strings are on a list of the kinds asked, in memory as in SQL', async () => {
    const ALLOWED = '0x1111dddddddddddddddddddddddddddddddd2222';
    await ctx.stores.lists.replaceList(
      { source: 'exchange-wallets', kind: 'allow', listDate: '2026-11-22' },
      batchesOf([listEntry(ALLOWED, { label: 'exchange' })]),
    );
    const candidates = [LISTED, TWIN, OTHER, ALLOWED, 'not-an-address'];
    const inSql = createStores(ctx.database, { listMemoryMaxEntries: 0 }).lists;
    for (const lists of [ctx.stores.lists, inSql]) {
      expect(await lists.listedKeys(candidates)).toEqual([LISTED, TWIN, ALLOWED]);
      expect(await lists.listedKeys(candidates, ['sanctions', 'scam'])).toEqual([LISTED, TWIN]);
      expect(await lists.listedKeys(candidates, ['sanctions'])).toEqual([LISTED]);
      expect(await lists.listedKeys(candidates, [])).toEqual([]);
    }
  });

  it('says the sanctions data is old whether the lists are held in memory or probed in SQL', async () => {
    const own = await createTestDatabase();
    try {
      const inMemory = createChainwarden(createStores(own));
      await createStores(own).lists.replaceList(
        { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
        batchesOf([listEntry(LISTED, { entity: 'LAZARUS GROUP', program: 'DPRK3' })]),
      );
      const inSql = createChainwarden(createStores(own, { listMemoryMaxEntries: 0 }));
      for (const chainwarden of [inMemory, inSql]) {
        for (const address of [LISTED, OTHER]) {
          const summary = await chainwarden.screenAddress(address);
          expect(summary.ok && summary.value.reasons.map((r) => r.code)).toContain('sanctions-data-old');
        }
      }
      expect(await inMemory.screenAddress(OTHER)).toEqual(await inSql.screenAddress(OTHER));
    } finally {
      await own.close();
    }
  });

  it('sees a new edition of a list on the very next screen', async () => {
    await ctx.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-24' },
      batchesOf([listEntry(TWIN, { label: 'moved' })]),
    );
    const delisted = await ctx.chainwarden.screenAddress(LISTED);
    expect(delisted.ok && delisted.value.sanctioned).toBe(false);
    const listed = await ctx.chainwarden.screenAddress(TWIN);
    expect(listed.ok && listed.value.sanctioned).toBe(true);
    expect(listed.ok && listed.value.reasons.find((r) => r.code === 'sanctions')?.source).toContain(
      '2026-11-24',
    );
  });

  it('sees a change an operator makes to the lists by hand', async () => {
    const before = await ctx.chainwarden.screenAddress(TWIN);
    expect(before.ok && before.value.sanctioned).toBe(true);
    // Say, a false positive removed at once instead of waiting for the next edition.
    await ctx.database.db.execute(sql`delete from list_entries where address_key = ${TWIN}`);
    expect(
      await eventually(async () => {
        const after = await ctx.chainwarden.screenAddress(TWIN);
        return after.ok && !after.value.sanctioned;
      }),
    ).toBe(true);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'sees an import made by another process (Postgres only: PGlite is one process)',
    async () => {
      const shared = await createTestDatabase();
      const other = await openDatabase({ url: shared.url! }, { migrate: false });
      try {
        const here = createChainwarden(createStores(shared));
        const first = await here.screenAddress(OTHER);
        expect(first.ok && first.value.sanctioned).toBe(false);
        await createStores(other).lists.replaceList(
          { source: 'ofac-sdn', kind: 'sanctions', listDate: '2026-11-25' },
          batchesOf([listEntry(OTHER)]),
        );
        // The other process's import arrives as a notification: wait for it, within a bound.
        expect(
          await eventually(async () => {
            const result = await here.screenAddress(OTHER);
            return result.ok && result.value.sanctioned;
          }),
        ).toBe(true);
      } finally {
        await other.close();
        await shared.close();
      }
    },
  );
});

/** A FATAL ErrorResponse (wire protocol message 'E'), SQLSTATE 57P03. */
function fatalError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
const startingUp = fatalError('57P03', 'the database system is starting up');

describe('list notifications', () => {
  it('retry a refused listener with growing pauses, not in a loop', async () => {
    // A server that answers every start-up as Postgres does while it recovers from a crash.
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.once('data', () => socket.end(startingUp));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const listener = startListener(
      `postgres://x@127.0.0.1:${port}/x`,
      'chainwarden_lists',
      () => {},
      () => {},
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 3500));
      // Attempts at about 0 s, 1 s and 3 s: a handful, where an immediate retry makes hundreds.
      expect(connections).toBeGreaterThanOrEqual(2);
      expect(connections).toBeLessThanOrEqual(6);
    } finally {
      await listener.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Postgres pool', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'never opens more connections than its pool size (Postgres only: PGlite has no pool)',
    async () => {
      const shared = await createTestDatabase();
      const small = await openDatabase({ url: shared.url!, poolSize: 2 }, { migrate: false });
      try {
        const rows = await Promise.all(
          Array.from({ length: 8 }, () =>
            small.queryPrepared<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep(0.05)', []),
          ),
        );
        expect(new Set(rows.map(([row]) => row?.pid)).size).toBe(2);
      } finally {
        await small.close();
        await shared.close();
      }
    },
  );
});

/** Work that runs until `finish()`; `started` resolves once it runs (the lock is held). */
function heldWork<T>(result: T) {
  let finish = () => {};
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const work = () =>
    new Promise<T>((resolve) => {
      markStarted();
      finish = () => resolve(result);
    });
  return { work, started, finish: () => finish() };
}

describe('exclusive work', () => {
  it('runs the work and hands back its result when no other process holds the lock', async () => {
    expect(await runExclusively(ctx.database, 'test-alone', async () => 42)).toEqual({
      ran: true,
      result: 42,
    });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'skips in a second replica while the first runs, and runs again once it is done (Postgres only: PGlite is one process)',
    async () => {
      const first = await createTestDatabase();
      const second = await openDatabase({ url: first.url! }, { migrate: false });
      try {
        // The work starts only once the first replica holds the lock.
        const { work, started, finish } = heldWork('first');
        const running = runExclusively(first, 'test-refresh', work);
        await started;
        expect(await runExclusively(second, 'test-refresh', async () => 'second')).toEqual({ ran: false });
        expect(await runExclusively(second, 'test-other', async () => 'other')).toEqual({
          ran: true,
          result: 'other',
        });
        finish();
        expect(await running).toEqual({ ran: true, result: 'first' });
        expect(await runExclusively(second, 'test-refresh', async () => 'second')).toEqual({
          ran: true,
          result: 'second',
        });
      } finally {
        await second.close();
        await first.close();
      }
    },
  );

  it('skips a job this process is running already, and runs another job beside it', async () => {
    const { work, started, finish } = heldWork('first');
    const running = runExclusively(ctx.database, 'test-busy', work);
    await started;
    expect(await runExclusively(ctx.database, 'test-busy', async () => 'again')).toEqual({ ran: false });
    expect(await runExclusively(ctx.database, 'test-beside', async () => 'beside')).toEqual({
      ran: true,
      result: 'beside',
    });
    finish();
    expect(await running).toEqual({ ran: true, result: 'first' });
    expect(await runExclusively(ctx.database, 'test-busy', async () => 'again')).toEqual({
      ran: true,
      result: 'again',
    });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a long list refresh does not delay a watch poll using both connections of a 2-connection pool (Postgres only: PGlite has no pool)',
    async () => {
      const shared = await createTestDatabase();
      const small = await openDatabase({ url: shared.url!, poolSize: 2 }, { migrate: false });
      try {
        let finish = () => {};
        let started = () => {};
        const holding = new Promise<void>((resolve) => {
          started = resolve;
        });
        const refresh = runExclusively(small, 'test-list-refresh', async () => {
          await small.queryPrepared('select 1 as one', []);
          started();
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          const [row] = await small.queryPrepared<{ one: number }>('select 1 as one', []);
          return row?.one;
        });
        await holding;
        // While the refresh still holds its lock: two queries at once need both pool connections.
        const poll = await runExclusively(small, 'test-watch-poll', async () => {
          const rows = await Promise.all(
            [1, 2].map(() =>
              small.queryPrepared<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep(0.05)', []),
            ),
          );
          return new Set(rows.map(([row]) => row?.pid)).size;
        });
        expect(poll).toEqual({ ran: true, result: 2 });
        finish();
        expect(await refresh).toEqual({ ran: true, result: 1 });
      } finally {
        await small.close();
        await shared.close();
      }
    },
    20_000,
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a replica that goes away mid-run releases the lock with its connection (Postgres only: PGlite is one process)',
    async () => {
      const first = await createTestDatabase();
      const gone = await openDatabase({ url: first.url! }, { migrate: false });
      try {
        let started = () => {};
        const holding = new Promise<void>((resolve) => {
          started = resolve;
        });
        // Its work never ends: the process dies during it.
        void runExclusively(gone, 'test-refresh', () => {
          started();
          return new Promise<never>(() => {});
        });
        await holding;
        expect(await runExclusively(first, 'test-refresh', async () => 'first')).toEqual({ ran: false });
        await gone.close();
        await vi.waitFor(
          async () =>
            expect(await runExclusively(first, 'test-refresh', async () => 'first')).toEqual({
              ran: true,
              result: 'first',
            }),
          { timeout: 5000 },
        );
      } finally {
        await first.close();
      }
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a replica whose lock connection drops is told so, and another replica takes the job (Postgres only: PGlite has no connection to lose)',
    async () => {
      const first = await createTestDatabase();
      const dropped = await openDatabase({ url: first.url! }, { migrate: false });
      try {
        let lostSignal: AbortSignal | undefined;
        const { work, started, finish } = heldWork('late');
        const running = runExclusively(dropped, 'test-dropped', (lost) => {
          lostSignal = lost;
          return work();
        });
        await started;
        expect(lostSignal?.aborted).toBe(false);
        // The lock's connection dies under it (a network cut, a failover): the server frees the lock.
        await first.queryPrepared(
          `select pg_terminate_backend(pid) from pg_locks
           where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
          [],
        );
        await vi.waitFor(() => expect(lostSignal?.aborted).toBe(true), { timeout: 5000 });
        expect(await runExclusively(first, 'test-dropped', async () => 'first')).toEqual({
          ran: true,
          result: 'first',
        });
        finish();
        expect(await running).toEqual({ ran: true, result: 'late' });
        // Its connection is back for the next job.
        expect(await runExclusively(dropped, 'test-dropped', async () => 'again')).toEqual({
          ran: true,
          result: 'again',
        });
      } finally {
        await dropped.close();
        await first.close();
      }
    },
  );
});

describe('SettingsStore', () => {
  it('starts from defaults and keeps updates per community', async () => {
    expect(await ctx.stores.settings.get('discord:1')).toEqual({
      scanMode: 'warn',
      minLevel: 'high',
      modLogChannel: null,
    });
    await ctx.stores.settings.update('discord:1', { scanMode: 'delete', modLogChannel: '555' });
    await ctx.stores.settings.update('discord:1', { minLevel: 'severe' });
    expect(await ctx.stores.settings.get('discord:1')).toEqual({
      scanMode: 'delete',
      minLevel: 'severe',
      modLogChannel: '555',
    });
    expect((await ctx.stores.settings.get('discord:2')).scanMode).toBe('warn');
  });
});

describe('ModerationLog', () => {
  it('records actions and lists the newest first, per community', async () => {
    await ctx.stores.moderationLog.record({
      community: 'telegram:-100',
      actor: 'telegram:7',
      action: 'flag',
      target: 'message:12',
      details: { addresses: [A] },
    });
    await ctx.stores.moderationLog.record({
      community: 'telegram:-100',
      actor: 'telegram:7',
      action: 'delete-message',
      target: 'message:12',
      details: {},
    });
    const recent = await ctx.stores.moderationLog.recent('telegram:-100', 10);
    expect(recent.map((r) => r.action)).toEqual(['delete-message', 'flag']);
    expect(recent[1]?.details).toEqual({ addresses: [A] });
    expect(await ctx.stores.moderationLog.recent('telegram:-999', 10)).toEqual([]);
  });
});

describe('ApiKeyStore', () => {
  it('verifies a key by its hash, and refuses it once revoked', async () => {
    const created = await ctx.stores.apiKeys.create('wallet');
    expect((await ctx.stores.apiKeys.verify(created.key))?.id).toBe(created.id);
    expect(await ctx.stores.apiKeys.verify(`${created.key}x`)).toBeNull();
    expect(await ctx.stores.apiKeys.revoke(created.id)).toBe(true);
    expect(await ctx.stores.apiKeys.verify(created.key)).toBeNull();
    expect(await ctx.stores.apiKeys.revoke('missing')).toBe(false);
    expect(created.scope).toBe('report');
    const admin = await ctx.stores.apiKeys.create({ name: 'moderators', scope: 'admin' });
    expect((await ctx.stores.apiKeys.verify(admin.key))?.scope).toBe('admin');
    expect((await ctx.stores.apiKeys.list()).find((k) => k.id === admin.id)?.scope).toBe('admin');
  });
});

describe('PGlite data directory', () => {
  it('refuses a second process on a data directory held by a live one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainwarden-lock-'));
    try {
      // pid 1 is always alive: it stands in for a running `npm start`.
      writeFileSync(join(dir, 'chainwarden.pid'), '1');
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
      // A stale lock of a dead process is taken over.
      writeFileSync(join(dir, 'chainwarden.pid'), '999999');
      const database = await openDatabase({ dataDir: dir });
      expect(readFileSync(join(dir, 'chainwarden.pid'), 'utf8')).toBe(String(process.pid));
      await database.close();
      // An empty lock file (another process between creating and writing it) is not taken at once.
      writeFileSync(join(dir, 'chainwarden.pid'), '');
      const waited = Date.now();
      const again = await openDatabase({ dataDir: dir });
      expect(Date.now() - waited).toBeGreaterThanOrEqual(400);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
