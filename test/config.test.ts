import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeAdapters, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('takes PUBLIC_URL without its trailing slash, and refuses one that is not an http(s) URL', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://chainwarden.example/' }).http.publicUrl).toBe(
      'https://chainwarden.example',
    );
    expect(() => parseConfig({ PUBLIC_URL: 'chainwarden.example' })).toThrow(
      /PUBLIC_URL must be an http\(s\) URL, e.g. https:\/\/example.org/,
    );
  });

  it('starts on a fresh machine with nothing set: PGlite, port 8080, no bots', () => {
    const config = parseConfig({});
    expect(config.database).toEqual({ dataDir: './.chainwarden' });
    expect(config.http).toEqual({
      port: 8080,
      host: '127.0.0.1',
      rateLimitPerMinute: 600,
      tracesPerMinute: 6,
      trustProxyHops: 0,
      publicUrl: null,
    });
    expect(config.telegram).toBeNull();
    expect(config.discord).toBeNull();
    expect(config.chain).toEqual({
      evmRpcUrls: {},
      esploraUrl: null,
      timeoutMs: 1500,
      maxLookupsPerRequest: 5,
      maxConcurrency: 8,
      trongridUrl: null,
      trongridApiKey: null,
    });
    expect(config.trace).toEqual({ budgetMs: 15_000, maxTx: 1000, busyTx: 10_000, dust: {} });
    expect(describeAdapters(config)).toEqual([
      'Telegram: off, set TELEGRAM_BOT_TOKEN',
      'Discord: off, set DISCORD_TOKEN and DISCORD_APPLICATION_ID',
      'EVM on-chain facts: off, set EVM_RPC_URL',
      'Bitcoin on-chain facts: off, set ESPLORA_URL',
      'Tron tracing: off, set TRONGRID_URL',
    ]);
  });

  it('reads the tracing limits and per-asset dust thresholds, and refuses a malformed one', () => {
    const config = parseConfig({
      TRACE_BUDGET_MS: '5000',
      TRACE_DUST: 'eth=0.01, USDT=5',
      TRONGRID_URL: 'https://api.trongrid.io',
    });
    expect(config.trace).toMatchObject({ budgetMs: 5000, dust: { ETH: '0.01', USDT: '5' } });
    expect(config.chain.trongridUrl).toBe('https://api.trongrid.io');
    expect(() => parseConfig({ TRACE_DUST: 'ETH=lots' })).toThrow(
      'TRACE_DUST: "ETH=lots" is not SYMBOL=amount, e.g. TRACE_DUST=ETH=0.001,USDT=1',
    );
    expect(() => parseConfig({ TRACE_MAX_TX: '0' })).toThrow(
      'TRACE_MAX_TX must be a whole number from 1 to 100000, got "0"',
    );
  });

  it("reuses a screen's database answer for 5 s unless SCREENING_CACHE_MS says otherwise (0: never)", () => {
    expect(parseConfig({}).screeningCacheMs).toBe(5000);
    expect(parseConfig({ SCREENING_CACHE_MS: '0' }).screeningCacheMs).toBe(0);
    expect(() => parseConfig({ SCREENING_CACHE_MS: '-1' })).toThrow(/SCREENING_CACHE_MS/);
    expect(() => parseConfig({ SCREENING_CACHE_MS: '5s' })).toThrow(/SCREENING_CACHE_MS/);
  });

  it('lists every problem at once, each naming the variable and a valid form', () => {
    let error: unknown;
    try {
      parseConfig({
        DATABASE_URL: 'mysql://x',
        HTTP_PORT: '99999',
        TELEGRAM_BOT_TOKEN: 'not-a-token',
        TELEGRAM_WEBHOOK_URL: 'https://bot.example/hook',
        DISCORD_TOKEN: 'abc',
        EVM_RPC_URLS: 'mainnet=https://eth.example',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(problems).toContain('HTTP_PORT must be a whole number from 0 to 65535, got "99999"');
    expect(problems).toContain('TELEGRAM_BOT_TOKEN looks wrong');
    expect(problems).toContain('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL');
    expect(problems).toContain('DISCORD_APPLICATION_ID is required with DISCORD_TOKEN');
    expect(problems).toContain('"mainnet=https://eth.example" is not chainId=url');
  });

  it('refuses a webhook secret shorter than 32 characters, and takes one of 32', () => {
    const hook = {
      TELEGRAM_BOT_TOKEN: '123456789:AAHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example/hook',
    };
    expect(() => parseConfig({ ...hook, TELEGRAM_WEBHOOK_SECRET: 'x' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET must be 32-256 characters/,
    );
    const secret = 'a1'.repeat(16);
    expect(parseConfig({ ...hook, TELEGRAM_WEBHOOK_SECRET: secret }).telegram?.webhook?.secret).toBe(secret);
  });

  it('reads several EVM chains and says which one answers', () => {
    const config = parseConfig({ EVM_RPC_URLS: '56=https://bsc.example,1=https://eth.example' });
    expect(config.chain.evmRpcUrls).toEqual({ 1: 'https://eth.example', 56: 'https://bsc.example' });
    expect(describeAdapters(config)[2]).toBe(
      'EVM on-chain facts: on (chain 1; chains 56 are configured but not asked yet)',
    );
  });

  it('enables the bots with their defaults when tokens are set', () => {
    const config = parseConfig({
      TELEGRAM_BOT_TOKEN: '123456789:AAHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      DISCORD_TOKEN: 'token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DATABASE_URL: 'postgres://u:secret@db:5432/chainwarden',
    });
    expect(config.telegram).toEqual({
      token: '123456789:AAHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      apiRoot: 'https://api.telegram.org',
      webhook: null,
    });
    expect(config.discord?.apiRoot).toBe('https://discord.com/api');
    expect(config.database).toEqual({
      url: 'postgres://u:secret@db:5432/chainwarden',
      poolSize: Math.min(10, Math.max(2, availableParallelism())),
    });
  });

  it('takes rate limits and a proxy hop count, and refuses TRUST_PROXY=true, which would trust any client', () => {
    const config = parseConfig({
      HTTP_RATE_LIMIT_PER_MINUTE: '0',
      HTTP_TRACES_PER_MINUTE: '20',
      TRUST_PROXY: '1',
      CHAIN_MAX_LOOKUPS_PER_REQUEST: '10',
      CHAIN_MAX_CONCURRENCY: '2',
    });
    expect(config.http).toMatchObject({ rateLimitPerMinute: 0, tracesPerMinute: 20, trustProxyHops: 1 });
    expect(config.chain).toMatchObject({ maxLookupsPerRequest: 10, maxConcurrency: 2 });
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(
      'TRUST_PROXY must be how many reverse proxies stand in front of the service, 1 to 9',
    );
    expect(() => parseConfig({ CHAIN_MAX_LOOKUPS_PER_REQUEST: '0' })).toThrow(
      'CHAIN_MAX_LOOKUPS_PER_REQUEST must be a whole number from 1 to 100, got "0"',
    );
  });

  it('takes a Postgres pool size, and refuses one that is not a whole number from 1 to 100', () => {
    const url = 'postgres://db:5432/chainwarden';
    expect(parseConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4' }).database).toEqual({
      url,
      poolSize: 4,
    });
    expect(() => parseConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '0' })).toThrow(
      'DATABASE_POOL_SIZE must be a whole number from 1 to 100, got "0"',
    );
  });

  it('loads the bundled lists and refreshes OFAC and the MEW darklist by default; each can be turned off', () => {
    expect(parseConfig({}).intel).toEqual({
      ofacUrl: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.ZIP',
      lists: [
        {
          source: 'mew-darklist',
          kind: 'scam',
          url: 'https://raw.githubusercontent.com/MyEtherWallet/ethereum-lists/master/src/addresses/addresses-darklist.json',
        },
      ],
      refreshHours: 24,
      bundledLists: true,
      maxDownloadBytes: 256 * 1024 * 1024,
      redirectHosts: [],
    });
    expect(
      parseConfig({ INTEL_OFAC_URL: 'off', INTEL_LISTS: 'off', CHAINWARDEN_BUNDLED_LISTS: 'off' }).intel,
    ).toEqual({
      ofacUrl: null,
      lists: [],
      refreshHours: 24,
      bundledLists: false,
      maxDownloadBytes: 256 * 1024 * 1024,
      redirectHosts: [],
    });
    expect(parseConfig({ INTEL_LISTS: 'scams=scam:https://lists.example/scams.txt' }).intel.lists).toEqual([
      { source: 'scams', kind: 'scam', url: 'https://lists.example/scams.txt' },
    ]);
    expect(() =>
      parseConfig({ INTEL_OFAC_URL: 'ftp://ofac.example', CHAINWARDEN_BUNDLED_LISTS: 'no' }),
    ).toThrow(
      /INTEL_OFAC_URL must be an https URL, e\.g\. https:\/\/example\.org, or off[\s\S]*CHAINWARDEN_BUNDLED_LISTS must be on or off/,
    );
  });

  it('refuses a list URL over plain http unless its host is loopback, saying so without its key', () => {
    const loopbackOnly =
      'must use https (http is allowed only for loopback hosts: 127.0.0.0/8, ::1, localhost)';
    expect(() => parseConfig({ INTEL_OFAC_URL: 'http://ofac.example/SDN_ADVANCED.ZIP' })).toThrow(
      `INTEL_OFAC_URL ${loopbackOnly}, got http://ofac.example/SDN_ADVANCED.ZIP`,
    );
    let message = '';
    try {
      parseConfig({ INTEL_LISTS: 'scams=scam:http://10.0.0.5/scams.txt?key=SECRET' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      `INTEL_LISTS: the URL of scams ${loopbackOnly}, got http://10.0.0.5/scams.txt?…`,
    );
    expect(message).not.toContain('SECRET');
    for (const url of [
      'http://127.0.0.1:8000/l.txt',
      'http://127.1.2.3/l.txt',
      'http://[::1]/l.txt',
      'http://localhost/l.txt',
    ]) {
      expect(parseConfig({ INTEL_OFAC_URL: 'off', INTEL_LISTS: `local=scam:${url}` }).intel.lists).toEqual([
        { source: 'local', kind: 'scam', url },
      ]);
    }
  });

  it('reads the download limit and the hosts a feed may redirect to', () => {
    const { intel } = parseConfig({
      INTEL_MAX_DOWNLOAD_MB: '16',
      INTEL_REDIRECT_HOSTS: 'Downloads.Example.org, mirror.example',
    });
    expect(intel.maxDownloadBytes).toBe(16 * 1024 * 1024);
    expect(intel.redirectHosts).toEqual(['downloads.example.org', 'mirror.example']);
    expect(() => parseConfig({ INTEL_MAX_DOWNLOAD_MB: '0' })).toThrow(
      'INTEL_MAX_DOWNLOAD_MB must be a whole number from 1 to 65536, got "0"',
    );
    expect(() => parseConfig({ INTEL_REDIRECT_HOSTS: 'https://x.example/' })).toThrow(
      'INTEL_REDIRECT_HOSTS: "https://x.example/" is not a host name',
    );
  });
});

/** Every package the module at `path` loads, following its static relative imports (type-only ones load nothing). */
function packagesLoadedBy(path: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(path)) return packages;
  seen.add(path);
  const source = readFileSync(path, 'utf8');
  for (const [, typeOnly, specifier] of source.matchAll(
    /^(?:import|export)\s+(type\s)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm,
  )) {
    if (typeOnly || !specifier) continue;
    if (specifier.startsWith('.')) {
      const base = resolve(dirname(path), specifier.replace(/\.js$/, ''));
      const file = existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.tsx`;
      for (const name of packagesLoadedBy(file, seen)) packages.add(name);
    } else {
      packages.add(specifier);
    }
  }
  return packages;
}

describe('config.ts', () => {
  it('loads nothing but zod and Node: no database driver, chat library or ethers', () => {
    const loaded = [...packagesLoadedBy(resolve('src/config.ts'))];
    expect(loaded.filter((name) => name !== 'zod' && !name.startsWith('node:'))).toEqual([]);
    expect(loaded).toContain('zod');
  });

  it('imports no module of ours: store, chain and adapters import config, never the reverse', () => {
    const source = readFileSync(resolve('src/config.ts'), 'utf8');
    expect(source.match(/from '\.{1,2}\/[^']+'/g) ?? []).toEqual([]);
  });

  it('is seen through by the check above: the driver and chain modules load them', () => {
    const loaded = ['src/store/postgres.ts', 'src/store/pglite.ts', 'src/chain/index.ts'].flatMap((path) => [
      ...packagesLoadedBy(resolve(path)),
    ]);
    expect(loaded).toEqual(expect.arrayContaining(['postgres', '@electric-sql/pglite', 'ethers']));
  });
});

describe('the service', () => {
  it('loads drivers, chat libraries and ethers only when configured (imported where used)', () => {
    const loaded = [...packagesLoadedBy(resolve('src/service.ts'))];
    const heavy = ['postgres', '@electric-sql/pglite', 'ethers', 'discord.js', 'grammy', '@grammyjs/runner'];
    expect(loaded.filter((name) => heavy.includes(name))).toEqual([]);
  });
});
