import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListEntry } from '../../src/core/index.js';
import { IntelFileError, LIST_BATCH_SIZE, type ListFileReader, readListFile } from '../../src/intel/index.js';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/intel/lists', name);

async function readAll(reader: ListFileReader): Promise<{ entries: ListEntry[]; batchSizes: number[] }> {
  const entries: ListEntry[] = [];
  const batchSizes: number[] = [];
  for await (const batch of reader.batches) {
    entries.push(...batch);
    batchSizes.push(batch.length);
  }
  return { entries, batchSizes };
}

const byKey = (entries: ListEntry[], key: string) => entries.find((entry) => entry.key === key);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chainwarden-lists-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readListFile: MyEtherWallet JSON lists', () => {
  it('reads the real darklist: 715 rows, 652 distinct addresses, none rejected', async () => {
    const reader = readListFile(fixture('addresses-darklist.json'));
    const { entries } = await readAll(reader);
    expect(reader.stats).toEqual({ format: 'json', rows: 715, accepted: 652, duplicates: 63 });
    expect(reader.invalid).toEqual([]);
    expect(entries).toHaveLength(652);
    expect(entries.every((entry) => entry.chain === 'evm' && entry.key === entry.key.toLowerCase())).toBe(
      true,
    );
  });

  it('keeps the comment as the label and reads ISO, M/D/YY and empty dates', async () => {
    const { entries } = await readAll(readListFile(fixture('addresses-darklist.json')));
    expect(byKey(entries, '0x09750ad360fdb7a2ee23669c4503c974d86d8694')).toMatchObject({
      display: '0x09750Ad360fDB7a2ee23669C4503C974d86D8694',
      label: 'XRP phishing website (ripple.com.pt) this wallet collects funds from malicious wallets',
      listedAt: '2020-11-17',
    });
    const dates = entries.map((entry) => entry.listedAt);
    expect(dates).toContain('2017-07-18');
    expect(dates.filter((date) => date === null)).toHaveLength(23);
    expect(dates.every((date) => date === null || /^\d{4}-\d{2}-\d{2}$/.test(date))).toBe(true);
  });

  it('reads the real lightlist', async () => {
    const { entries } = await readAll(readListFile(fixture('addresses-lightlist.json')));
    expect(entries.map((entry) => [entry.key, entry.label])).toEqual([
      ['0xf8094e15c897518b5ac5287d7070ca5850efc6ff', 'district0x Address'],
      ['0x439b54caf661c21e6b231d972d7eaa98f199590f', 'DataBroker DAO Address'],
    ]);
  });

  it('reports a bad element with the line it starts on', async () => {
    const path = join(dir, 'mixed.json');
    await writeFile(
      path,
      '[\n  "0x8589427373D6D84E98730D7795D8f6f8731FDA16",\n  {\n    "comment": "no address"\n  },\n  {"address": "0xnope"}\n]\n',
    );
    const reader = readListFile(path);
    const { entries } = await readAll(reader);
    expect(entries).toHaveLength(1);
    expect(reader.invalid).toEqual([
      { line: 3, input: '{"comment":"no address"}', reason: 'no "address" field' },
      { line: 6, input: '0xnope', reason: expect.any(String) },
    ]);
  });

  it('refuses JSON that is not an array', async () => {
    const path = join(dir, 'object.json');
    await writeFile(path, '{"address": "0x8589427373D6D84E98730D7795D8f6f8731FDA16"}');
    await expect(readAll(readListFile(path))).rejects.toThrow(IntelFileError);
  });
});

describe('readListFile: CSV with a header', () => {
  it('finds the banned_address column in the real Forta CSV and the label and category beside it', async () => {
    const reader = readListFile(fixture('forta-etherscan_malicious_labels-excerpt.csv'));
    const { entries } = await readAll(reader);
    expect(reader.stats).toEqual({ format: 'csv', rows: 206, accepted: 195, duplicates: 11 });
    expect(byKey(entries, '0x80d7bb18521acbef32d7906502ebe94928690e93')).toMatchObject({
      label: 'Fake_Phishing1772',
      category: 'phishing',
    });
    // A quoted label with commas inside.
    expect(byKey(entries, '0xc5d88efc558762a53b5e9924c1e7ab995281c2f6')?.label).toBe(
      'Amazon.com, Inc. - Common Token (AMZN)',
    );
    expect(byKey(entries, '0x83a2eb63b6cc296529468afa85dbde4a469d8b37')).toMatchObject({
      label: 'Easyfi Hacker',
      category: null,
    });
  });

  it('accepts the two real wrong-checksum addresses case-insensitively, with a warning per line', async () => {
    const reader = readListFile(fixture('forta-etherscan_malicious_labels-excerpt.csv'));
    const { entries } = await readAll(reader);
    expect(byKey(entries, '0xa0df9ca52e8ab5dde22c55d9b3c2cdf814b9b773')).toBeDefined();
    expect(byKey(entries, '0xf299f6b031cc4dd1bfcb86a5e5590f99336a29c6')).toBeDefined();
    expect(reader.invalid).toEqual([]);
    expect(reader.warnings).toEqual([
      expect.stringMatching(
        /^line 202: 0xA0DF9CA52e8aB5DDE22C55D9B3C2CDF814B9B773 has a wrong EIP-55 checksum/,
      ),
      expect.stringMatching(
        /^line 205: 0xf299f6B031Cc4dd1BfcB86A5e5590f99336a29c6 has a wrong EIP-55 checksum/,
      ),
    ]);
  });

  it('reads the real EtherScamDB CSV: every EVM address kept, tx hashes rejected by line', async () => {
    const reader = readListFile(fixture('etherscamdb-scam_addresses.csv'));
    const { entries, batchSizes } = await readAll(reader);
    const { rows, accepted, duplicates } = reader.stats;
    expect(rows).toBe(3251);
    expect(accepted + duplicates + reader.invalid.length).toBe(rows);
    // 2,040 distinct EVM addresses case-insensitively (counted independently, see PROVENANCE.md).
    expect(entries.filter((entry) => entry.chain === 'evm')).toHaveLength(2040);
    expect(entries.some((entry) => entry.chain === 'bitcoin')).toBe(true);
    expect(batchSizes[0]).toBe(LIST_BATCH_SIZE);
    expect(reader.invalid.slice(0, 3).map((row) => row.line)).toEqual([13, 14, 15]);
    expect(reader.invalid[0]?.input).toBe(
      '0x11c058c3efbf53939fb6872b09a2b5cf2410a1e2c3f3c867664e43a626d878c0',
    );
    expect(byKey(entries, '0xd0cc2b24980cbcca47ef755da88b220a82291407')).toMatchObject({
      label: 'myelherwallel.com',
      category: 'phishing',
    });
  });

  it('refuses a CSV without an address column and names the accepted headers', async () => {
    const path = join(dir, 'no-address.csv');
    await writeFile(path, 'name,url\nfoo,https://example.com\n');
    const failure = await readAll(readListFile(path)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntelFileError);
    expect((failure as IntelFileError).hint).toContain('address, contract_address, banned_address');
  });

  it('keeps line numbers right when a quoted field spans lines', async () => {
    const path = join(dir, 'multiline.csv');
    await writeFile(
      path,
      'contract_address,notes\r\n0x8589427373D6D84E98730D7795D8f6f8731FDA16,"two\r\nlines"\r\nbogus,x\r\n',
    );
    const reader = readListFile(path);
    const { entries } = await readAll(reader);
    expect(entries).toHaveLength(1);
    expect(reader.invalid).toEqual([{ line: 4, input: 'bogus', reason: expect.any(String) }]);
  });
});

describe('readListFile: a CSV with a stray quote', () => {
  const address = (index: number) => `0x${index.toString(16).padStart(40, '0')}`;

  it('reports the line with the unclosed quote and still imports the 10,000 good rows after it', async () => {
    const path = join(dir, 'stray-quote.csv');
    const good = Array.from({ length: 10_000 }, (_, index) => `${address(index + 1)},row ${index + 1}`);
    await writeFile(path, ['address,label', `${address(0)},"Scam, says who`, ...good, ''].join('\n'));
    const reader = readListFile(path);
    const { entries } = await readAll(reader);
    expect(entries).toHaveLength(10_000);
    expect(reader.stats).toEqual({ format: 'csv', rows: 10_001, accepted: 10_000, duplicates: 0 });
    expect(reader.invalid).toEqual([
      {
        line: 2,
        input: `${address(0)},"Scam, says who`,
        reason: expect.stringMatching(/^unclosed quote/),
      },
    ]);
    expect(byKey(entries, address(10_000))?.label).toBe('row 10000');
  });

  it('gives up on a quoted field past 64 KiB, caps a huge label, and takes a line over 64 KiB for one invalid row', async () => {
    const path = join(dir, 'stray-quote-huge.csv');
    await writeFile(
      path,
      [
        'address,label',
        `${address(1)},"open`,
        `${address(2)},${'z'.repeat(60_000)}`,
        `${address(3)},${'z'.repeat(70_000)}`,
        `${address(4)},ok`,
      ].join('\n'),
    );
    const reader = readListFile(path);
    const { entries } = await readAll(reader);
    expect(reader.invalid).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringMatching(/^unclosed quote.*within 64 KiB$/) }),
      {
        line: 4,
        input: expect.stringMatching(/^0x0{39}3,z+…$/),
        reason: 'longer than 64 Ki characters, so not a list row',
      },
    ]);
    expect(entries.map((entry) => entry.key)).toEqual([address(2), address(4)]);
    expect(entries[0]?.label).toHaveLength(200);
    expect(entries[0]?.label?.endsWith('…')).toBe(true);
  });

  it('refuses a CSV whose header line has an unclosed quote', async () => {
    const path = join(dir, 'stray-quote-header.csv');
    await writeFile(path, `"address,label\n${address(1)},x\n`);
    await expect(readAll(readListFile(path))).rejects.toThrow(/CSV header on line 1 cannot be read/);
  });
});

describe('readListFile: hostile text in labels', () => {
  const osc8 = '\u001b]8;;https://evil\u0007click\u001b]8;;\u0007';
  const red = '\u001b[31mred';
  const tron = 'TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre';
  const evm = '0x8589427373d6d84e98730d7795d8f6f8731fda16';
  const btc = 'bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw';
  const printable = (text: string | null | undefined) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the assertion is that none are left
    !/[\u0000-\u001f\u007f-\u009f]/.test(text ?? '');

  it('strips escape sequences and control characters from a JSON comment', async () => {
    const path = join(dir, 'hostile.json');
    await writeFile(
      path,
      JSON.stringify([
        { address: evm, comment: `${osc8} here` },
        { address: tron, comment: `${red}\r\n\tphish\u0085ing\u009b0m` },
        { address: btc, comment: '\u001b[2J\u0007' },
      ]),
    );
    const { entries } = await readAll(readListFile(path));
    expect(entries.map((entry) => entry.label)).toEqual(['click here', 'red phish ing', null]);
  });

  it('strips them from CSV label and name columns, and from a rejected input shown back', async () => {
    const path = join(dir, 'hostile.csv');
    await writeFile(
      path,
      `address,name\n${evm},"${osc8}\n${red}"\n${tron},${red}\u007f!\n\u001b[31m0xbad\u001b[0m,x\n`,
    );
    const reader = readListFile(path);
    const { entries } = await readAll(reader);
    expect(entries.map((entry) => entry.label)).toEqual(['click red', 'red !']);
    expect(reader.invalid).toEqual([{ line: 5, input: '0xbad', reason: expect.any(String) }]);
    expect(reader.invalid.every((row) => printable(row.input) && printable(row.reason))).toBe(true);
  });

  it('strips them from a text list comment and caps a long one at 200 characters', async () => {
    const path = join(dir, 'hostile.txt');
    await writeFile(path, `${evm} # ${osc8} ${red}\n${tron} # ${'long '.repeat(100)}\n`);
    const { entries } = await readAll(readListFile(path));
    expect(entries[0]?.label).toBe('click red');
    expect(entries[1]?.label).toHaveLength(200);
    expect(entries.every((entry) => printable(entry.label))).toBe(true);
  });
});

describe('readListFile: plain text', () => {
  it('skips comments and blank lines and reports each invalid line by number', async () => {
    const reader = readListFile(fixture('scam-list-with-invalid-lines.txt'));
    const { entries } = await readAll(reader);
    expect(reader.invalid.map(({ line, input }) => ({ line, input }))).toEqual([
      { line: 4, input: 'not-an-address' },
      { line: 7, input: '0x12345' },
      { line: 10, input: '0x11c058c3efbf53939fb6872b09a2b5cf2410a1e2c3f3c867664e43a626d878c0' },
    ]);
    expect(reader.invalid.every((row) => row.reason.length > 0)).toBe(true);
    expect(reader.stats).toEqual({ format: 'text', rows: 7, accepted: 3, duplicates: 1 });
    expect(entries.map((entry) => [entry.key, entry.chain, entry.label])).toEqual([
      [
        '0x09750ad360fdb7a2ee23669c4503c974d86d8694',
        'evm',
        'XRP phishing website (ripple.com.pt), MEW darklist',
      ],
      ['bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw', 'bitcoin', null],
      ['TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre', 'tron', 'OFAC TRX listing'],
    ]);
  });

  it('sniffs the format from the content when the extension says nothing', async () => {
    const json = join(dir, 'darklist-download');
    await writeFile(json, '[{"address": "0x8589427373D6D84E98730D7795D8f6f8731FDA16", "comment": "c"}]');
    const csv = join(dir, 'export-download');
    await writeFile(csv, 'address,label\n0x8589427373D6D84E98730D7795D8f6f8731FDA16,x\n');
    const text = join(dir, 'plain-download');
    await writeFile(text, '# list\n0x8589427373D6D84E98730D7795D8f6f8731FDA16\n');
    for (const [path, format] of [
      [json, 'json'],
      [csv, 'csv'],
      [text, 'text'],
    ] as const) {
      const reader = readListFile(path);
      const { entries } = await readAll(reader);
      expect({ format: reader.stats.format, count: entries.length }).toEqual({ format, count: 1 });
    }
  });

  it('reads a line over 64 KiB as one invalid row, whatever its line break, and keeps the rows around it', async () => {
    const path = join(dir, 'overlong.txt');
    const evm = '0x8589427373d6d84e98730d7795d8f6f8731fda16';
    const tron = 'TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre';
    // A stream chunk is 64 KiB: the long line spans chunks, and a \r\n may be split between two.
    await writeFile(path, `${evm}\r\n${'a'.repeat(3 * 65_536 - 1)}\r\n${tron} # ok\rbc1q\n`);
    const reader = readListFile(path);
    const { entries } = await readAll(reader);
    expect(entries.map((entry) => entry.key)).toEqual([evm, tron]);
    expect(reader.invalid).toEqual([
      { line: 2, input: `${'a'.repeat(100)}…`, reason: 'longer than 64 Ki characters, so not a list row' },
      expect.objectContaining({ line: 4, input: 'bc1q' }),
    ]);
  });

  it('refuses a file that is one huge line without a break, saying why', async () => {
    const path = join(dir, 'one-line.txt');
    await writeFile(path, 'x'.repeat(4 * 1024 * 1024));
    const reader = readListFile(path);
    await expect(readAll(reader)).rejects.toThrow(
      'none of its 1 rows is a valid address; line 1: longer than 64 Ki characters, so not a list row',
    );
    const csv = join(dir, 'one-line.csv');
    await writeFile(csv, 'y'.repeat(4 * 1024 * 1024));
    await expect(readAll(readListFile(csv))).rejects.toThrow(
      'the CSV header on line 1 cannot be read (longer than 64 Ki characters, so not a list row)',
    );
  });

  it('refuses a file with no valid address at all, so it cannot empty a good list', async () => {
    const path = join(dir, 'error-page.txt');
    await writeFile(path, '<html>\n<body>502 Bad Gateway</body>\n</html>\n');
    const reader = readListFile(path);
    await expect(readAll(reader)).rejects.toThrow(/none of its 3 rows is a valid address/);
    expect(reader.invalid).toHaveLength(3);
  });
});
