import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntry } from '../../src/core/index.js';
import { IntelFileError, readOfacSdn } from '../../src/intel/index.js';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/intel/ofac', name);

async function collect(batches: AsyncIterable<ListEntry[]>): Promise<ListEntry[]> {
  const entries: ListEntry[] = [];
  for await (const batch of batches) entries.push(...batch);
  return entries;
}

const byKey = (entries: ListEntry[], key: string) => entries.find((entry) => entry.key === key);

describe('readOfacSdn on real OFAC files', () => {
  it('reads the real legacy sdn.xml excerpt: 2 entries, no addresses, published 2020-10-29', async () => {
    const reader = readOfacSdn(fixture('sdn-legacy-excerpt-2020-10-29.xml'));
    expect(await reader.listDate).toBe('2020-10-29');
    expect(await collect(reader.batches)).toEqual([]);
    expect(await reader.summary).toEqual({
      format: 'legacy',
      listDate: '2020-10-29',
      parties: 2,
      listings: 0,
      count: 0,
      warnings: [],
    });
  });

  it('streams the real 2.7 MB advanced file out of its zip: 375 parties, no addresses, issued 2020-03-17', async () => {
    const reader = readOfacSdn(fixture('cons_advanced-2020-03-17.zip'));
    expect(await collect(reader.batches)).toEqual([]);
    const summary = await reader.summary;
    expect(summary).toMatchObject({ format: 'advanced', listDate: '2020-03-17', parties: 375, count: 0 });
  });
});

describe.each([
  ['advanced (2024 namespace)', 'sdn_advanced-constructed.xml'],
  ['legacy (2024 namespace)', 'sdn-legacy-constructed.xml'],
])('readOfacSdn on a %s file built from real listed addresses', (_format, file) => {
  let entries: ListEntry[] = [];
  let warnings: string[] = [];
  let listDate = '';

  beforeAll(async () => {
    const reader = readOfacSdn(fixture(file));
    entries = await collect(reader.batches);
    ({ warnings, listDate } = await reader.summary);
  });

  it('takes the publish date of the edition', () => {
    expect(listDate).toBe('2024-09-27');
  });

  it('lists Tornado Cash and the Lazarus Group with their programs, keyed by the lowercase EVM address', () => {
    expect(byKey(entries, '0x8589427373d6d84e98730d7795d8f6f8731fda16')).toMatchObject({
      chain: 'evm',
      display: '0x8589427373D6D84E98730D7795D8f6f8731FDA16',
      entity: 'TORNADO CASH',
      program: 'CYBER2',
      label: 'Digital Currency Address - ETH',
    });
    expect(byKey(entries, '0x722122df12d4e14e13ac3b6895a86e84145b6967')?.entity).toBe('TORNADO CASH');
    expect(byKey(entries, '0x098b716b8aaf21512996dc57eb0615e2383e2f96')).toMatchObject({
      entity: 'LAZARUS GROUP',
      program: 'DPRK3',
    });
  });

  it('classifies by address format: bitcoin, tron and an Omni USDT address parse; LTC and BCH are read on their chains', () => {
    expect(byKey(entries, '123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX')).toMatchObject({
      chain: 'bitcoin',
      // Individuals read "LASTNAME, First names" in both formats.
      entity: 'EXAMPLE, Constructed Person',
    });
    expect(byKey(entries, 'bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw')?.chain).toBe('bitcoin');
    expect(byKey(entries, 'TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre')?.chain).toBe('tron');
    expect(byKey(entries, '1CF46Rfbp97absrs7zb7dFfZS6qBXUm9EP')).toMatchObject({
      chain: 'bitcoin',
      label: 'Digital Currency Address - USDT',
    });
    expect(byKey(entries, 'LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb')).toMatchObject({
      chain: 'litecoin',
      display: 'LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb',
      label: 'Digital Currency Address - LTC',
    });
    // OFAC lists BCH without the bitcoincash: prefix; the key is the full CashAddr (issue 17).
    expect(byKey(entries, 'bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq')).toMatchObject({
      chain: 'bitcoin-cash',
      display: 'bitcoincash:qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq',
    });
  });

  it('merges one address listed under ETH and USDT into one entry', () => {
    const merged = entries.filter((entry) => entry.key === '0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      label: 'Digital Currency Address - ETH, USDT',
      entity: 'CONSTRUCTED ENTITY B',
      program: 'CYBER2, DPRK3',
    });
  });

  it('stores an ETH string that does not parse verbatim and says so in a warning', () => {
    expect(byKey(entries, '0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4df')).toMatchObject({ chain: 'other' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4df');
  });

  it('never lists a non-currency feature (website, e-mail) as an address', () => {
    expect(entries.map((entry) => entry.key)).not.toContain('tornado.cash');
    expect(entries.every((entry) => entry.label?.startsWith('Digital Currency Address - '))).toBe(true);
  });
});

describe('readOfacSdn, advanced-only details', () => {
  it('takes the earliest designation date and the whitespace-trimmed address', async () => {
    const entries = await collect(readOfacSdn(fixture('sdn_advanced-constructed.xml')).batches);
    expect(entries).toHaveLength(12);
    expect(byKey(entries, '0x8589427373d6d84e98730d7795d8f6f8731fda16')?.listedAt).toBe('2022-08-08');
    expect(byKey(entries, '0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff')?.listedAt).toBe('2022-04-05');
    // Listed with surrounding spaces in the file.
    expect(byKey(entries, '31nadacWrgPeAQxKRMabhn3fPhnhi3hjKa')?.chain).toBe('bitcoin');
  });

  it('takes the primary alias as the entity, not an a.k.a. listed before it', async () => {
    const entries = await collect(readOfacSdn(fixture('sdn_advanced-constructed.xml')).batches);
    expect(byKey(entries, '0x098b716b8aaf21512996dc57eb0615e2383e2f96')?.entity).toBe('LAZARUS GROUP');
  });

  it('reads a stream as well as a path', async () => {
    const reader = readOfacSdn(createReadStream(fixture('sdn-legacy-constructed.xml')));
    expect(await reader.listDate).toBe('2024-09-27');
    expect(await collect(reader.batches)).toHaveLength(11);
  });
});

describe('readOfacSdn on files that are not OFAC XML', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chainwarden-ofac-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a truncated download with a reason and a hint', async () => {
    const path = join(dir, 'truncated.xml');
    await writeFile(path, '<?xml version="1.0"?><sdnList><sdnEntry><uid>1</uid>');
    const failure = await readOfacSdn(path).summary.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntelFileError);
    expect((failure as IntelFileError).reason).toMatch(/not well-formed XML/);
    expect((failure as IntelFileError).hint).toMatch(/Download the file again/);
  });

  it('refuses XML with another root element', async () => {
    const reader = readOfacSdn(Readable.from(['<html><body>Service unavailable</body></html>']));
    await expect(collect(reader.batches)).rejects.toThrow(/root element is <html>/);
  });
});

describe('readOfacSdn on a file with hostile text', () => {
  it('strips escape sequences and control characters from names, programs and assets', async () => {
    // XML 1.1 allows C0 controls as character references, so a tampered mirror can carry ESC and BEL.
    const osc8 = '&#x1b;]8;;https://evil&#x7;click&#x1b;]8;;&#x7;';
    const xml = `<?xml version="1.1"?><sdnList><publshInformation><Publish_Date>09/27/2024</Publish_Date></publshInformation>
      <sdnEntry><uid>1</uid><firstName>${osc8}</firstName><lastName>&#x1b;[31mRED&#x9b;0m\n\tGROUP</lastName>
        <programList><program>CYBER2&#x1b;[2J</program></programList>
        <idList><id><idType>Digital Currency Address - ETH&#x1b;[8m</idType>
          <idNumber>0x8589427373D6D84E98730D7795D8f6f8731FDA16</idNumber></id>
        <id><idType>Digital Currency Address - LTC</idType><idNumber>L&#x1b;[31mbad</idNumber></id></idList>
      </sdnEntry></sdnList>`;
    const entries = await collect(readOfacSdn(Readable.from([xml])).batches);
    expect(byKey(entries, '0x8589427373d6d84e98730d7795d8f6f8731fda16')).toMatchObject({
      entity: 'RED GROUP, click',
      program: 'CYBER2',
      label: 'Digital Currency Address - ETH',
    });
    // Stored under its verbatim key (what a screen of that string looks up), shown printable.
    expect(byKey(entries, 'L\u001b[31mbad')?.display).toBe('Lbad');
  });
});
