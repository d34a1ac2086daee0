/**
 * The service as `npm start` and the Docker image run it: dist/ (built by scripts/build.js when
 * older than src/), in its own process, on a fresh data directory (or the Postgres of
 * TEST_DATABASE_URL). It answers a bundled sanctioned address, loads no chat library, no ethers nor
 * signature library, and not the other engine's driver when none is configured, and stops on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './support/context.js';

const dir = mkdtempSync(join(tmpdir(), 'chainwarden-dist-'));
const moduleLog = join(dir, 'modules.txt');
let databaseUrl: string | null = null;
let closeDatabase = async () => {};

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build.js', '--if-stale']);
  if (process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    databaseUrl = database.url;
    closeDatabase = () => database.close();
  }
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe('node dist/main.js', () => {
  it('serves the bundled lists, loads only what is configured, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', './test/support/record-modules.js', 'dist/main.js'], {
      env: {
        PATH: process.env.PATH,
        CHAINWARDEN_DATA_DIR: join(dir, 'data'),
        DATABASE_URL: databaseUrl ?? '',
        HTTP_PORT: '0',
        LOG_LEVEL: 'info',
        INTEL_OFAC_URL: 'off',
        INTEL_LISTS: 'off',
        RECORD_MODULES_TO: moduleLog,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await vi.waitFor(() => expect(output).toContain('HTTP API listening'), { timeout: 60_000 });
      const line = output.split('\n').find((l) => l.includes('HTTP API listening')) ?? '{}';
      const { url } = JSON.parse(line) as { url: string };
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      const response = await fetch(`${url}/v1/addresses/0x098B716B8Aaf21512996dC57EB0615e2383E2f96`);
      expect(await response.json()).toMatchObject({ level: 'severe', sanctioned: true });

      const modules = readFileSync(moduleLog, 'utf8').split('\n');
      const packages = new Set(
        modules
          .map((moduleUrl) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(moduleUrl)?.[1])
          .filter((name) => name !== undefined),
      );
      for (const name of ['discord.js', 'grammy', '@grammyjs/runner', 'tsx', '@resvg/resvg-js']) {
        expect(packages, name).not.toContain(name);
      }
      // No chain node is configured and no ownership proof was verified: neither the chain client
      // nor the signature schemes (src/chain/ownership, loaded on the first proof) are loaded.
      for (const name of ['ethers', 'bitcoinjs-lib', '@bitcoinerlab/secp256k1', '@noble/curves']) {
        expect(packages, name).not.toContain(name);
      }
      const [used, unused] = databaseUrl
        ? ['postgres', '@electric-sql/pglite']
        : ['@electric-sql/pglite', 'postgres'];
      expect(packages).toContain(used);
      expect(packages).not.toContain(unused);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  }, 120_000);
});
