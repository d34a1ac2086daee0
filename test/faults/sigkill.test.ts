/**
 * SIGKILL in the middle of a stream of reports: the real service (`bin/chainwarden.js serve`, its
 * own process) is killed without warning while clients file reports, then started again on the
 * same storage. Every report it acknowledged (201) must be there. On PGlite the kill leaves the
 * data directory's lock behind: the next start must find its process gone, replace the lock and
 * open the directory. Runs on Postgres too when TEST_DATABASE_URL is set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/adapters/cli/main.js';
import { type CliEnv, createCliEnv } from '../support/cli-env.js';

interface RunningService {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

let dataDir: string;
let env: Record<string, string | undefined>;
let storage: CliEnv | undefined;

beforeAll(async () => {
  // One API key files every report: lift the per-reporter limit so the stream is not refused.
  storage = await createCliEnv('chainwarden-sigkill', {
    LOG_LEVEL: 'info',
    HTTP_PORT: '0',
    REPORTS_PER_HOUR: '10000',
  });
  ({ dataDir, env } = storage);
});
afterAll(async () => {
  await storage?.close();
});

async function startService(): Promise<RunningService> {
  const child = spawn(process.execPath, ['bin/chainwarden.js', 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await vi.waitFor(() => expect(output).toContain('HTTP API listening'), { timeout: 60_000 });
  const line = output.split('\n').find((l) => l.includes('HTTP API listening')) ?? '{}';
  return { child, url: (JSON.parse(line) as { url: string }).url, exited };
}

async function createApiKey(): Promise<string> {
  let stdout = '';
  const code = await runCli(['apikey', 'create', '--name', 'sigkill', '--json'], {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
  });
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { key: string }).key;
}

describe('a SIGKILL in the middle of a stream of reports', () => {
  it(`loses no acknowledged report, and the next start opens the storage (${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'})`, async () => {
    const key = await createApiKey();
    const first = await startService();
    const acknowledged: string[] = [];
    let killed = false;
    try {
      // Four clients filing reports until the service dies under them.
      const refused: string[] = [];
      const client = async (worker: number) => {
        for (let i = 0; refused.length === 0; i += 1) {
          const address = `0x${(worker * 100_000 + i + 1).toString(16).padStart(40, 'c')}`;
          let status: number;
          try {
            const res = await fetch(`${first.url}/v1/reports`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
              body: JSON.stringify({
                address,
                category: 'phishing',
                note: `report ${i} of client ${worker}`,
              }),
            });
            status = res.status;
          } catch (error) {
            // The kill: the connection is refused or reset. Before it, a failed request is a failure.
            if (!killed) refused.push(String(error));
            return;
          }
          if (status === 201) acknowledged.push(address);
          else refused.push(`${address}: ${status}`);
        }
      };
      const clients = [1, 2, 3, 4].map(client);
      await vi.waitFor(() => expect(acknowledged.length + refused.length).toBeGreaterThanOrEqual(40), {
        timeout: 30_000,
      });
      expect(refused).toEqual([]);
      killed = true;
      first.child.kill('SIGKILL');
      await Promise.all(clients);
      await first.exited;
    } finally {
      first.child.kill('SIGKILL');
    }

    const pidFile = join(dataDir, 'chainwarden.pid');
    if (!env.DATABASE_URL) {
      // The lock of the killed process stayed behind: the next start must replace it.
      expect(readFileSync(pidFile, 'utf8')).toBe(String(first.child.pid));
    }
    const second = await startService();
    try {
      if (!env.DATABASE_URL) expect(readFileSync(pidFile, 'utf8')).toBe(String(second.child.pid));
      const missing: string[] = [];
      for (const address of acknowledged) {
        const res = await fetch(`${second.url}/v1/addresses/${address}/reports`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { reports: unknown[] };
        if (body.reports.length !== 1) missing.push(address);
      }
      expect(missing).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expect(existsSync(pidFile)).toBe(false);
  }, 180_000);
});
