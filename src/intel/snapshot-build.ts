/**
 * Rebuilds the bundled snapshot in `data/` from the public source files (`npm run data:build`,
 * scripts/build-data.ts). Only sources whose licences allow redistribution go in: OFAC's SDN list
 * (US government work, public domain), the MEW darklist (MIT) and EtherScamDB (MIT). Forta's lists
 * and the service labels are derived from Etherscan pages whose terms restrict reuse: never here.
 *
 * The OFAC part joins two derived views of OFAC's own data (see their PROVENANCE.md files): names and
 * programs from the 2024-05-03 SDN.CSV (+ a supplement naming later designations), addresses from
 * 0xB10C's extraction of sdn_advanced.xml as of 2024-09-27. Addresses the names do not cover are
 * still listed, with an entity that says so.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ListKind, ReportCategory } from '../core/index.js';
import type { BundledEntry, BundledListFile } from './bundled.js';
import { SNAPSHOT_MANIFEST } from './bundled.js';
import { readListFile } from './list-file.js';
import { humanText, sanctionedAddress } from './normalise.js';

/** Entity shown for an address the snapshot's name tables do not cover. */
export const UNNAMED_ENTITY = 'unknown in the snapshot; refresh from OFAC for details';

/** The edition of 0xB10C's address lists in ofac-sanctioned-addresses/ (their commit date). */
const OFAC_ADDRESSES_DATE = '2024-09-27';
/** scams.yaml last changed upstream on this day (scam-lists/PROVENANCE.md); the CSV carries no date. */
const ETHERSCAMDB_DATE = '2019-07-17';

interface SourceNote {
  file: string;
  source: string;
  kind: ListKind;
  listDate: string;
  count: number;
  /** Lines for PROVENANCE.md. */
  provenance: string[];
}

export interface SnapshotBuildResult {
  lists: SourceNote[];
}

/**
 * Read the public files under `publicDir` (the shared data folder: ofac-sdn-latest/,
 * ofac-sanctioned-addresses/, mew-ethereum-lists/, scam-lists/etherscamdb/) and write `outDir`
 * (`data/`): snapshot.json, lists/*.json, licences/ and PROVENANCE.md. Replaces what was there.
 */
export async function buildSnapshot(publicDir: string, outDir: string): Promise<SnapshotBuildResult> {
  const notes = [
    await buildOfac(publicDir, outDir),
    await buildScamList(outDir, {
      path: join(publicDir, 'mew-ethereum-lists', 'addresses-darklist.json'),
      source: 'mew-darklist',
      listDate: null,
      category: null,
      provenance: [
        'MyEtherWallet ethereum-lists `src/addresses/addresses-darklist.json` (commit d9cb7cef; newest entry',
        'dated 2020-11-17): community-reported phishing, fake-ICO and scam addresses. Licence: MIT,',
        'Copyright (c) 2017-2020 MyEtherWallet (licences/MEW-ethereum-lists-MIT.txt). Stale: 2017-2020.',
      ],
    }),
    await buildScamList(outDir, {
      path: join(publicDir, 'scam-lists', 'etherscamdb', 'scam_addresses.csv'),
      source: 'etherscamdb',
      listDate: ETHERSCAMDB_DATE,
      category: null,
      provenance: [
        'EtherScamDB (MrLuit/EtherScamDB `_data/scams.yaml`, last changed 2019-07-17 in commit 7dfe4ed2),',
        'one row per (scam entry, address); labels are the scam sites, categories from the entries.',
        'Addresses of chains the service cannot parse (XRP, NEO, Stellar...) and pasted transaction hashes',
        'are left out. Licence: MIT, Copyright (c) 2018 Luit Hollander',
        '(licences/EtherScamDB-MIT.txt). Stale: mostly 2017-2019.',
      ],
    }),
  ];
  await mkdir(join(outDir, 'licences'), { recursive: true });
  await copyFile(
    join(publicDir, 'scam-lists', 'etherscamdb', 'LICENSE-MIT.txt'),
    join(outDir, 'licences', 'EtherScamDB-MIT.txt'),
  );
  await writeFile(join(outDir, 'licences', 'MEW-ethereum-lists-MIT.txt'), MEW_LICENCE);
  // The OFAC rows are public domain; the file that carried the comments is shipped under watchman's licence.
  await copyFile(
    join(publicDir, 'ofac-sdn-latest', 'LICENSE-moov-io-watchman-Apache-2.0.txt'),
    join(outDir, 'licences', 'moov-io-watchman-Apache-2.0.txt'),
  );
  await writeFile(
    join(outDir, SNAPSHOT_MANIFEST),
    `${JSON.stringify({ lists: notes.map((note) => note.file) }, null, 2)}\n`,
  );
  const inputs = [
    'ofac-sdn-latest/digital-currency-addresses-2024-05-03.csv',
    'ofac-sdn-latest/supplement-post-2024-05-03.csv',
    ...(await readdir(join(publicDir, 'ofac-sanctioned-addresses')))
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => `ofac-sanctioned-addresses/${f}`),
    'mew-ethereum-lists/addresses-darklist.json',
    'scam-lists/etherscamdb/scam_addresses.csv',
  ];
  await writeFile(join(outDir, 'PROVENANCE.md'), provenance(notes, await sourceChecksums(publicDir, inputs)));
  return { lists: notes };
}

interface OfacRow {
  sdn_name: string;
  programs: string;
  asset: string;
  address: string;
}

async function buildOfac(publicDir: string, outDir: string): Promise<SourceNote> {
  const sdnDir = join(publicDir, 'ofac-sdn-latest');
  const named = [
    ...(await readCsv<OfacRow>(join(sdnDir, 'digital-currency-addresses-2024-05-03.csv'))),
    ...(await readCsv<OfacRow>(join(sdnDir, 'supplement-post-2024-05-03.csv'))),
  ];
  const merged = new Map<
    string,
    { address: string; assets: Set<string>; entities: Set<string>; programs: Set<string> }
  >();
  const add = (asset: string, raw: string, entity: string | null, programs: string[]) => {
    const key = sanctionedAddress(asset, raw).key;
    let entry = merged.get(key);
    if (!entry) {
      entry = { address: raw.trim(), assets: new Set(), entities: new Set(), programs: new Set() };
      merged.set(key, entry);
    }
    entry.assets.add(asset);
    if (entity) entry.entities.add(entity);
    for (const program of programs) entry.programs.add(program);
  };
  for (const row of named) {
    add(row.asset, row.address, humanText(row.sdn_name), row.programs.split('|').filter(Boolean));
  }
  const namedKeys = new Set(merged.keys());
  const addressDir = join(publicDir, 'ofac-sanctioned-addresses');
  let unnamed = 0;
  const files = (await readdir(addressDir))
    .filter((f) => /^sanctioned_addresses_[A-Z0-9]+\.txt$/.test(f))
    .sort();
  for (const file of files) {
    const asset = file.slice('sanctioned_addresses_'.length, -'.txt'.length);
    for (const line of (await readFile(join(addressDir, file), 'utf8')).split(/\r?\n/)) {
      const raw = line.trim();
      if (!raw) continue;
      const key = sanctionedAddress(asset, raw).key;
      if (!namedKeys.has(key) && !merged.has(key)) unnamed += 1;
      add(asset, raw, null, []);
    }
  }
  const entries: BundledEntry[] = [...merged.values()]
    .map(({ address, assets, entities, programs }) => ({
      address,
      asset: [...assets][0] ?? null,
      label: `Digital Currency Address - ${[...assets].join(', ')}`,
      category: null,
      entity: entities.size > 0 ? [...entities].join('; ') : UNNAMED_ENTITY,
      program: programs.size > 0 ? [...programs].join(', ') : null,
      listedAt: null,
    }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const file = 'lists/ofac-sdn.json';
  await writeList(outDir, file, {
    source: 'ofac-sdn',
    kind: 'sanctions',
    listDate: OFAC_ADDRESSES_DATE,
    category: null,
    entries,
  });
  return {
    file,
    source: 'ofac-sdn',
    kind: 'sanctions',
    listDate: OFAC_ADDRESSES_DATE,
    count: entries.length,
    provenance: [
      'OFAC SDN list, digital-currency addresses (US government work, public domain). Addresses: 0xB10C',
      `/ofac-sanctioned-digital-currency-addresses (branch lists, commit f2aee226, ${OFAC_ADDRESSES_DATE}; its`,
      '7 asset files BCH, ETH, LTC, TRX, USDC, USDT, XBT), extracted from OFAC sdn_advanced.xml.',
      'Entity names and programs: OFAC SDN.CSV of 2024-05-03 joined with SDN_COMMENTS.CSV (which also',
      'adds the ARB, BSC, BSV, BTG, DASH, ETC, XMR, XRP, XVG and ZEC addresses of that date), plus a',
      'supplement naming the designations up to 2024-09-27 (ofac-sdn-latest/PROVENANCE.md of the public data',
      "folder tells how each was made). 0xB10C's repository is MIT-licensed and the comments file comes from",
      'moov-io/watchman (Apache-2.0, licences/moov-io-watchman-Apache-2.0.txt); the address strings, names',
      "and programs are all OFAC data, and no code or text of 0xB10C's repository is shipped.",
      `${entries.length - unnamed} addresses carry a name; ${unnamed} do not ("${UNNAMED_ENTITY}").`,
      'Stale by design: OFAC has designated and delisted addresses since (Tornado Cash was delisted in',
      'March 2025 and is still in this snapshot). The service refreshes from OFAC daily when it can.',
    ],
  };
}

async function buildScamList(
  outDir: string,
  options: {
    path: string;
    source: string;
    listDate: string | null;
    category: ReportCategory | null;
    provenance: string[];
  },
): Promise<SourceNote> {
  const reader = readListFile(options.path);
  const entries: BundledEntry[] = [];
  let newest = '';
  for await (const batch of reader.batches) {
    for (const entry of batch) {
      entries.push({
        address: entry.display,
        label: entry.label,
        category: entry.category,
        listedAt: entry.listedAt,
      });
      if (entry.listedAt && entry.listedAt > newest) newest = entry.listedAt;
    }
  }
  // A list without its own date is dated by its newest entry.
  const listDate = options.listDate ?? newest;
  const file = `lists/${options.source}.json`;
  await writeList(outDir, file, {
    source: options.source,
    kind: 'scam',
    listDate,
    category: options.category,
    entries,
  });
  return {
    file,
    source: options.source,
    kind: 'scam',
    listDate,
    count: entries.length,
    provenance: [
      ...options.provenance,
      `${reader.stats.rows} rows read, ${entries.length} distinct addresses, ${reader.stats.duplicates} duplicates,`,
      `${reader.invalid.length} rows left out (not an address the service parses).`,
    ],
  };
}

async function readCsv<T>(path: string): Promise<T[]> {
  return parse(await readFile(path, 'utf8'), { columns: true, skip_empty_lines: true }) as T[];
}

/** One entry a line: a rebuild's diff shows exactly which addresses came and went. */
async function writeList(outDir: string, file: string, list: BundledListFile): Promise<void> {
  const { entries, ...head } = list;
  const lines = entries.map((entry) => `    ${JSON.stringify(entry)}`);
  const text = `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "entries": [\n${lines.join(',\n')}\n  ]\n}\n`;
  await mkdir(join(outDir, 'lists'), { recursive: true });
  await rm(join(outDir, file), { force: true });
  await writeFile(join(outDir, file), text);
}

function provenance(notes: SourceNote[], checksums: string[]): string {
  return `# Bundled public lists

Loaded at the service's first start (and after an upgrade that ships a newer snapshot) so a fresh
install screens sanctioned and known scam addresses with no configuration and no network. Answers
from these lists say "(bundled snapshot)" with the list's date. Generated by \`npm run data:build\`
(scripts/build-data.ts) from the public files; do not edit by hand.

| List | Kind | Edition | Addresses | File |
|---|---|---|---|---|
${notes.map((n) => `| ${n.source} | ${n.kind} | ${n.listDate} | ${n.count} | ${n.file} |`).join('\n')}

${notes.map((n) => `## ${n.source}\n\n${n.provenance.join('\n')}\n`).join('\n')}
## Not bundled

Forta's labelled datasets and the service labels are derived from Etherscan pages whose terms restrict
reuse: they are used in tests only, never shipped here.

## Files read (sha256), paths under the public data folder

${checksums.join('\n')}
`;
}

/** sha256 of each source file, for PROVENANCE.md: the same inputs always give the same snapshot. */
async function sourceChecksums(publicDir: string, files: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    const hash = createHash('sha256')
      .update(await readFile(join(publicDir, file)))
      .digest('hex');
    lines.push(`- \`${file}\`: ${hash}`);
  }
  return lines;
}

const MEW_LICENCE = `MIT License

Copyright (c) 2017-2020 MyEtherWallet

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
