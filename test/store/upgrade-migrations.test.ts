/**
 * What the trust migrations do to a database that already had data (PGlite here, Postgres with
 * TEST_DATABASE_URL): Telegram members who reported before `member_sightings` existed are not new
 * members (their tenure starts at their first report in that chat), and history rows keep report
 * ids past 2^31 (reports.id is a bigserial). The backfill's SQL is run again on rows written after
 * the migrations, as it would run on an old database: it only ever moves a sighting earlier.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.js';

const BACKFILL = readFileSync(
  new URL('../../migrations/0016_member_sightings_backfill.sql', import.meta.url),
  'utf8',
);
const GROUP = 'telegram:-1001234';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

async function reportAt(address: string, reporter: string, community: string, at: string) {
  const saved = await ctx.chainwarden.submitReport({
    address,
    category: 'phishing',
    reporter,
    source: 'telegram',
    community,
  });
  if (!saved.ok) throw new Error(saved.error.reason);
  await ctx.database.db.execute(
    sql`update reports set created_at = ${at} where id = ${saved.value.report.id}`,
  );
}

describe('member_sightings backfill', () => {
  it('dates each Telegram reporter’s tenure in a chat from their first report there, never later than a sighting', async () => {
    await reportAt(
      '0x0000000000000000000000000000000000000a01',
      'telegram:11',
      GROUP,
      '2024-03-01T00:00:00Z',
    );
    await reportAt(
      '0x0000000000000000000000000000000000000a02',
      'telegram:11',
      GROUP,
      '2025-01-01T00:00:00Z',
    );
    await reportAt(
      '0x0000000000000000000000000000000000000a03',
      'telegram:12',
      GROUP,
      '2025-06-01T00:00:00Z',
    );
    // An anonymous admin reports as the group: nobody to time.
    await reportAt('0x0000000000000000000000000000000000000a04', GROUP, GROUP, '2024-01-01T00:00:00Z');
    // Seen after the upgrade, but reported long before: the report is the earlier sighting.
    await ctx.stores.sightings.noteSeen(GROUP, 'telegram:12');
    // Seen before their report: the sighting stands.
    await ctx.database.db.execute(
      sql`insert into member_sightings (chat, member, first_seen) values (${GROUP}, 'telegram:13', '2020-01-01T00:00:00Z')`,
    );
    await reportAt(
      '0x0000000000000000000000000000000000000a05',
      'telegram:13',
      GROUP,
      '2024-01-01T00:00:00Z',
    );

    await ctx.database.db.execute(sql.raw(BACKFILL));

    const firstSeen = (member: string) => ctx.stores.sightings.firstSeen(GROUP, member);
    expect(await firstSeen('telegram:11')).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(await firstSeen('telegram:12')).toEqual(new Date('2025-06-01T00:00:00Z'));
    expect(await firstSeen('telegram:13')).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(await firstSeen(GROUP)).toBeNull();
  });

  it('leaves Discord reporters alone: their tenure is the server’s joined_at', async () => {
    await reportAt(
      '0x0000000000000000000000000000000000000a06',
      'discord:1400000000000000002',
      'discord:80351110224678912',
      '2024-01-01T00:00:00Z',
    );
    await ctx.database.db.execute(sql.raw(BACKFILL));
    expect(
      await ctx.stores.sightings.firstSeen('discord:80351110224678912', 'discord:1400000000000000002'),
    ).toBeNull();
  });
});

describe('address_history.report_id', () => {
  it('holds a report id past 2^31', async () => {
    await ctx.stores.historyLog.append({
      addressKey: '0x0000000000000000000000000000000000000a07',
      address: '0x0000000000000000000000000000000000000a07',
      event: 'reported',
      actorPlatform: 'api',
      actorWeight: 'ordinary',
      reportId: 2 ** 31 + 5,
      category: 'phishing',
      note: null,
    });
    const [event] = await ctx.stores.historyLog.forAddress('0x0000000000000000000000000000000000000a07', 5);
    expect(event?.reportId).toBe(2 ** 31 + 5);
  });
});
