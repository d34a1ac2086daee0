/**
 * The service: opens the database (PGlite unless DATABASE_URL is set), applies migrations, serves the
 * HTTP API, starts each chat adapter whose token is set and the scheduled list refresh, and stops
 * them all gracefully. `main.ts` (npm start) and the CLI's `serve` run it.
 *
 * The chat adapters are imported only when their token is set (discord.js and grammY are most of the
 * service's modules), and connect in the background: the HTTP API serves at once, and an adapter
 * whose platform cannot be reached retries with backoff, logging each failure.
 */
import type { Registry } from 'prom-client';
import {
  createHttpApi,
  createMetricsRegistry,
  listenHttp,
  recordImport,
  registerListSizes,
} from './adapters/http/index.js';
import { createWebLoginIssuer } from './adapters/web-sign-in.js';
import { type App, openApp } from './app.js';
import { type Config, describeAdapters } from './config.js';
import { createIntelRefresher, type IntelRefresher } from './intel/index.js';
import { createLogger, type Logger } from './logger.js';
import { runExclusively } from './store/index.js';
import { type AlertChannels, notConnectedChannel, startWatchRunner } from './watch-runner.js';

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
      rateLimit: {
        perMinute: config.http.rateLimitPerMinute,
        trustProxyHops: config.http.trustProxyHops,
        tracesPerMinute: config.http.tracesPerMinute,
      },
      webSessions: app.stores.webSessions,
      publicUrl: config.http.publicUrl,
    });
    // Moderators sign in to the web page with a one-time link a bot sends them (/weblogin).
    const webLogin = config.http.publicUrl
      ? createWebLoginIssuer(app.stores.webSessions, config.http.publicUrl)
      : null;
    // Where watch-list alerts go; a chat adapter's channel is set once its bot is connected.
    const { createWebhookChannel } = await import('./adapters/webhook/sender.js');
    const channels: AlertChannels = {
      webhook: createWebhookChannel({ privateNetworks: config.watch.webhookPrivateNetworks }),
    };

    if (config.telegram) {
      const { telegram } = config;
      const { startTelegram, webhookTarget } = await import('./adapters/telegram/index.js');
      // The route exists from the start (routes cannot be added once the server answers); until the
      // bot is connected it answers 503, and Telegram delivers the update again later.
      let handleWebhook: ((request: Request) => Promise<Response>) | null = null;
      const webhookPath = telegram.webhook ? webhookTarget(telegram.webhook.url).path : null;
      if (webhookPath) {
        api.post(webhookPath, (c) => (handleWebhook ? handleWebhook(c.req.raw) : c.body(null, 503)));
      }
      channels.telegram = notConnectedChannel('Telegram');
      const bot = startInBackground('Telegram', logger, async (signal) => {
        const handle = await startTelegram({
          signal,
          chainwarden: app.chainwarden,
          token: telegram.token,
          apiRoot: telegram.apiRoot,
          webhook: telegram.webhook,
          publicUrl: config.http.publicUrl,
          webLogin,
          logger,
        });
        handleWebhook = handle.handleWebhook;
        channels.telegram = handle.alerts;
        logger.info({ mode: webhookPath ? 'webhook' : 'long polling', webhookPath }, 'Telegram bot started');
        return handle;
      });
      stoppers.push(() => bot.stop());
    }

    const http = await listenHttp(api, { port: config.http.port, host: config.http.host, logger });
    // Stoppers run in reverse order of start; the database closes after all of them.
    stoppers.push(() => http.close());
    // A watch's webhook may not point at this service.
    app.selfUrls.push(http.url);
    if (config.http.publicUrl) app.selfUrls.push(config.http.publicUrl);

    if (config.discord) {
      const { discord } = config;
      const { startDiscord } = await import('./adapters/discord/index.js');
      channels.discord = notConnectedChannel('Discord');
      const bot = startInBackground('Discord', logger, async (signal) => {
        const handle = await startDiscord({
          signal,
          chainwarden: app.chainwarden,
          token: discord.token,
          applicationId: discord.applicationId,
          apiRoot: discord.apiRoot,
          publicUrl: config.http.publicUrl,
          webLogin,
          logger,
        });
        logger.info('Discord bot started');
        channels.discord = handle.alerts;
        return handle;
      });
      stoppers.push(() => bot.stop());
    }

    const refresher = startIntelRefresh(app, logger, metrics);
    if (refresher) stoppers.push(() => refresher.stop());
    const watchRunner = await startWatchRunner(app, logger, channels);
    stoppers.push(() => watchRunner.stop());
    return { stopped, stop, url: http.url };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits before the next attempt to reach a chat platform: 1 s, doubling, at most 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** (failures - 1), 300_000);
}

/** How long one attempt to start a chat adapter may take before it counts as failed. */
const START_ATTEMPT_MS = 15_000;

/**
 * Runs `start` now and, while it fails (platform unreachable, token refused), again after
 * `retryDelayMs`, logging each failure; the service goes on serving meanwhile. Each attempt's signal
 * aborts after START_ATTEMPT_MS or at `stop()`, which ends the retries, or stops the adapter once it
 * runs.
 */
function startInBackground(
  name: string,
  logger: Logger,
  start: (signal: AbortSignal) => Promise<{ stop(): Promise<void> }>,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake = () => {};
  const stopping = new AbortController();
  const running = (async () => {
    for (let failures = 1; !stopped; failures += 1) {
      try {
        return await start(AbortSignal.any([stopping.signal, AbortSignal.timeout(START_ATTEMPT_MS)]));
      } catch (error) {
        if (stopped) return null;
        const retryInSeconds = retryDelayMs(failures) / 1000;
        logger.error(
          { err: error, adapter: name.toLowerCase(), failures, retryInSeconds },
          `${name} bot could not start; the HTTP API and the other adapters keep running, retrying in ${retryInSeconds} s`,
        );
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, retryDelayMs(failures));
        });
      }
    }
    return null;
  })();
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      clearTimeout(timer);
      wake();
      // An attempt under way finishes (or fails) first, then what it started is stopped.
      await (await running)?.stop();
    },
  };
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
