/**
 * Wires the real implementations once: database (PGlite or Postgres), stores (with the bundled
 * lists loaded when missing or older), on-chain facts and the core. Used by the service
 * (`service.ts`) and by the CLI, so both answer the same way. The chain clients (ethers) are
 * imported only when a node is configured, the signature schemes only on the first proof.
 */
import { createSignatureVerifier } from './chain/ownership/index.js';
import type { Config } from './config.js';
import { type Chainwarden, createChainwarden, DEFAULT_TRACE_LIMITS } from './core/index.js';
import { loadBundledLists, readBundledLists } from './intel/index.js';
import type { Logger } from './logger.js';
import { createStores, type Database, openDatabase, type Stores } from './store/index.js';

export interface App {
  config: Config;
  database: Database;
  stores: Stores;
  chainwarden: Chainwarden;
  /**
   * The service's own URLs (its HTTP address once it listens, the Telegram webhook): a watch's
   * webhook may not point there. The service adds its address after listening.
   */
  selfUrls: string[];
  /**
   * Called when a report or a look-alike records watch alerts, so they are sent now rather than at
   * the next poll (the watch runner adds itself).
   */
  alertsRecorded: Set<() => void>;
  close(): Promise<void>;
}

export async function openApp(
  config: Config,
  options: { withChain?: boolean; logger?: Logger } = {},
): Promise<App> {
  // The snapshot's files are read and checked while the database opens (start time, issue 14).
  const read = config.intel.bundledLists ? readBundledLists() : null;
  read?.catch(() => {}); // its failure is handled below, after the database is open
  const database = await openDatabase(config.database);
  const stores = createStores(database, {
    logger: options.logger,
    screeningCacheMs: config.screeningCacheMs,
  });
  if (read) {
    // Before the first screen: a fresh install knows the public lists without any network.
    try {
      const started = performance.now();
      const { loaded, kept } = await loadBundledLists(stores.lists, { read });
      const ms = Math.round(performance.now() - started);
      if (loaded.length > 0) options.logger?.info({ loaded, kept, ms }, 'bundled lists loaded');
    } catch (error) {
      // Lists already stored (an earlier start, an import) keep answering; with none, the service
      // would call every sanctioned address clean, so it refuses to start.
      if ((await stores.lists.listSources()).length === 0) {
        await database.close();
        throw new Error('could not load the bundled lists in data/, and no list is stored', { cause: error });
      }
      options.logger?.error(
        { err: error },
        'could not load the bundled lists in data/; the stored lists answer',
      );
    }
  }
  const hasChain = Object.keys(config.chain.evmRpcUrls).length > 0 || config.chain.esploraUrl !== null;
  const chain =
    (options.withChain ?? true) && hasChain
      ? (await import('./chain/index.js')).createChainFacts({
          evmRpcUrls: config.chain.evmRpcUrls,
          esploraUrl: config.chain.esploraUrl,
          timeoutMs: config.chain.timeoutMs,
          maxConcurrency: config.chain.maxConcurrency,
        })
      : null;
  const selfUrls: string[] = config.telegram?.webhook ? [config.telegram.webhook.url] : [];
  const alertsRecorded = new Set<() => void>();
  const hasHistory = hasChain || config.chain.trongridUrl !== null;
  const history =
    (options.withChain ?? true) && hasHistory
      ? (await import('./chain/index.js')).createChainHistory({
          evmRpcUrls: config.chain.evmRpcUrls,
          esploraUrl: config.chain.esploraUrl,
          trongridUrl: config.chain.trongridUrl,
          trongridApiKey: config.chain.trongridApiKey,
          timeoutMs: config.chain.timeoutMs,
        })
      : null;
  const chainwarden = createChainwarden({
    ...stores,
    watchOptions: {
      maxPerOwner: config.watch.maxPerChat,
      transferChains: [
        ...(Object.keys(config.chain.evmRpcUrls).length > 0 ? (['evm'] as const) : []),
        ...(config.chain.esploraUrl ? (['bitcoin'] as const) : []),
      ],
      selfUrls: () => selfUrls,
      alertsRecorded: () => {
        for (const listener of alertsRecorded) listener();
      },
    },
    chain,
    history,
    // Its signature schemes (ethers, bitcoinjs) load on the first proof, not at start.
    signatures: createSignatureVerifier(),
    chainTimeoutMs: config.chain.timeoutMs,
    traceLimits: {
      budgetMs: config.trace.budgetMs,
      maxTx: config.trace.maxTx,
      busyTx: config.trace.busyTx,
      dust: { ...DEFAULT_TRACE_LIMITS.dust, ...config.trace.dust },
    },
    chainLookupsPerRequest: config.chain.maxLookupsPerRequest,
    lookalike: config.lookalike,
    limits: {
      perReporter: config.reportsPerHour,
      flagsPerCommunity: config.flagsPerHour,
      windowSeconds: 3600,
    },
    reporterRules: config.reporterRules,
    // A community note is written after the answer; its failure costs a look-alike hint, not the answer.
    onBackgroundError: (error, task) =>
      options.logger?.warn({ err: error, ...task }, 'background write failed; the answer was already sent'),
  });
  return {
    config,
    database,
    stores,
    chainwarden,
    selfUrls,
    alertsRecorded,
    async close() {
      await chain?.close();
      // Writes started after an answer (community notes) finish before the database closes.
      await chainwarden.settled();
      await database.close();
    },
  };
}
