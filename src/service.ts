/**
 * The service: opens the database (PGlite unless DATABASE_URL is set), applies migrations, serves the
 * HTTP API, starts each chat adapter whose token is set and the scheduled list refresh, and stops
 * them all gracefully. `main.ts` (npm start) and the CLI's `serve` run it.
 */
import type { Registry } from 'prom-client';
import { startDiscord } from './adapters/discord/index.js';
import {
  createHttpApi,
  createMetricsRegistry,
  listenHttp,
  recordImport,
  registerListSizes,
} from './adapters/http/index.js';
import { startTelegram } from './adapters/telegram/index.js';
import { type App, openApp } from './app.js';
import { type Config, describeAdapters } from './config.js';
import { createIntelRefresher, type IntelRefresher } from './intel/index.js';
import { createLogger, type Logger } from './logger.js';
import { runExclusively } from './store/index.js';

export interface RunningService {
  /** The HTTP API's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Resolves once the service has stopped. */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startService(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningService> {
  const app = await openApp(config, { logger });
  logger.info(
    { database: app.database.kind, location: app.database.location },
    'database ready, migrations applied',
  );
  for (const line of describeAdapters(config)) logger.info(line);

  const stoppers: Array<() => Promise<void>> = [];
  let resolveStopped = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('stopping');
      for (const s of stoppers.reverse()) {
        try {
          await s();
        } catch (error) {
          logger.error({ err: error }, 'error while stopping an adapter');
        }
      }
      await app.close();
      logger.info('stopped');
      resolveStopped();
    })();
    return stopping;
  };
  try {
    const metrics = createMetricsRegistry();
    registerListSizes(metrics, app.stores.lists);
    const api = createHttpApi({
      chainwarden: app.chainwarden,
      apiKeys: app.stores.apiKeys,
      lists: app.stores.lists,
      database: app.database,
      logger,
      metrics,
      rateLimit: { perMinute: config.http.rateLimitPerMinute, trustProxyHops: config.http.trustProxyHops },
    });

    if (config.telegram) {
      const telegram = await startTelegram({
        chainwarden: app.chainwarden,
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        webhook: config.telegram.webhook,
        logger,
      });
      stoppers.push(() => telegram.stop());
      const { webhookPath, handleWebhook } = telegram;
      if (webhookPath && handleWebhook) api.post(webhookPath, (c) => handleWebhook(c.req.raw));
      logger.info({ mode: webhookPath ? 'webhook' : 'long polling', webhookPath }, 'Telegram bot started');
    }

    const http = await listenHttp(api, { port: config.http.port, host: config.http.host, logger });
    // Stoppers run in reverse order of start; the database closes after all of them.
    stoppers.push(() => http.close());

    if (config.discord) {
      const discord = await startDiscord({
        chainwarden: app.chainwarden,
        token: config.discord.token,
        applicationId: config.discord.applicationId,
        apiRoot: config.discord.apiRoot,
        logger,
      });
      stoppers.push(() => discord.stop());
      logger.info('Discord bot started');
    }

    const refresher = startIntelRefresh(app, logger, metrics);
    if (refresher) stoppers.push(() => refresher.stop());
    return { stopped, stop, url: http.url };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Scheduled list refresh (INTEL_OFAC_URL, INTEL_LISTS). Each run is exclusive (`runExclusively`: on
 * Postgres one replica refreshes while the others skip); the refresher then skips lists imported
 * less than an interval ago.
 */
function startIntelRefresh(app: App, logger: Logger, metrics: Registry): IntelRefresher | null {
  const { intel } = app.config;
  if (!intel.ofacUrl && intel.lists.length === 0) return null;
  const refresher = createIntelRefresher({
    lists: app.stores.lists,
    ofacUrl: intel.ofacUrl,
    feeds: intel.lists,
    intervalMs: intel.refreshHours * 3600_000,
    maxDownloadBytes: intel.maxDownloadBytes,
    redirectHosts: intel.redirectHosts,
    onStaleRemoved: (directories) =>
      logger.info({ directories }, 'removed list downloads left by a process that stopped mid-download'),
    onEvent: (event) => {
      // Failures are summed up once per run below: no network means one warning a day, not one per list.
      if (event.status !== 'failed') logger.info(event, 'list refresh');
      if (event.status === 'imported') recordImport(metrics, event.source, event.count);
    },
    onRunDone: (events) => {
      const failed = events.filter((event) => event.status === 'failed');
      if (failed.length > 0) {
        logger.warn(
          { failed: failed.map(({ source, url, reason }) => ({ source, url, reason })) },
          'list refresh failed; the lists keep answering from the last good data (bundled or imported)',
        );
      }
    },
    onCrash: (error) => logger.error({ err: error }, 'list refresh crashed; keeping the last good data'),
    runExclusive: async (work) => {
      const outcome = await runExclusively(app.database, 'intel-refresh', work);
      if (outcome.ran) return outcome.result;
      logger.info('list refresh skipped: another replica is refreshing');
      return null;
    },
  });
  refresher.start();
  return refresher;
}

/** Stops the service gracefully on SIGTERM or SIGINT and resolves once it has stopped. */
export async function runUntilSignalled(service: RunningService): Promise<void> {
  const stop = () => void service.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await service.stopped;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
