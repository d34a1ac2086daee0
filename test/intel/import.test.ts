import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddress } from '../../src/core/index.js';
import { IntelFileError, importList, importOfac } from '../../src/intel/index.js';
import { batchesOf, listEntry } from '../fixtures/builders.js';
import { createTestContext, type TestContext } from '../support/context.js';

const ofacFixture = (name: string) => join(import.meta.dirname, '../fixtures/intel/ofac', name);
const listFixture = (name: string) => join(import.meta.dirname, '../fixtures/intel/lists', name);

const TORNADO = '0x8589427373d6d84e98730d7795d8f6f8731fda16';
const LAZARUS = '0x098b716b8aaf21512996dc57eb0615e2383e2f96';
const DARKLIST_FIRST = '0x09750ad360fdb7a2ee23669c4503c974d86d8694';

let context: TestContext;
let dir = '';
beforeAll(async () => {
  context = await createTestContext();
  dir = await mkdtemp(join(tmpdir(), 'chainwarden-import-test-'));
});
afterAll(async () => {
  await context?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('importOfac', () => {
  it('stores every listed address so a lookup finds the entity, program and list date', async () => {
    const progress: number[] = [];
    const result = await importOfac(ofacFixture('sdn_advanced-constructed.xml'), context.stores.lists, {
      onProgress: (n) => progress.push(n),
    });
    expect(result).toMatchObject({
      source: 'ofac-sdn',
      listDate: '2024-09-27',
      count: 12,
      format: 'advanced',
    });
    expect(result.warnings).toHaveLength(1);
    expect(progress).toEqual([12]);

    expect(await context.stores.lists.hitsFor(TORNADO)).toEqual([
      {
        kind: 'sanctions',
        source: 'ofac-sdn',
        listDate: '2024-09-27',
        label: 'Digital Currency Address - ETH',
        category: null,
        entity: 'TORNADO CASH',
        program: 'CYBER2',
        listedAt: '2022-08-08',
        origin: 'imported',
      },
    ]);
    expect(await context.stores.lists.hitsFor(LAZARUS)).toMatchObject([
      { entity: 'LAZARUS GROUP', program: 'DPRK3' },
    ]);
    // Chains the core does not parse are matched on the verbatim string.
    expect(await context.stores.lists.hitsFor('LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb')).toMatchObject([
      { kind: 'sanctions', label: 'Digital Currency Address - LTC' },
    ]);
  });

  it('screens a listed address as sanctioned, pasted in any letter case', async () => {
    const screened = await context.chainwarden.screenAddress(TORNADO.toUpperCase().replace('0X', '0x'));
    expect(screened.ok && screened.value.sanctioned).toBe(true);
  });

  it('removes addresses delisted in a newer, smaller edition', async () => {
    const result = await importOfac(ofacFixture('sdn-legacy-constructed.xml'), context.stores.lists);
    expect(result).toMatchObject({ count: 11, format: 'legacy', parties: 4 });
    expect(await context.stores.lists.hitsFor('31nadacWrgPeAQxKRMabhn3fPhnhi3hjKa')).toEqual([]);
    expect(await context.stores.lists.hitsFor(TORNADO)).toMatchObject([
      { entity: 'TORNADO CASH', listedAt: null },
    ]);
    const sources = await context.stores.lists.listSources();
    expect(sources.find((source) => source.source === 'ofac-sdn')).toMatchObject({
      kind: 'sanctions',
      listDate: '2024-09-27',
      count: 11,
    });
  });

  it('refuses an edition that lists no address, or far fewer than the stored one, unless forced', async () => {
    const legacy = await readFile(ofacFixture('sdn-legacy-constructed.xml'), 'utf8');
    // Well-formed, but every party's addresses are gone: what a cut-short publication looks like.
    const empty = join(dir, 'empty-sdn.xml');
    await writeFile(
      empty,
      legacy.replace(/<idType>Digital Currency Address - [A-Z]+<\/idType>/g, '<idType>Website</idType>'),
    );
    await expect(importOfac(empty, context.stores.lists)).rejects.toThrow(
      /lists no digital-currency address; the stored edition is kept/,
    );
    expect(await context.stores.lists.hitsFor(LAZARUS)).toHaveLength(1);

    // Only the first two parties' addresses left: more than a fifth fewer than the 11 stored.
    const parts = legacy.split('<sdnEntry>');
    const shrunk = join(dir, 'shrunk-sdn.xml');
    await writeFile(
      shrunk,
      [
        parts[0],
        ...parts
          .slice(1)
          .map((part, i) =>
            i < 2
              ? part
              : part.replace(
                  /<idType>Digital Currency Address - [A-Z]+<\/idType>/g,
                  '<idType>Website</idType>',
                ),
          ),
      ].join('<sdnEntry>'),
    );
    const refused = importOfac(shrunk, context.stores.lists);
    await expect(refused).rejects.toThrow(IntelFileError);
    await expect(refused).rejects.toThrow(/fewer than the 11 stored; the stored edition is kept/);
    expect((await context.stores.lists.listSources()).find((l) => l.source === 'ofac-sdn')?.count).toBe(11);

    const forced = await importOfac(shrunk, context.stores.lists, { force: true });
    expect(forced.count).toBeLessThan(11 * 0.8);
    // Back to the full edition for the tests that follow.
    await importOfac(ofacFixture('sdn-legacy-constructed.xml'), context.stores.lists, { force: true });
  });

  it('replaces the bundled snapshot with a real edition however much smaller it is', async () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      listEntry(`0x${(i + 1).toString(16).padStart(40, 'b')}`, {
        entity: 'SNAPSHOT ENTITY',
        program: 'TEST',
      }),
    );
    await context.stores.lists.replaceList(
      { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27', origin: 'bundled' },
      batchesOf(many),
    );
    const result = await importOfac(ofacFixture('sdn-legacy-constructed.xml'), context.stores.lists);
    expect(result.count).toBe(11);
    expect((await context.stores.lists.listSources()).find((l) => l.source === 'ofac-sdn')).toMatchObject({
      origin: 'imported',
      count: 11,
    });
  });

  it('keeps the last good edition when a file fails half-way', async () => {
    const path = join(dir, 'truncated-sdn.xml');
    const text = await readFile(ofacFixture('sdn-legacy-constructed.xml'), 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    await expect(importOfac(path, context.stores.lists)).rejects.toThrow(IntelFileError);
    expect(await context.stores.lists.hitsFor(LAZARUS)).toHaveLength(1);
  });
});

describe('importOfac with every address OFAC listed on 2024-09-27', () => {
  it('finds all 638 listings again after the import, by screen or by the verbatim string', async () => {
    const folder = ofacFixture('sanctioned-addresses');
    const listings: Array<[asset: string, address: string]> = [];
    for (const file of (await readdir(folder)).sort()) {
      const asset = /sanctioned_addresses_(\w+)\.txt$/.exec(file)?.[1] ?? '';
      for (const line of (await readFile(join(folder, file), 'utf8')).split('\n')) {
        if (line.trim()) listings.push([asset, line.trim()]);
      }
    }
    expect(listings).toHaveLength(638);
    // One legacy sdnEntry per asset, in OFAC's own idList shape.
    const ids = (asset: string) =>
      listings
        .filter(([listed]) => listed === asset)
        .map(
          ([, address]) =>
            `<id><idType>Digital Currency Address - ${asset}</idType><idNumber>${address}</idNumber></id>`,
        )
        .join('');
    const assets = [...new Set(listings.map(([asset]) => asset))];
    const xml = `<?xml version="1.0"?><sdnList xmlns="http://tempuri.org/sdnList.xsd"><publshInformation><Publish_Date>09/27/2024</Publish_Date></publshInformation>${assets
      .map(
        (asset, uid) =>
          `<sdnEntry><uid>${uid}</uid><lastName>HOLDER ${asset}</lastName><idList>${ids(asset)}</idList></sdnEntry>`,
      )
      .join('')}</sdnList>`;
    const path = join(dir, 'sdn-all-listed.xml');
    await writeFile(path, xml);

    const result = await importOfac(path, context.stores.lists);
    expect(result.warnings).toEqual([]);
    for (const [asset, address] of listings) {
      const parsed = parseAddress(address);
      if (parsed.ok) {
        const screened = await context.chainwarden.screenAddress(address);
        expect({ asset, address, sanctioned: screened.ok && screened.value.sanctioned }).toEqual({
          asset,
          address,
          sanctioned: true,
        });
      } else {
        const hits = await context.stores.lists.hitsFor(address);
        expect({ asset, address, kind: hits[0]?.kind }).toEqual({ asset, address, kind: 'sanctions' });
      }
    }
  });
});

describe('importList', () => {
  it('imports the real MEW darklist as a scam list with a default category', async () => {
    const result = await importList(listFixture('addresses-darklist.json'), context.stores.lists, {
      source: 'mew-darklist',
      kind: 'scam',
      category: 'phishing',
      listDate: '2020-11-17',
    });
    expect(result).toMatchObject({
      source: 'mew-darklist',
      count: 652,
      rows: 715,
      duplicates: 63,
      invalid: [],
    });
    expect(await context.stores.lists.hitsFor(DARKLIST_FIRST)).toEqual([
      {
        kind: 'scam',
        source: 'mew-darklist',
        listDate: '2020-11-17',
        label: 'XRP phishing website (ripple.com.pt) this wallet collects funds from malicious wallets',
        category: 'phishing',
        entity: null,
        program: null,
        listedAt: '2020-11-17',
        origin: 'imported',
      },
    ]);
  });

  it('imports the real MEW lightlist as an allowlist without categories', async () => {
    const result = await importList(listFixture('addresses-lightlist.json'), context.stores.lists, {
      source: 'mew-lightlist',
      kind: 'allow',
      category: 'phishing',
    });
    expect(result.count).toBe(2);
    expect(await context.stores.lists.hitsFor('0xf8094e15c897518b5ac5287d7070ca5850efc6ff')).toMatchObject([
      { kind: 'allow', source: 'mew-lightlist', label: 'district0x Address', category: null },
    ]);
  });

  it('replaces the list with a smaller file: delisted addresses are gone, others stay', async () => {
    const all = JSON.parse(await readFile(listFixture('addresses-darklist.json'), 'utf8')) as unknown[];
    const path = join(dir, 'darklist-smaller.json');
    await writeFile(path, JSON.stringify(all.slice(1, 11), null, 2));
    const result = await importList(path, context.stores.lists, { source: 'mew-darklist', kind: 'scam' });
    expect(result.count).toBe(10);
    expect(await context.stores.lists.hitsFor(DARKLIST_FIRST)).toEqual([]);
    expect(await context.stores.lists.hitsFor('0xc915ec7f4cfd1c0a8aba090f03bfaab588aef9b4')).toHaveLength(1);
  });

  it('reports invalid lines of a text list by number and still imports the rest', async () => {
    const progress: number[] = [];
    const result = await importList(listFixture('scam-list-with-invalid-lines.txt'), context.stores.lists, {
      source: 'community-text',
      kind: 'scam',
      onProgress: (n) => progress.push(n),
    });
    expect(result.count).toBe(3);
    expect(result.invalid.map((row) => row.line)).toEqual([4, 7, 10]);
    expect(progress).toEqual([3]);
    const hits = await context.stores.lists.hitsFor('TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre');
    // Also on the OFAC list imported above: each list answers for itself.
    expect(hits.map((hit) => [hit.source, hit.label]).sort()).toEqual([
      ['community-text', 'OFAC TRX listing'],
      ['ofac-sdn', 'Digital Currency Address - TRX'],
    ]);
  });

  it('keeps the previous list when the new file holds no valid address', async () => {
    const path = join(dir, 'junk.txt');
    await writeFile(path, 'hello\nworld\n');
    await expect(
      importList(path, context.stores.lists, { source: 'community-text', kind: 'scam' }),
    ).rejects.toThrow(IntelFileError);
    const hits = await context.stores.lists.hitsFor('bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw');
    expect(hits.map((hit) => hit.source).sort()).toEqual(['community-text', 'ofac-sdn']);
  });
});
