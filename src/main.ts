/**
 * The service: opens the database (PGlite unless DATABASE_URL is set), applies migrations, serves the
 * HTTP API and starts each chat adapter whose token is set. SIGTERM/SIGINT stop it gracefully.
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
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
import { type Config, ConfigError, describeAdapters, parseConfig } from './config.js';
import { createIntelRefresher, type IntelRefresher } from './intel/index.js';
import { createLogger, type Logger } from './logger.js';
import { DataDirInUseError, rowsOf } from './store/index.js';

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
 * Scheduled list refresh (INTEL_OFAC_URL, INTEL_LISTS). On Postgres each run holds a
 * transaction-scoped advisory lock, so one replica refreshes while the others skip; the refresher
 * then skips lists imported less than an interval ago. PGlite is one process anyway.
 */
function startIntelRefresh(app: App, logger: Logger, metrics: Registry): IntelRefresher | null {
  const { intel } = app.config;
  if (!intel.ofacUrl && intel.lists.length === 0) return null;
  const refresher = createIntelRefresher({
    lists: app.stores.lists,
    ofacUrl: intel.ofacUrl,
    feeds: intel.lists,
    intervalMs: intel.refreshHours * 3600_000,
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
      if (app.database.kind === 'pglite') return work();
      return app.database.db.transaction(async (tx) => {
        const [row] = rowsOf<{ locked: boolean }>(
          await tx.execute(
            sql`select pg_try_advisory_xact_lock(hashtext('chainwarden:intel-refresh')) as locked`,
          ),
        );
        if (row?.locked) return work();
        logger.info('list refresh skipped: another replica is refreshing');
        return null;
      });
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

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  try {
    await runUntilSignalled(await startService(config, logger));
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      logger.fatal(error.message);
    } else {
      logger.fatal({ err: error }, 'could not start');
    }
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
