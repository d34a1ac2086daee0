/**
 * Start time and memory as a new user meets them: `npm start`'s compiled entry (`node dist/main.js`,
 * built first when stale) on a fresh PGlite data directory, and on a fresh Postgres database when one
 * is given. Time is from process start to the first `GET /readyz` 200; memory is the process's RSS:
 * its peak until ready, then its RSS and peak after 5,000 checks over HTTP (10 at a time). No network
 * is used (the scheduled refresh is off), so the figures are the service's own. RSS comes from
 * /proc (Linux).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface StartRun {
  readyMs: number;
  /** Peak RSS (MB) from start until ready. */
  peakAtReadyMb: number;
  /** RSS (MB) after the checks, and the peak over the whole run. */
  steadyMb: number;
  peakMb: number;
}

export interface StartFigures {
  pglite: StartRun[];
  pgliteWithoutBundle: StartRun[];
  postgres: StartRun[];
}

const CHECKS = 5_000;
const SANCTIONED = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';

/** `newDatabaseUrl` gives a fresh Postgres database per run (null: Postgres is skipped). */
export async function benchStart(
  newDatabaseUrl: (() => Promise<{ url: string; drop(): Promise<void> }>) | null,
  runs = 3,
): Promise<StartFigures> {
  await promisify(execFile)(process.execPath, ['scripts/build.js', '--if-stale']);
  const figures: StartFigures = { pglite: [], pgliteWithoutBundle: [], postgres: [] };
  for (let i = 0; i < runs; i += 1) {
    figures.pglite.push(await measure({ CHAINWARDEN_BUNDLED_LISTS: 'on' }, i === 0));
    figures.pgliteWithoutBundle.push(await measure({ CHAINWARDEN_BUNDLED_LISTS: 'off' }, false));
    if (newDatabaseUrl) {
      const database = await newDatabaseUrl();
      try {
        figures.postgres.push(await measure({ DATABASE_URL: database.url }, i === 0));
      } finally {
        await database.drop();
      }
    }
  }
  return figures;
}

function memoryMb(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    return { rss: field('VmRSS') / 1024, peak: field('VmHWM') / 1024 };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

async function measure(env: Record<string, string>, withChecks: boolean): Promise<StartRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      ...env,
      CHAINWARDEN_DATA_DIR: dataDir,
      HTTP_PORT: '0',
      INTEL_OFAC_URL: 'off',
      INTEL_LISTS: 'off',
      LOG_LEVEL: 'info',
      // One load generator from one address: the per-client limit (600 a minute) would refuse it.
      HTTP_RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await listeningUrl(child);
    for (;;) {
      const ready = await fetch(`${url}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const readyMs = performance.now() - started;
    const atReady = memoryMb(child.pid);
    if (withChecks) await runChecks(url);
    const after = memoryMb(child.pid);
    return {
      readyMs,
      peakAtReadyMb: atReady.peak,
      steadyMb: withChecks ? after.rss : Number.NaN,
      peakMb: withChecks ? after.peak : Number.NaN,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** 5,000 checks, 10 at a time: one in ten the bundled sanctioned address, the rest random addresses. */
async function runChecks(url: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < CHECKS) {
      const i = next++;
      const address = i % 10 === 0 ? SANCTIONED : `0x${randomBytes(20).toString('hex')}`;
      const response = await fetch(`${url}/v1/addresses/${address}`);
      if (response.status !== 200) throw new Error(`check ${i} answered ${response.status}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      const line = output.split('\n').find((l) => l.includes('HTTP API listening'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening`)));
  });
}

const median = (values: number[]) =>
  [...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)[Math.floor(values.length / 2)] ??
  Number.NaN;

export function describeStart({ pglite, pgliteWithoutBundle, postgres }: StartFigures): string {
  const seconds = (runs: StartRun[]) =>
    `median ${(median(runs.map((r) => r.readyMs)) / 1000).toFixed(2)} s (${runs.map((r) => (r.readyMs / 1000).toFixed(2)).join(', ')})`;
  const memory = (runs: StartRun[]) => {
    const first = runs[0];
    if (!first) return '';
    return `; RSS peak until ready ${Math.round(first.peakAtReadyMb)} MB, after ${CHECKS.toLocaleString('en-US')} checks ${Math.round(first.steadyMb)} MB (peak ${Math.round(first.peakMb)} MB)`;
  };
  const lines = [
    `start to first /readyz 200 (node dist/main.js), fresh PGlite data dir: with the bundled lists ${seconds(pglite)}${memory(pglite)}`,
    `  without the bundled lists ${seconds(pgliteWithoutBundle)}`,
  ];
  if (postgres.length > 0) {
    lines.push(`  fresh Postgres database, bundled lists: ${seconds(postgres)}${memory(postgres)}`);
  }
  return lines.join('\n');
}
