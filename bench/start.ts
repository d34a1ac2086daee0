/**
 * Start time as a new user meets it: `npm start`'s entry on a fresh PGlite data directory, from
 * process start to the first `GET /readyz` 200, with the bundled lists loaded and without them.
 * No network is used (the scheduled refresh is off), so the figure is the service's own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartFigures {
  bundled: number[];
  withoutBundle: number[];
}

export async function benchStart(runs = 3): Promise<StartFigures> {
  const figures: StartFigures = { bundled: [], withoutBundle: [] };
  for (let i = 0; i < runs; i += 1) {
    figures.bundled.push(await timeStart({ CHAINWARDEN_BUNDLED_LISTS: 'on' }));
    figures.withoutBundle.push(await timeStart({ CHAINWARDEN_BUNDLED_LISTS: 'off' }));
  }
  return figures;
}

async function timeStart(env: Record<string, string>): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chainwarden-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      ...env,
      DATABASE_URL: '',
      CHAINWARDEN_DATA_DIR: dataDir,
      HTTP_PORT: '0',
      INTEL_OFAC_URL: 'off',
      INTEL_LISTS: 'off',
      LOG_LEVEL: 'info',
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
      if (ready) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export function describeStart({ bundled, withoutBundle }: StartFigures): string {
  const seconds = (values: number[]) =>
    `median ${(median(values) / 1000).toFixed(2)} s (${values.map((v) => (v / 1000).toFixed(2)).join(', ')})`;
  return `start to first /readyz 200, fresh PGlite data dir: with the bundled lists ${seconds(bundled)}; without ${seconds(withoutBundle)}`;
}
