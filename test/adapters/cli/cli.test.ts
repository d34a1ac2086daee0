/**
 * The CLI as a user runs it: in-process through runCli for the many cases, and once through the
 * real `bin/chainwarden.js` to prove `npx chainwarden` works without a build step.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type HDNodeWallet, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSignatureVerifier } from '../../../src/chain/ownership/index.js';
import { type Chainwarden, createChainwarden } from '../../../src/core/index.js';
import { createStores, openDatabase } from '../../../src/store/index.js';
import { fileAppeal as fileAppealAs } from '../../support/appeals.js';
import { runCliCaptured } from '../../support/cli.js';
import { type CliEnv, createCliEnv } from '../../support/cli-env.js';

const run = promisify(execFile);
const TORNADO_LOWER = '0xd90e2f925da726b50c4ed8d0fb90ad053324f31b';

let env: Record<string, string | undefined>;
let storage: CliEnv | undefined;

beforeAll(async () => {
  // On the Postgres run, the CLI gets a fresh database of its own; no bundle, no network.
  storage = await createCliEnv('chainwarden-cli');
  env = storage.env;
});
afterAll(async () => {
  await storage?.close();
});

const cli = (...argv: string[]) => runCliCaptured(env, argv);

describe('chainwarden check', () => {
  it('prints a summary that says nothing is known and that this is not proof of safety', async () => {
    const { code, stdout } = await cli('check', TORNADO_LOWER);
    expect(code).toBe(0);
    expect(stdout).toContain('⚪ NONE · 0/100');
    expect(stdout).toContain('0xd90e2f925DA726b50C4Ed8D0Fb90Ad053324F31b · Ethereum / EVM');
    expect(stdout).toContain('not proof of safety');
  });

  it('screens a Litecoin address for real, and names the other spellings of TON and BCH addresses', async () => {
    const ltc = await cli('check', 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9');
    expect(ltc.code).toBe(0);
    expect(ltc.stdout).toContain('LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9 · Litecoin');
    expect(ltc.stdout).not.toContain('does not check');
    const ton = await cli('check', 'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB');
    expect(ton.stdout).toContain('UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E · TON');
    expect(ton.stdout).toContain(
      'Same TON account as EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB (bounceable form)',
    );
    const legacy = await cli('check', '1B9UNtBfkkpgt8kVbwLN9ktE62QKnMbDzR', '--json');
    expect(JSON.parse(legacy.stdout)).toMatchObject({
      chain: 'bitcoin',
      otherForms: [
        {
          chain: 'bitcoin-cash',
          address: 'bitcoincash:qph5kuz78czq00e3t85ugpgd7xmer5kr7c5f6jdpwk',
          form: 'cashaddr',
        },
      ],
    });
  });

  it('prints the JSON contract with --json', async () => {
    const { code, stdout } = await cli('check', TORNADO_LOWER, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(Object.keys(summary)).toEqual([
      'input',
      'address',
      'chain',
      'network',
      'level',
      'score',
      'reasons',
      'reports',
      'sanctioned',
      'lookalikes',
      'onchain',
      'exposure',
    ]);
    expect(summary).toMatchObject({
      chain: 'evm',
      level: 'none',
      sanctioned: false,
      onchain: null,
      exposure: null,
    });
  });

  it('screens every address in a text and prints a JSON array', async () => {
    const { code, stdout } = await cli(
      'check',
      `send to ${TORNADO_LOWER} or bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 pls`,
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((s: { chain: string }) => s.chain)).toEqual(['evm', 'bitcoin']);
  });

  it.each([
    ['a bad EIP-55 checksum', '0xD90e2f925da726b50c4ed8d0fb90ad053324f31b', 'checksum mismatch'],
    ['a Bitcoin address with a bad checksum', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'checksum'],
    ['text without an address', 'hello there friend', 'no address found'],
    [
      'text whose only address has a bad checksum',
      'pay 0xD90e2f925da726b50c4ed8d0fb90ad053324f31b now',
      'checksum mismatch',
    ],
  ])('exits 2 with one line for %s', async (_name, input, words) => {
    const { code, stdout, stderr } = await cli('check', input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(words);
    expect(stderr).toContain('expected');
  });

  it('exits 2 with usage when the address is missing', async () => {
    const { code, stderr } = await cli('check');
    expect(code).toBe(2);
    expect(stderr).toContain("missing required argument 'address-or-text'");
  });
});

describe('chainwarden report', () => {
  it('saves a report, then updates it on a repeat, and the check shows it', async () => {
    const first = await cli('report', TORNADO_LOWER, '--category', 'phishing', '--note', 'fake support');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Saved report #\d+: 0xd90e2f925DA726b50C4Ed8D0Fb90Ad053324F31b as phishing/,
    );
    const again = await cli('report', TORNADO_LOWER, '--category', 'fake airdrop');
    expect(again.stdout).toMatch(/^Updated report #\d+: .* as fake-airdrop/);
    const { stdout } = await cli('check', TORNADO_LOWER, '--json');
    expect(JSON.parse(stdout).reports).toEqual({ total: 1, verified: 0, categories: { 'fake-airdrop': 1 } });
  });

  it.each([
    ['an unknown category', ['--category', 'spam'], 'is not a report category'],
    ['an over-long note', ['--category', 'other', '--note', 'n'.repeat(600)], 'more than the 500 allowed'],
    ['a missing category', [], "required option '--category <category>' not specified"],
  ])('exits 2 for %s', async (_name, args, words) => {
    const { code, stderr } = await cli('report', TORNADO_LOWER, ...args);
    expect(code).toBe(2);
    expect(stderr).toContain(words);
  });
});

describe('chainwarden import and lists', () => {
  it('imports an OFAC SDN file and then screens a listed address as severe', async () => {
    const imported = await cli('import', 'ofac', 'test/fixtures/intel/ofac/sdn-legacy-constructed.xml');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'Imported 11 addresses from 4 OFAC parties (legacy format, list of 2024-09-27)',
    );
    const { stdout } = await cli('check', '0x8589427373D6D84E98730D7795D8f6f8731FDA16');
    expect(stdout).toContain('⛔ SEVERE · 100/100');
    expect(stdout).toContain('TORNADO CASH (CYBER2)');
    expect(stdout).toContain('[ofac-sdn, list of 2024-09-27]');
  });

  it('refuses an OFAC file that lists no address with exit 2 and one line, keeping the stored list', async () => {
    const stored = await cli('import', 'ofac', 'test/fixtures/intel/ofac/sdn-legacy-constructed.xml');
    expect(stored.code).toBe(0);
    const folder = mkdtempSync(join(tmpdir(), 'chainwarden-ofac-'));
    const emptied = join(folder, 'sdn.xml');
    writeFileSync(
      emptied,
      readFileSync('test/fixtures/intel/ofac/sdn-legacy-constructed.xml', 'utf8').replace(
        /<idType>Digital Currency Address - [A-Z]+<\/idType>/g,
        '<idType>Website</idType>',
      ),
    );
    const refused = await cli('import', 'ofac', emptied);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('lists no digital-currency address; the stored edition is kept');
    expect(refused.stderr).toContain('--force');
    const { stdout } = await cli('check', '0x8589427373D6D84E98730D7795D8f6f8731FDA16');
    expect(stdout).toContain('⛔ SEVERE · 100/100');
    rmSync(folder, { recursive: true, force: true });
  });

  it('imports a text list, reporting invalid rows with line numbers instead of aborting', async () => {
    const { code, stdout, stderr } = await cli(
      'import',
      'list',
      'test/fixtures/intel/lists/scam-list-with-invalid-lines.txt',
      '--source',
      'test-list',
      '--category',
      'phishing',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Imported 3 addresses into scam list test-list');
    expect(stdout).toContain('3 invalid rows');
    expect(stderr).toContain('line 7: has 5 hex characters after 0x, an EVM address has 40');
    const lists = await cli('lists', '--json');
    expect(
      JSON.parse(lists.stdout).map((l: { source: string; count: number }) => [l.source, l.count]),
    ).toEqual([
      ['ofac-sdn', 11],
      ['test-list', 3],
    ]);
  });

  it('refuses a list that is one huge line without a break with exit 2 and one line, keeping the stored list', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'chainwarden-one-line-'));
    try {
      for (const [name, reason] of [
        ['one-line.txt', 'none of its 1 rows is a valid address; line 1: longer than 64 Ki characters'],
        ['one-line.csv', 'the CSV header on line 1 cannot be read (longer than 64 Ki characters'],
      ] as const) {
        const file = join(folder, name);
        writeFileSync(file, '0'.repeat(8 * 1024 * 1024));
        const refused = await cli('import', 'list', file, '--source', 'test-list');
        expect(refused.code).toBe(2);
        expect(refused.stderr.trim().split('\n')).toEqual([expect.stringContaining(`error: ${reason}`)]);
      }
      const lists = await cli('lists', '--json');
      expect(JSON.parse(lists.stdout)).toContainEqual(
        expect.objectContaining({ source: 'test-list', count: 3 }),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a missing file',
      ['import', 'list', 'no-such-file.txt', '--source', 'x'],
      'file not found: no-such-file.txt',
    ],
    ['a bad list name', ['import', 'list', 'x.txt', '--source', 'Bad Name'], 'is not a list name'],
    [
      'a bad category',
      ['import', 'list', 'x.txt', '--source', 'x', '--category', 'spam'],
      'is not a report category',
    ],
    [
      'a bad kind',
      ['import', 'list', 'x.txt', '--source', 'x', '--kind', 'maybe'],
      'Allowed choices are scam, allow',
    ],
  ])('exits 2 for %s', async (_name, args, words) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(words);
  });
});

describe('chainwarden apikey', () => {
  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const created = await cli('apikey', 'create', '--name', 'support desk', '--json');
    expect(created.code).toBe(0);
    const { id, name, key } = JSON.parse(created.stdout);
    expect(name).toBe('support desk');
    expect(key).toMatch(/^cw_[0-9a-f]{8}_/);
    const listed = await cli('apikey', 'list');
    expect(listed.stdout).toContain(`${id}\tsupport desk`);
    expect(listed.stdout).not.toContain(key);
    expect((await cli('apikey', 'revoke', id)).stdout).toBe(`Revoked API key ${id}.\n`);
    expect((await cli('apikey', 'list')).stdout).toContain('revoked');
    const unknown = await cli('apikey', 'revoke', 'nope');
    expect(unknown.code).toBe(2);
  });

  it('creates report keys by default and admin keys on request, shows the scope, refuses an unknown one', async () => {
    const plain = JSON.parse((await cli('apikey', 'create', '--name', 'wallet', '--json')).stdout);
    expect(plain.scope).toBe('report');
    const admin = await cli('apikey', 'create', '--name', 'mods', '--scope', 'admin');
    expect(admin.stdout).toMatch(/^Created admin API key ([0-9a-f]{8}) \(mods\)/);
    const listed = (await cli('apikey', 'list')).stdout;
    expect(listed).toContain(`${plain.id}\twallet\treport\t`);
    expect(listed).toMatch(/\tmods\tadmin\tcreated /);
    const bad = await cli('apikey', 'create', '--name', 'x', '--scope', 'root');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--scope must be one of report, admin');
  }, 60_000);

  it('gives a key its own rate limit, shown by apikey list, and refuses a bad one', async () => {
    const created = await cli('apikey', 'create', '--name', 'partner', '--rate-limit', '1200', '--json');
    expect(created.code).toBe(0);
    const { id, rateLimitPerMinute } = JSON.parse(created.stdout);
    expect(rateLimitPerMinute).toBe(1200);
    expect((await cli('apikey', 'list')).stdout).toMatch(
      new RegExp(`${id}\\tpartner\\t.*\\t1200 requests a minute`),
    );
    const bad = await cli('apikey', 'create', '--name', 'partner', '--rate-limit', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rate-limit must be a whole number');
  }, 60_000);
});

describe('chainwarden review', () => {
  it('says when nothing waits, and refuses a bad id, an unknown one and a bad community precisely', async () => {
    const empty = await cli('review', 'list', '--community', 'discord:80351110224678912');
    expect(empty.stdout).toBe('Nothing waits for review in discord:80351110224678912.\n');
    expect(JSON.parse((await cli('review', 'list', '--json')).stdout)).toEqual([]);
    const bad = await cli('review', 'approve', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '"nope" is not a review id (a review id as listed, e.g. report-42 or appeal-7)',
    );
    const unknown = await cli('review', 'reject', 'report-999999', '--note', 'spam');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('nothing waits for review as report-999999');
    const community = await cli('review', 'list', '--community', 'irc:#chan');
    expect(community.code).toBe(2);
    expect(community.stderr).toContain('--community "irc:#chan"');
  }, 60_000);

  it('lists a held report and an appeal; approves the report and rejects the appeal by their ids', async () => {
    const server = 'discord:41771983423143937';
    const address = '0x0000000000000000000000000000000000051133';
    const owner = Wallet.createRandom();
    const reportId = await withCore(async (chainwarden) => {
      const held = await chainwarden.submitReport({
        address,
        category: 'phishing',
        reporter: 'discord:1400000000000000002',
        source: 'discord',
        community: server,
        reporterFacts: { accountCreatedAt: new Date() },
      });
      if (!held.ok) throw new Error(held.error.reason);
      return held.value.report.id;
    });
    const appealId = await fileAppeal(owner, 'Mine \u001b[31m, honest.');

    const listed = await cli('review', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      `report-${reportId}\t${address}\tphishing · from discord, new account · `,
    );
    expect(listed.stdout).toContain(
      `appeal-${appealId}\t${owner.address}\tappeal · owner proved control (eip191) on `,
    );
    expect(listed.stdout).toContain('"Owner\'s statement: Mine [31m, honest."');
    expect(listed.stdout).not.toContain('1400000000000000002');
    expect(listed.stdout).not.toContain('\u001b');

    const approved = await cli('review', 'approve', `report-${reportId}`, '--note', 'a drainer');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe(
      `Approved report-${reportId}: ${address} as phishing, verified in ${server}.\n`,
    );
    const check = JSON.parse((await cli('check', address, '--json')).stdout);
    expect(check.reports.total).toBe(1);

    const rejected = await cli('review', 'reject', `appeal-${appealId}`);
    expect(rejected.stdout).toBe(
      `Rejected appeal-${appealId}: the reports on ${owner.address} still count.\n`,
    );
    const again = await cli('review', 'approve', `appeal-${appealId}`);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`appeal-${appealId} was already decided (it is rejected)`);
    expect((await cli('review', 'list')).stdout).toBe('Nothing waits for review.\n');
  }, 90_000);
});

describe('chainwarden community', () => {
  it('trusts a community never seen, says so, lists it, and untrusts it', async () => {
    const id = 'discord:80351110224678912';
    const trusted = await cli('community', 'trust', id);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toBe(
      `Trusted ${id}: its moderators’ verifications now count as verified everywhere (HTTP API, CLI, every community).\n` +
        `Note: nothing is known of ${id} yet (no report, flag or setting); check the id with: chainwarden community list\n`,
    );
    expect((await cli('community', 'trust', id)).stdout).toBe(`${id} was already trusted.\n`);
    const listed = await cli('community', 'list', '--json');
    // Other tests' communities (the review test's server) are listed too.
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({ community: id, title: null, trusted: true, flags: 0, verifications: 0 }),
    );
    expect((await cli('community', 'untrust', id)).stdout).toContain(`${id} is no longer trusted`);
    expect((await cli('community', 'list')).stdout.split('\n')).toContain(
      `${id}\tnot trusted\t(title not known)\t0 flags, 0 verifications`,
    );
  });

  it.each([
    ['discord:123', 'has no Discord server id (17 to 20 digits) after discord:'],
    ['whatsapp:-100', 'names no platform Chainwarden knows (whatsapp)'],
    ['telegram:-100\u001b[31m', 'has no Telegram group id after telegram:'],
  ])('refuses %j with exit code 2 and what a valid id looks like', async (id, reason) => {
    const result = await cli('community', 'untrust', id);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stderr).toContain(
      '(expected a community is telegram:<group id> (negative, e.g. telegram:-1001234567890)',
    );
    expect(result.stderr).not.toContain('\u001b');
  });
});

/** The core on the CLI's database, for what the CLI cannot file itself (a Discord report, an appeal). */
async function withCore<T>(run: (chainwarden: Chainwarden) => Promise<T>): Promise<T> {
  const database = await openDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: storage!.dataDir },
  );
  try {
    return await run(createChainwarden({ ...createStores(database), signatures: createSignatureVerifier() }));
  } finally {
    await database.close();
  }
}

/** An owner files an appeal the way the API does: a challenge signed by the address's own key. */
async function fileAppeal(owner: HDNodeWallet, statement: string): Promise<number> {
  return withCore(
    async (chainwarden) =>
      (await fileAppealAs(chainwarden, owner, statement, { source: 'api', contact: '\u001b[31m@owner' })).id,
  );
}

describe('chainwarden appeal', () => {
  it('lists pending appeals and upholds one: its reports stop counting', async () => {
    const owner = Wallet.createRandom();
    expect((await cli('report', owner.address, '--category', 'phishing', '--reporter', 'cli:a')).code).toBe(
      0,
    );
    expect((await cli('report', owner.address, '--category', 'phishing', '--reporter', 'cli:b')).code).toBe(
      0,
    );
    const id = await fileAppeal(owner, 'My wallet; the reports are a brigade.');

    const listed = await cli('appeal', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`#${id}\t${owner.address} (evm)\tproved `);
    expect(listed.stdout).toContain('"My wallet; the reports are a brigade."  contact: [31m@owner');
    expect(listed.stdout).not.toContain('\u001b');

    const upheld = await cli('appeal', 'uphold', String(id), '--note', 'checked');
    expect(upheld.code).toBe(0);
    expect(upheld.stdout).toBe(
      `Upheld appeal ${id} for ${owner.address}: 2 community reports dismissed; they no longer count.\n`,
    );
    const check = JSON.parse((await cli('check', owner.address, '--json')).stdout);
    expect(check).toMatchObject({ level: 'none', reports: { total: 0 } });
    expect(check.reasons.map((r: { code: string }) => r.code)).toContain('appeal-upheld');
    expect((await cli('appeal', 'list')).stdout).toBe('No appeal waits for a decision.\n');
  }, 90_000); // seven CLI runs, each opening the data directory: over 30 s on a loaded machine

  it('rejects an appeal: the reports keep counting', async () => {
    const other = Wallet.createRandom();
    const second = await fileAppeal(other, 'Also mine.');
    expect((await cli('appeal', 'reject', String(second))).stdout).toBe(
      `Rejected appeal ${second} for ${other.address}: the reports keep counting.\n`,
    );
  });

  it('refuses an unknown appeal, one decided already, and a bad status with exit code 2', async () => {
    const missing = await cli('appeal', 'uphold', '99999');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no appeal 99999');
    const notNumber = await cli('appeal', 'reject', 'abc');
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('"abc" is not an appeal id');
    const badStatus = await cli('appeal', 'list', '--status', 'open');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('"open" is not a status (expected pending, upheld, rejected or all)');
  });
});

describe('chainwarden discord:register', () => {
  it('exits 2 with what to set when Discord is not configured', async () => {
    const { code, stderr } = await cli('discord:register');
    expect(code).toBe(2);
    expect(stderr).toContain('expected DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  });

  it('exits 2 for a server id that is not numeric', async () => {
    const saved = env;
    env = { ...env, DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '123456789012345678' };
    const { code, stderr } = await cli('discord:register', '--guild', 'my-server');
    env = saved;
    expect(code).toBe(2);
    expect(stderr).toContain('"my-server" is not a server id');
  });
});

describe('configuration', () => {
  it('refuses a bad DATABASE_URL with a clear message and exit code 2', async () => {
    const saved = env;
    env = { ...env, DATABASE_URL: 'mysql://nope' };
    const { code, stderr } = await cli('check', TORNADO_LOWER);
    env = saved;
    expect(code).toBe(2);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('postgres://');
  });
});

describe('chainwarden serve', () => {
  it('serves the API and stops gracefully on SIGTERM, releasing the data directory', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'chainwarden-serve-'));
    const child = spawn(process.execPath, ['bin/chainwarden.js', 'serve'], {
      env: { ...process.env, ...env, CHAINWARDEN_DATA_DIR: serveDir, HTTP_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // Starting a process that compiles TypeScript and opens PGlite takes seconds, more on a busy machine.
      await vi.waitFor(() => expect(output).toContain('HTTP API listening'), { timeout: 60_000 });
      const url = (
        JSON.parse(output.split('\n').find((l) => l.includes('HTTP API listening')) ?? '{}') as {
          url: string;
        }
      ).url;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // On the Postgres run the service uses DATABASE_URL and holds no data directory.
      const pidFile = join(serveDir, 'chainwarden.pid');
      expect(existsSync(pidFile)).toBe(!env.DATABASE_URL);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      expect(existsSync(pidFile)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      rmSync(serveDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('bin/chainwarden.js', () => {
  it('runs the real executable: --help lists every command', async () => {
    const { stdout } = await run(process.execPath, ['bin/chainwarden.js', '--help'], {
      env: { ...process.env, ...env },
    });
    for (const command of [
      'check',
      'report',
      'import',
      'lists',
      'apikey',
      'discord:register',
      'migrate',
      'serve',
    ])
      expect(stdout).toContain(command);
  });

  it('exits 2 from the real executable on a bad address', async () => {
    const failure = await run(process.execPath, ['bin/chainwarden.js', 'check', '0x123'], {
      env: { ...process.env, ...env },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(2);
    expect('stderr' in failure && failure.stderr).toContain('0x123');
  });
});
