/**
 * The Biome rule that keeps the core free of drivers, frameworks and our own outer layers, and the
 * one that keeps everyone else at the core's door. Probe files are linted with the repository's own
 * biome.json, in a scratch directory laid out like the repository, by one Biome run.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MESSAGES = {
  driver: 'never a database driver',
  orm: 'never the ORM',
  platform: 'chat and CLI libraries belong to the adapters',
  http: 'has no HTTP framework and opens no socket',
  logger: 'never logs or counts metrics',
  ethers: 'ethers lives in src/chain',
  signatures: 'Signature schemes and transactions are chain code',
  outside: 'The core imports nothing of ours outside src/core',
  door: 'import the core only through its door, src/core/index.ts',
};
type Reason = keyof typeof MESSAGES;

interface Probe {
  file: string;
  source: string;
  /** The rule's message it must fail with, or null when it must pass. */
  fails: Reason | null;
}

const imports = (file: string, specifier: string, fails: Reason | null): Probe => ({
  file,
  source: `import '${specifier}';\n`,
  fails,
});
const TOP = 'src/core/probe.ts';
const NESTED = 'src/core/address/probe.ts';

const probes: Probe[] = [
  ...(
    [
      ['postgres', 'driver'],
      ['@electric-sql/pglite', 'driver'],
      ['@electric-sql/pglite-socket', 'driver'],
      ['drizzle-orm', 'orm'],
      ['drizzle-orm/pg-core', 'orm'],
      ['grammy', 'platform'],
      ['@grammyjs/runner', 'platform'],
      ['discord.js', 'platform'],
      ['@discordjs/rest', 'platform'],
      ['commander', 'platform'],
      ['hono', 'http'],
      ['@hono/zod-openapi', 'http'],
      ['node:http', 'http'],
      ['undici', 'http'],
      ['pino', 'logger'],
      ['pino-pretty', 'logger'],
      ['prom-client', 'logger'],
      ['ethers', 'ethers'],
      ['ethers/utils', 'ethers'],
      ['ethers/hash', 'ethers'],
      ['ethers/crypto', 'ethers'],
      ['ethers/transaction', 'ethers'],
      ['bitcoinjs-lib', 'signatures'],
      ['@bitcoinerlab/secp256k1', 'signatures'],
      ['@noble/curves/ed25519.js', 'signatures'],
      ['tweetnacl', 'signatures'],
    ] as const
  ).flatMap(([name, reason]) => [imports(TOP, name, reason), imports(NESTED, name, reason)]),
  ...['store/index.js', 'store/schema.js', 'chain/index.js', 'adapters/http/index.js', 'intel/index.js']
    .concat(['app.js', 'main.js', 'config.js', 'logger.js', 'service.js'])
    .flatMap((target) => [
      imports(TOP, `../${target}`, 'outside'),
      imports(NESTED, `../../${target}`, 'outside'),
    ]),
  {
    file: TOP,
    source: "export async function facts() {\n  return import('ethers');\n}\n",
    fails: 'ethers',
  },
  { file: TOP, source: "export type { Db } from '../store/index.js';\n", fails: 'outside' },
  // What the core's address parsing legitimately uses, and its own files.
  ...['bs58', 'bs58check', 'bech32', '@solana/addresses', 'hash-wasm', 'zod', './types.js'].map((name) =>
    imports(TOP, name, null),
  ),
  imports(NESTED, '../types.js', null),
  imports(NESTED, '../service.js', null),
  imports(NESTED, './parse.js', null),
  // Everyone else goes through the door.
  imports('src/adapters/probe.ts', '../core/index.js', null),
  imports('src/adapters/probe.ts', '../core/ports.js', 'door'),
  imports('src/adapters/probe.ts', '../core/address/parse.js', 'door'),
  imports('src/probe.ts', './core/types.js', 'door'),
  imports('test/probe.test.ts', '../src/core/index.js', null),
  imports('test/probe.test.ts', '../src/core/reports/index.js', 'door'),
  imports('bench/probe.ts', '../src/core/service.js', 'door'),
  imports('src/adapters/probe.ts', 'drizzle-orm', null),
];

const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
let root: string;
/** Messages of noRestrictedImports diagnostics, by probe (each probe is its own file). */
const found = new Map<Probe, string[]>();

function lint(cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [biome, 'lint', '--vcs-enabled=false', '--reporter=github', '--max-diagnostics=none', '.'],
      { cwd },
      // Biome exits 1 when it finds errors, which is what most probes are for.
      (error, stdout) => (error && error.code !== 1 ? reject(error) : resolvePromise(stdout)),
    );
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'chainwarden-lint-'));
  copyFileSync(resolve('biome.json'), join(root, 'biome.json'));
  const files = new Map<string, Probe>();
  probes.forEach((probe, index) => {
    // One file per probe, named after the probe's place: a diagnostic names exactly one probe.
    const file = probe.file.replace(/probe(\.test)?\.ts$/, `probe-${index}$1.ts`);
    mkdirSync(join(root, dirname(file)), { recursive: true });
    writeFileSync(join(root, file), probe.source);
    files.set(file, probe);
    found.set(probe, []);
  });
  const output = await lint(root);
  for (const [, rule, file, message] of output.matchAll(/^::error title=([^,]+),file=([^,]+),.*?::(.*)$/gm)) {
    const probe = files.get(relative(root, file!));
    if (probe && rule === 'lint/style/noRestrictedImports') found.get(probe)!.push(message!);
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the core imports no driver, framework or outer layer of ours', () => {
  for (const probe of probes.filter((p) => p.fails !== null && p.fails !== 'door')) {
    it(`fails ${probe.file.replace('probe.ts', '…')}: ${probe.source.trim()}`, () => {
      const messages = found.get(probe)!;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(MESSAGES[probe.fails!]);
    });
  }

  it('lets the core use its address libraries and its own files', () => {
    const allowed = probes.filter((p) => p.fails === null && p.file.startsWith('src/core/'));
    expect(
      allowed.filter((p) => found.get(p)!.length > 0).map((p) => `${p.file}: ${p.source.trim()}`),
    ).toEqual([]);
  });
});

describe('outside the core, the core is imported through src/core/index.ts only', () => {
  for (const probe of probes.filter((p) => !p.file.startsWith('src/core/'))) {
    it(`${probe.fails ? 'fails' : 'passes'} ${probe.file}: ${probe.source.trim()}`, () => {
      const messages = found.get(probe)!;
      if (probe.fails === null) expect(messages).toEqual([]);
      else {
        expect(messages).toHaveLength(1);
        expect(messages[0]).toContain(MESSAGES[probe.fails]);
      }
    });
  }
});
