/**
 * Import throughput: a generated text list of 1M random EVM addresses (one a line), imported with
 * `importList` into whatever `ListStore` the caller passes (PGlite or Postgres), the way the CLI
 * does (COPY on Postgres). Generation is not timed. The list is stored as source `bench-import`; a
 * later run replaces it. Targets (issue 16): 1M rows under 15 s on Postgres, under 40 s on PGlite.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ListStore } from '../src/core/index.js';
import { importList } from '../src/intel/index.js';

export async function benchImport(
  lists: ListStore,
  options: { rows?: number } = {},
): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const rows = options.rows ?? 1_000_000;
  const dir = await mkdtemp(join(tmpdir(), 'chainwarden-bench-'));
  try {
    const path = join(dir, 'bench-list.txt');
    await writeAddressList(path, rows);
    const started = process.hrtime.bigint();
    const result = await importList(path, lists, { source: 'bench-import', kind: 'scam', category: 'other' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.count !== rows) throw new Error(`bench imported ${result.count} of ${rows} rows`);
    return { rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeAddressList(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const perChunk = 10_000;
  for (let written = 0; written < rows; written += perChunk) {
    const count = Math.min(perChunk, rows - written);
    // 20 random bytes per address: collisions among 1M are vanishingly unlikely.
    const bytes = randomBytes(20 * count).toString('hex');
    let chunk = '';
    for (let i = 0; i < count; i += 1) chunk += `0x${bytes.slice(i * 40, i * 40 + 40)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export function describeImport(
  engine: string,
  imported: { rows: number; seconds: number; rowsPerSecond: number },
): string {
  return `${engine} list import: ${imported.rows.toLocaleString('en-US')} rows in ${imported.seconds.toFixed(1)} s (${imported.rowsPerSecond.toLocaleString('en-US')} rows/s)`;
}
