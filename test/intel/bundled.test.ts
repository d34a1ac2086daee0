/**
 * The bundled snapshot in data/ (only the committed files: a fresh clone has no public data folder
 * beside it). A fresh install screens the real bundled addresses before anything is imported; an
 * upgrade never lets the snapshot overwrite a newer list the operator imported.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../src/adapters/http/index.js';
import { type App, openApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { importOfac, loadBundledLists, readBundledLists } from '../../src/intel/index.js';
import { createLogger } from '../../src/logger.js';
import { batchesOf, listEntry } from '../fixtures/builders.js';
import { runCliCaptured } from '../support/cli.js';
import { createTestContext, createTestDatabase, type TestContext } from '../support/context.js';

const LAZARUS = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';
const DARKLIST = '0x09750ad360fdb7a2ee23669c4503c974d86d8694';
const SNAPSHOT_SOURCE = 'ofac-sdn, list of 2024-09-27 (bundled snapshot)';

/** The environment of a fresh install, on its own empty data dir (or a fresh Postgres database). */
async function freshInstall(dir: string, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    CHAINWARDEN_DATA_DIR: dir,
    // No scheduled refresh trying the network from tests.
    INTEL_OFAC_URL: 'off',
    INTEL_LISTS: 'off',
    ...extra,
  };
  let close = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url ?? '';
    close = () => database.close();
  }
  return { env, close };
}

describe('a fresh install with the bundled lists', () => {
  let dir: string;
  let app: App;
  let dropDatabase = async () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chainwarden-bundled-'));
    const install = await freshInstall(dir);
    dropDatabase = install.close;
    app = await openApp(parseConfig(install.env), { withChain: false });
  });
  afterAll(async () => {
    await app?.close();
    await dropDatabase();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['ETH', LAZARUS, 'LAZARUS GROUP (DPRK3)'],
    ['XBT', '3E6rY4dSCDW6y2bzJNwrjvTtdmMQjB6yeh', 'LI, Jiadong (DPRK3, CYBER2)'],
    ['TRX', 'TFdTr9C3BqQrzKBXqSxJfAZFTh8UwBAfSg', 'OKO DESIGN BUREAU (RUSSIA-EO14024)'],
    [
      'BCH (cashaddr)',
      'qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq',
      'SOUTHFRONT (NPWMD, CYBER2, ELECTION-EO13848)',
    ],
    ['LTC', 'LaizKtS5DUhPuP1nTQcc83MS7HwK6vk85z', 'ZHENG, Guanghua (SDNTK)'],
  ])(
    'screens a bundled OFAC %s address as severe, naming the entity and the snapshot date',
    async (_asset, address, who) => {
      const screened = await app.chainwarden.screenAddress(address);
      expect(screened.ok).toBe(true);
      if (!screened.ok) return;
      expect(screened.value).toMatchObject({ level: 'severe', sanctioned: true });
      expect(screened.value.reasons[0]).toEqual({
        code: 'sanctions',
        text: `Sanctioned: ${who}. Paying it may be illegal.`,
        source: SNAPSHOT_SOURCE,
      });
    },
  );

  it('says how old the sanctions data is and how to refresh it, in every summary', async () => {
    const screened = await app.chainwarden.screenAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    expect(screened.ok && screened.value.level).toBe('none');
    const old = screened.ok ? screened.value.reasons.find((r) => r.code === 'sanctions-data-old') : undefined;
    expect(old?.text).toMatch(/^The sanctions data is \d+ days old: /);
    expect(old?.text).toContain('chainwarden import ofac');
    expect(old?.source).toBe(SNAPSHOT_SOURCE);
  });

  it('names an address the snapshot knows without its entity as sanctioned all the same', async () => {
    const screened = await app.chainwarden.screenAddress('TTUDyVhhpCC1xJoPmWzdjLAzeoPwbSABdr');
    expect(screened.ok && screened.value.level).toBe('severe');
    expect(screened.ok && screened.value.reasons[0]?.text).toContain(
      'unknown in the snapshot; refresh from OFAC for details',
    );
  });

  it('screens a bundled MEW darklist address as high, saying it is the bundled snapshot', async () => {
    const screened = await app.chainwarden.screenAddress(DARKLIST);
    expect(screened.ok && screened.value.level).toBe('high');
    expect(screened.ok && screened.value.reasons[0]).toMatchObject({
      code: 'scam-list',
      source: 'mew-darklist, list of 2020-11-17 (bundled snapshot)',
    });
  });

  it('serves GET /v1/lists with each list’s origin, edition and age, and the sanctions warning', async () => {
    const api = createHttpApi({
      chainwarden: app.chainwarden,
      apiKeys: app.stores.apiKeys,
      lists: app.stores.lists,
      database: app.database,
      logger: createLogger('silent'),
    });
    const response = await api.request('/v1/lists');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      lists: Array<{ source: string; origin: string; listDate: string; count: number; ageDays: number }>;
      warning: string | null;
    };
    expect(body.lists.map(({ source, origin, listDate }) => [source, origin, listDate])).toEqual([
      ['etherscamdb', 'bundled', '2019-07-17'],
      ['mew-darklist', 'bundled', '2020-11-17'],
      ['ofac-sdn', 'bundled', '2024-09-27'],
    ]);
    const ofac = body.lists.find((list) => list.source === 'ofac-sdn');
    expect(ofac?.count).toBe(641);
    expect(ofac?.ageDays).toBe(Math.floor((Date.now() - Date.parse('2024-09-27T00:00:00Z')) / 86_400_000));
    expect(body.warning).toContain(`The sanctions data is ${ofac?.ageDays} days old`);
  });
});

describe('chainwarden lists on a fresh install', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chainwarden-bundled-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (env: Record<string, string>, ...argv: string[]) => runCliCaptured(env, argv);

  // Two CLI runs, each opening a fresh data dir: slow on a busy machine.
  it('shows the bundled lists with origin and age; --json for scripts, the warning on stderr', async () => {
    const install = await freshInstall(join(dir, 'on'));
    try {
      const json = await cli(install.env, 'lists', '--json');
      expect(json.code).toBe(0);
      const lists = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      expect(lists.find((list) => list.source === 'ofac-sdn')).toMatchObject({
        kind: 'sanctions',
        listDate: '2024-09-27',
        origin: 'bundled',
        count: 641,
        ageDays: expect.any(Number),
      });
      expect(json.stderr).toMatch(/^warning: The sanctions data is \d+ days old/);
      const text = await cli(install.env, 'lists');
      expect(text.stdout).toMatch(
        /ofac-sdn\tsanctions\tlist of 2024-09-27\tbundled\t641 addresses\t\d+ days old/,
      );
      expect(text.stdout).toContain('chainwarden import ofac SDN_ADVANCED.ZIP');
    } finally {
      await install.close();
    }
  }, 60_000);

  it('loads nothing with CHAINWARDEN_BUNDLED_LISTS=off', async () => {
    const install = await freshInstall(join(dir, 'off'), { CHAINWARDEN_BUNDLED_LISTS: 'off' });
    try {
      const json = await cli(install.env, 'lists', '--json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual([]);
    } finally {
      await install.close();
    }
  });
});

describe('upgrading a data dir that holds lists already', () => {
  let context: TestContext;
  let dir: string;
  beforeAll(async () => {
    context = await createTestContext();
    dir = await mkdtemp(join(tmpdir(), 'chainwarden-bundled-upgrade-'));
  });
  afterAll(async () => {
    await context?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps an OFAC edition the operator imported that is newer than the snapshot', async () => {
    const newer = join(dir, 'sdn-2025.xml');
    await writeFile(newer, NEWER_SDN_XML);
    await importOfac(newer, context.stores.lists);
    // A bundled darklist of an earlier release: the newer snapshot replaces it.
    await context.stores.lists.replaceList(
      { source: 'mew-darklist', kind: 'scam', listDate: '2019-01-01', origin: 'bundled' },
      batchesOf([listEntry('0x0000000000000000000000000000000000000bad', { label: 'old snapshot entry' })]),
    );

    const result = await loadBundledLists(context.stores.lists);
    expect(result.loaded.map((list) => list.source).sort()).toEqual(['etherscamdb', 'mew-darklist']);
    expect(result.kept).toEqual([{ source: 'ofac-sdn', listDate: '2025-03-01', origin: 'imported' }]);

    const sources = await context.stores.lists.listSources();
    expect(sources.find((s) => s.source === 'ofac-sdn')).toMatchObject({
      listDate: '2025-03-01',
      origin: 'imported',
      count: 1,
    });
    // The operator's edition answers: the snapshot's Lazarus address is not in it.
    const lazarus = await context.chainwarden.screenAddress(LAZARUS);
    expect(lazarus.ok && lazarus.value.sanctioned).toBe(false);
    const listed = await context.chainwarden.screenAddress('0x1da5821544e25c636c1417ba96ade4cf6d2f9b5a');
    expect(listed.ok && listed.value.reasons[0]?.source).toBe('ofac-sdn, list of 2025-03-01');
    expect(await context.stores.lists.hitsFor('0x0000000000000000000000000000000000000bad')).toEqual([]);

    // A restart with everything current writes nothing.
    expect(await loadBundledLists(context.stores.lists)).toMatchObject({ loaded: [] });
  });

  it('reads the committed snapshot: every list non-empty, every entry normalised', async () => {
    const lists = await readBundledLists();
    expect(lists.map((list) => [list.meta.source, list.meta.origin])).toEqual([
      ['ofac-sdn', 'bundled'],
      ['mew-darklist', 'bundled'],
      ['etherscamdb', 'bundled'],
    ]);
    for (const list of lists) expect(list.entries.length).toBeGreaterThan(600);
  });
});

/** A legacy sdn.xml newer than the snapshot, written from OFAC's published schema. */
const NEWER_SDN_XML = `<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>03/01/2025</Publish_Date><Record_Count>1</Record_Count></publshInformation>
  <sdnEntry>
    <uid>99001</uid>
    <lastName>CONSTRUCTED ENTITY</lastName>
    <sdnType>Entity</sdnType>
    <programList><program>CYBER2</program></programList>
    <idList>
      <id>
        <uid>99002</uid>
        <idType>Digital Currency Address - ETH</idType>
        <idNumber>0x1da5821544e25c636c1417ba96ade4cf6d2f9b5a</idNumber>
      </id>
    </idList>
  </sdnEntry>
</sdnList>
`;
