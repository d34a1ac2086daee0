/**
 * Configuration: the environment parsed and validated once, at start-up, by one zod schema. Only
 * `main.ts` and the CLI entry call `parseConfig(process.env)`; everything else receives `Config`.
 */

// Leaf modules only: loading the configuration loads no database driver, chat library or ethers.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' || v === undefined ? undefined : v));

const isHttpUrl = (v: string) => /^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v);

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine(isHttpUrl, { message: `${what} must be an http(s) URL, e.g. https://example.org` });

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), {
    message: 'must be a postgres:// URL, e.g. postgres://user:password@127.0.0.1:5432/chainwarden',
  });

const intFrom = (what: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be a whole number from ${min} to ${max}, got "${v}"`,
        });
        return z.NEVER;
      }
      return n;
    });

// List feeds: checked here at start, and by the refresher (src/intel) again on every redirect.

/** Loopback hosts, where plain http cannot be read or changed by anyone on the network. */
export function isLoopbackHost(hostname: string): boolean {
  // WHATWG URL parsing normalises IPv4 (127.1, 0x7f.0.0.1 -> 127.0.0.1) and brackets IPv6.
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why a list may not be downloaded from this URL, or null when it may: https, or http to a loopback
 * host (127.0.0.0/8, ::1, localhost). A list decides what is called a scam: over plain http anyone on
 * the path could rewrite it.
 */
export function feedUrlProblem(url: string | URL): string | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? null
      : `must use https (http is allowed only for loopback hosts: 127.0.0.0/8, ::1, localhost), got ${shownUrl(parsed.href)}`;
  }
  return `must be an https URL, got ${parsed.protocol.replace(/:$/, '')}:`;
}

/**
 * A feed URL as events (and so the logs) show it: without credentials or query string, where feeds
 * carry their access keys. `?…` marks a query string that was there.
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.search !== '' || parsed.username !== '' || parsed.password !== '';
    return hidden ? `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?…' : ''}` : url;
  } catch {
    return 'the feed URL';
  }
}

/** `1=https://eth.example,56=https://bsc.example` -> { 1: url, 56: url } */
const evmRpcUrls = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    const out: Record<number, string> = {};
    if (!v) return out;
    for (const part of v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const match = /^(\d+)=(https?:\/\/\S+)$/.exec(part);
      if (!match || !URL.canParse(match[2]!)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part}" is not chainId=url, e.g. EVM_RPC_URLS=1=https://eth.example,56=https://bsc.example`,
        });
        return z.NEVER;
      }
      out[Number(match[1])] = match[2]!;
    }
    return out;
  });

/** `ETH=0.001,USDT=1`: per asset symbol, the amount under which a transfer is dust (whole units). */
const traceDust = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    const out: Record<string, string> = {};
    if (!v) return out;
    for (const part of v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const match = /^([A-Za-z0-9._-]{1,24})=(\d{1,30}(\.\d{1,36})?)$/.exec(part);
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: `TRACE_DUST: "${part}" is not SYMBOL=amount, e.g. TRACE_DUST=ETH=0.001,USDT=1`,
        });
        return z.NEVER;
      }
      out[match[1]!.toUpperCase()] = match[2]!;
    }
    return out;
  });

/** `source=kind:url` entries separated by spaces or commas, e.g. `mew=scam:https://.../darklist.json`. */
const intelLists = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    const out: Array<{ source: string; kind: 'scam' | 'allow'; url: string }> = [];
    if (!v) return out;
    for (const part of v.split(/[\s,]+/).filter(Boolean)) {
      const match = /^([a-z0-9][a-z0-9._-]*)=(scam|allow):(https?:\/\/\S+)$/.exec(part);
      if (!match || !URL.canParse(match[3]!)) {
        ctx.addIssue({
          code: 'custom',
          // A feed URL's query string may hold its access key: it is not echoed.
          message: `"${part.replace(/\?\S*/, '?…')}" is not source=scam|allow:url, e.g. INTEL_LISTS=mew-darklist=scam:https://example.org/darklist.json`,
        });
        return z.NEVER;
      }
      const problem = feedUrlProblem(match[3]!);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `INTEL_LISTS: the URL of ${match[1]} ${problem}` });
        return z.NEVER;
      }
      out.push({ source: match[1]!, kind: match[2] as 'scam' | 'allow', url: match[3]! });
    }
    return out;
  });

/** OFAC's official SDN advanced export (zipped XML), refreshed daily unless INTEL_OFAC_URL=off. */
export const DEFAULT_OFAC_URL =
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ADVANCED.ZIP';
/** The MEW darklist as published, refreshed daily unless INTEL_LISTS=off. */
export const DEFAULT_INTEL_LISTS = [
  {
    source: 'mew-darklist',
    kind: 'scam' as const,
    url: 'https://raw.githubusercontent.com/MyEtherWallet/ethereum-lists/master/src/addresses/addresses-darklist.json',
  },
];

/** `off` turns a default-on feature off; unset or empty keeps the default. */
const isOff = (v: string | undefined) => v?.trim().toLowerCase() === 'off';

const envSchema = z.object({
  DATABASE_URL: postgresUrl.optional().or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: intFrom('DATABASE_POOL_SIZE', 1, 100, defaultPoolSize()),
  CHAINWARDEN_DATA_DIR: optionalString.transform((v) => v ?? './.chainwarden'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional()
    .default('info'),
  HTTP_PORT: intFrom('HTTP_PORT', 0, 65535, 8080),
  HTTP_HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  HTTP_RATE_LIMIT_PER_MINUTE: intFrom('HTTP_RATE_LIMIT_PER_MINUTE', 0, 1_000_000, 600),
  HTTP_TRACES_PER_MINUTE: intFrom('HTTP_TRACES_PER_MINUTE', 0, 100_000, 6),
  // A hop count, not true/false: "trust every X-Forwarded-For entry" would let any client pick its own address.
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '' || v === '0') return 0;
      if (/^[1-9]$/.test(v)) return Number(v);
      ctx.addIssue({
        code: 'custom',
        message: `TRUST_PROXY must be how many reverse proxies stand in front of the service, 1 to 9 (e.g. TRUST_PROXY=1 behind one nginx), got "${v}"`,
      });
      return z.NEVER;
    }),
  // Where people reach the web page; the bots link to `${PUBLIC_URL}/a/<address>` when it is set.
  PUBLIC_URL: optionalString.pipe(httpUrl('PUBLIC_URL').optional()),
  TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(v), {
    message: 'TELEGRAM_BOT_TOKEN looks wrong: BotFather gives tokens like 123456789:AAH...xyz',
  }),
  TELEGRAM_API_ROOT: optionalString.pipe(httpUrl('TELEGRAM_API_ROOT').optional()),
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(httpUrl('TELEGRAM_WEBHOOK_URL').optional()),
  // Telegram accepts 1 character; a secret that short can be guessed, and then anyone can post updates.
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]{32,256}$/.test(v),
    {
      message:
        'TELEGRAM_WEBHOOK_SECRET must be 32-256 characters A-Z, a-z, 0-9, _ and -, e.g. the output of `openssl rand -hex 16`',
    },
  ),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{15,21}$/.test(v), {
    message: 'DISCORD_APPLICATION_ID is the numeric application id from the Discord developer portal',
  }),
  DISCORD_API_ROOT: optionalString.pipe(httpUrl('DISCORD_API_ROOT').optional()),
  EVM_RPC_URL: optionalString.pipe(httpUrl('EVM_RPC_URL').optional()),
  EVM_RPC_URLS: evmRpcUrls,
  ESPLORA_URL: optionalString.pipe(httpUrl('ESPLORA_URL').optional()),
  SCREENING_CACHE_MS: intFrom('SCREENING_CACHE_MS', 0, 60_000, 5000),
  CHAIN_TIMEOUT_MS: intFrom('CHAIN_TIMEOUT_MS', 50, 60_000, 1500),
  CHAIN_MAX_LOOKUPS_PER_REQUEST: intFrom('CHAIN_MAX_LOOKUPS_PER_REQUEST', 1, 100, 5),
  CHAIN_MAX_CONCURRENCY: intFrom('CHAIN_MAX_CONCURRENCY', 1, 256, 8),
  TRONGRID_URL: optionalString.pipe(httpUrl('TRONGRID_URL').optional()),
  TRONGRID_API_KEY: optionalString,
  TRACE_BUDGET_MS: intFrom('TRACE_BUDGET_MS', 100, 600_000, 15_000),
  TRACE_MAX_TX: intFrom('TRACE_MAX_TX', 1, 100_000, 1000),
  TRACE_BUSY_TX: intFrom('TRACE_BUSY_TX', 1, 100_000_000, 10_000),
  TRACE_DUST: traceDust,
  LOOKALIKE_PREFIX_LENGTH: intFrom('LOOKALIKE_PREFIX_LENGTH', 4, 20, 4),
  LOOKALIKE_SUFFIX_LENGTH: intFrom('LOOKALIKE_SUFFIX_LENGTH', 4, 20, 4),
  REPORTS_PER_HOUR: intFrom('REPORTS_PER_HOUR', 1, 10_000, 20),
  FLAGS_PER_HOUR: intFrom('FLAGS_PER_HOUR', 1, 10_000, 50),
  REPORTER_MIN_ACCOUNT_DAYS: intFrom('REPORTER_MIN_ACCOUNT_DAYS', 0, 3650, 7),
  REPORTER_MIN_TENURE_HOURS: intFrom('REPORTER_MIN_TENURE_HOURS', 0, 87_600, 24),
  INTEL_OFAC_URL: optionalString.superRefine((v, ctx) => {
    if (v === undefined || isOff(v)) return;
    if (!isHttpUrl(v)) {
      ctx.addIssue({
        code: 'custom',
        message: 'INTEL_OFAC_URL must be an https URL, e.g. https://example.org, or off',
      });
      return;
    }
    const problem = feedUrlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `INTEL_OFAC_URL ${problem}` });
  }),
  INTEL_LISTS: z
    .string()
    .optional()
    .transform((v) => (isOff(v) ? '' : v))
    .pipe(intelLists),
  WEBHOOK_PRIVATE_NETWORKS: optionalString.refine((v) => v === undefined || /^(on|off)$/i.test(v), {
    message: 'WEBHOOK_PRIVATE_NETWORKS must be on or off',
  }),
  CHAINWARDEN_BUNDLED_LISTS: optionalString.refine((v) => v === undefined || /^(on|off)$/i.test(v), {
    message: 'CHAINWARDEN_BUNDLED_LISTS must be on or off',
  }),
  INTEL_MAX_DOWNLOAD_MB: intFrom('INTEL_MAX_DOWNLOAD_MB', 1, 65_536, 256),
  INTEL_REDIRECT_HOSTS: optionalString.transform((v, ctx) => {
    const hosts = (v ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((host) => host.toLowerCase());
    const bad = hosts.find(
      (host) => !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host),
    );
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `INTEL_REDIRECT_HOSTS: "${bad}" is not a host name (expected names like downloads.example.org, separated by commas)`,
      });
      return z.NEVER;
    }
    return hosts;
  }),
  // Up to 30 days; the refresher clamps timers longer than setTimeout allows.
  INTEL_REFRESH_HOURS: intFrom('INTEL_REFRESH_HOURS', 1, 24 * 30, 24),
  WATCH_POLL_SECONDS: intFrom('WATCH_POLL_SECONDS', 1, 3600, 15),
  WATCH_MAX_PER_CHAT: intFrom('WATCH_MAX_PER_CHAT', 1, 10_000, 20),
  WATCH_CONFIRMATIONS: intFrom('WATCH_CONFIRMATIONS', 0, 100, 2),
  WATCH_ALERTS_PER_MINUTE: intFrom('WATCH_ALERTS_PER_MINUTE', 1, 1000, 5),
});

/** Rules between variables, checked on the raw values so they are reported with every other problem. */
function crossProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (set('TELEGRAM_WEBHOOK_URL') && !set('TELEGRAM_WEBHOOK_SECRET')) {
    problems.push(
      'TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL, so forged updates are refused',
    );
  }
  if (set('DISCORD_TOKEN') && !set('DISCORD_APPLICATION_ID')) {
    problems.push(
      'DISCORD_APPLICATION_ID is required with DISCORD_TOKEN (developer portal, General Information)',
    );
  }
  return problems;
}

export interface Config {
  database: { url: string; poolSize: number } | { dataDir: string };
  /** How long a screen's database answer is reused at most, in ms (0: never; store/signals-cache.ts). */
  screeningCacheMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  http: {
    port: number;
    host: string;
    /** Requests a minute per client on /v1/* (0: not limited). */
    rateLimitPerMinute: number;
    /** Traces (`/v1/addresses/{a}/exposure`) started a minute per client, on top (0: not limited). */
    tracesPerMinute: number;
    /** Reverse proxies in front of the service whose X-Forwarded-For entries are believed (0: none). */
    trustProxyHops: number;
    /**
     * The web page's public address without a trailing slash (`PUBLIC_URL`), e.g.
     * `https://chainwarden.example`; null when unset (the bots then send no web links).
     */
    publicUrl: string | null;
  };
  telegram: {
    token: string;
    apiRoot: string;
    webhook: { url: string; secret: string } | null;
  } | null;
  discord: { token: string; applicationId: string; apiRoot: string } | null;
  chain: {
    evmRpcUrls: Record<number, string>;
    esploraUrl: string | null;
    timeoutMs: number;
    /** Addresses of one request (a batch, a message) that get on-chain facts; the rest are skipped. */
    maxLookupsPerRequest: number;
    /** Node calls in flight at once, across all requests. */
    maxConcurrency: number;
    /** TronGrid for Tron histories (tracing). */
    trongridUrl: string | null;
    trongridApiKey: string | null;
  };
  /** Tracing (exposure): budget, per-address limits and dust thresholds. */
  trace: {
    budgetMs: number;
    maxTx: number;
    busyTx: number;
    /** Per asset symbol (upper case), whole units; merged over the built-in defaults. */
    dust: Record<string, string>;
  };
  lookalike: { prefixLength: number; suffixLength: number };
  reportsPerHour: number;
  /** Addresses one community's moderators may flag (verify) per hour. */
  flagsPerHour: number;
  /** Reports from accounts or members newer than these wait for review (core/reports/weight.ts). */
  reporterRules: { minAccountDays: number; minTenureHours: number };
  intel: {
    ofacUrl: string | null;
    lists: Array<{ source: string; kind: 'scam' | 'allow'; url: string }>;
    refreshHours: number;
    /** Load the snapshot in data/ at start (CHAINWARDEN_BUNDLED_LISTS, default on). */
    bundledLists: boolean;
    /** Largest list download in bytes (INTEL_MAX_DOWNLOAD_MB, default 256 MiB). */
    maxDownloadBytes: number;
    /** Hosts a feed may redirect to besides its own (INTEL_REDIRECT_HOSTS, https only). */
    redirectHosts: string[];
  };
  watch: {
    /** How often new blocks are read and due alerts sent (WATCH_POLL_SECONDS). */
    pollSeconds: number;
    /** Watches one chat, server or API key may hold (WATCH_MAX_PER_CHAT). */
    maxPerChat: number;
    /** Blocks a transfer must be under before it is alerted: a shallower reorg never alerts wrongly. */
    confirmations: number;
    /** Alert messages per chat a minute before the rest are folded into a digest. */
    alertsPerMinute: number;
    /** Webhooks may be delivered to private and local addresses (WEBHOOK_PRIVATE_NETWORKS=on). */
    webhookPrivateNetworks: boolean;
  };
}

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';
export const DEFAULT_DISCORD_API_ROOT = 'https://discord.com/api';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws ConfigError listing every problem at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const name = issue.path.join('.');
          return issue.message.includes(name) || name === '' ? issue.message : `${name}: ${issue.message}`;
        })),
    ...crossProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const evmRpcUrls = { ...e.EVM_RPC_URLS };
  if (e.EVM_RPC_URL && evmRpcUrls[1] === undefined) evmRpcUrls[1] = e.EVM_RPC_URL;
  return {
    database: e.DATABASE_URL
      ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { dataDir: e.CHAINWARDEN_DATA_DIR },
    screeningCacheMs: e.SCREENING_CACHE_MS,
    logLevel: e.LOG_LEVEL,
    http: {
      port: e.HTTP_PORT,
      host: e.HTTP_HOST,
      rateLimitPerMinute: e.HTTP_RATE_LIMIT_PER_MINUTE,
      tracesPerMinute: e.HTTP_TRACES_PER_MINUTE,
      trustProxyHops: e.TRUST_PROXY,
      publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    },
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT ?? DEFAULT_TELEGRAM_API_ROOT,
          webhook:
            e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
              ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET }
              : null,
        }
      : null,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            apiRoot: e.DISCORD_API_ROOT ?? DEFAULT_DISCORD_API_ROOT,
          }
        : null,
    chain: {
      evmRpcUrls,
      esploraUrl: e.ESPLORA_URL ?? null,
      timeoutMs: e.CHAIN_TIMEOUT_MS,
      maxLookupsPerRequest: e.CHAIN_MAX_LOOKUPS_PER_REQUEST,
      maxConcurrency: e.CHAIN_MAX_CONCURRENCY,
      trongridUrl: e.TRONGRID_URL ?? null,
      trongridApiKey: e.TRONGRID_API_KEY ?? null,
    },
    trace: {
      budgetMs: e.TRACE_BUDGET_MS,
      maxTx: e.TRACE_MAX_TX,
      busyTx: e.TRACE_BUSY_TX,
      dust: e.TRACE_DUST,
    },
    lookalike: { prefixLength: e.LOOKALIKE_PREFIX_LENGTH, suffixLength: e.LOOKALIKE_SUFFIX_LENGTH },
    reportsPerHour: e.REPORTS_PER_HOUR,
    flagsPerHour: e.FLAGS_PER_HOUR,
    reporterRules: {
      minAccountDays: e.REPORTER_MIN_ACCOUNT_DAYS,
      minTenureHours: e.REPORTER_MIN_TENURE_HOURS,
    },
    intel: {
      ofacUrl: isOff(e.INTEL_OFAC_URL) ? null : (e.INTEL_OFAC_URL ?? DEFAULT_OFAC_URL),
      lists: isOff(env.INTEL_LISTS) ? [] : env.INTEL_LISTS?.trim() ? e.INTEL_LISTS : DEFAULT_INTEL_LISTS,
      refreshHours: e.INTEL_REFRESH_HOURS,
      bundledLists: !isOff(e.CHAINWARDEN_BUNDLED_LISTS),
      maxDownloadBytes: e.INTEL_MAX_DOWNLOAD_MB * 1024 * 1024,
      redirectHosts: e.INTEL_REDIRECT_HOSTS,
    },
    watch: {
      pollSeconds: e.WATCH_POLL_SECONDS,
      maxPerChat: e.WATCH_MAX_PER_CHAT,
      confirmations: e.WATCH_CONFIRMATIONS,
      alertsPerMinute: e.WATCH_ALERTS_PER_MINUTE,
      webhookPrivateNetworks: e.WEBHOOK_PRIVATE_NETWORKS?.trim().toLowerCase() === 'on',
    },
  };
}

/** Why each optional adapter is on or off, for the start-up banner. */
export function describeAdapters(config: Config): string[] {
  return [
    config.telegram
      ? `Telegram: on (${config.telegram.webhook ? 'webhook' : 'long polling'})`
      : 'Telegram: off, set TELEGRAM_BOT_TOKEN',
    config.discord ? 'Discord: on' : 'Discord: off, set DISCORD_TOKEN and DISCORD_APPLICATION_ID',
    describeEvm(config.chain.evmRpcUrls),
    config.chain.esploraUrl
      ? 'Bitcoin on-chain facts: on (Esplora)'
      : 'Bitcoin on-chain facts: off, set ESPLORA_URL',
    config.chain.trongridUrl ? 'Tron tracing: on (TronGrid)' : 'Tron tracing: off, set TRONGRID_URL',
  ];
}

function describeEvm(urls: Record<number, string>): string {
  const used = pickEvmChain(urls);
  if (used === null) return 'EVM on-chain facts: off, set EVM_RPC_URL';
  const unused = Object.keys(urls).filter((id) => Number(id) !== used);
  // One `onchain` object per answer: say plainly which chain it describes.
  return unused.length === 0
    ? `EVM on-chain facts: on (chain ${used})`
    : `EVM on-chain facts: on (chain ${used}; chains ${unused.join(', ')} are configured but not asked yet)`;
}

/**
 * Postgres connections per process: one per CPU core, 2 to 10. postgres.js pipelines queries on a
 * connection, and backends beyond the cores only add context switches: on the 2-core bench machine
 * 2 connections served 15% more checks per second than 10, at the same p99.
 */
export function defaultPoolSize(): number {
  return Math.min(10, Math.max(2, availableParallelism()));
}

/**
 * A summary carries one `onchain` object, so one EVM chain is asked: mainnet (1) when configured,
 * else the first configured chain (integer keys enumerate in ascending order, so the lowest id).
 */
export function pickEvmChain(urls: Record<number, string>): number | null {
  const ids = Object.keys(urls)
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0 && Boolean(urls[id]));
  if (ids.includes(1)) return 1;
  return ids[0] ?? null;
}
