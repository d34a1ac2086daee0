/**
 * The watch-list's background work in the service: every WATCH_POLL_SECONDS, one step of the
 * poller (new blocks of each configured chain, listings) and of the delivery (the outbox), as one
 * exclusive run: on Postgres a session-level advisory lock (`runExclusively`) lets one replica
 * do it while the others skip, so blocks are read by one replica at a time. Delivery does not rely on
 * the lock: alerts are claimed in the database before they are sent (watch-delivery.ts), so the
 * delivery that follows a report runs at once on the replica that recorded it, lock or not.
 * The state (cursors, alerts, attempts) is all in Postgres, so whichever replica gets the lock next
 * carries on where the last one stopped.
 */
import type { App } from './app.js';
import {
  type AlertChannel,
  type BlockSource,
  createAlertDelivery,
  createWatchPoller,
  type DeliveryReport,
  type WatchDestination,
  type WatchPoller,
} from './core/index.js';
import type { Logger } from './logger.js';
import { runExclusively } from './store/index.js';

export type AlertChannels = Partial<Record<WatchDestination['kind'], AlertChannel>>;

export interface WatchRunner {
  /** Runs one step now (tests, and after a report, so its alert does not wait a whole interval). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/** The poller over the service's stores and core (as the service, the bench and the tests build it). */
export function watchPollerOf(
  { stores, chainwarden }: Pick<App, 'stores' | 'chainwarden'>,
  sources: readonly BlockSource[],
  confirmations: number,
): WatchPoller {
  return createWatchPoller({
    sources,
    cursors: stores.chainCursors,
    watches: stores.watches,
    alerts: stores.watchAlerts,
    watching: chainwarden.watching,
    screen: chainwarden.screenOffline,
    confirmations,
  });
}

/** A chat adapter that is configured but not connected yet: its alerts wait, they do not fail. */
export function notConnectedChannel(name: string): AlertChannel {
  const outcome = { ok: false as const, error: `the ${name} bot is not connected yet` };
  return { send: async () => outcome, sendDigest: async () => outcome };
}

export async function startWatchRunner(
  app: App,
  logger: Logger,
  channels: AlertChannels,
): Promise<WatchRunner> {
  const { config } = app;
  const log = logger.child({ part: 'watch' });
  const hasNode = Object.keys(config.chain.evmRpcUrls).length > 0 || config.chain.esploraUrl !== null;
  const sources: BlockSource[] = hasNode
    ? (await import('./chain/index.js')).createBlockSources({
        evmRpcUrls: config.chain.evmRpcUrls,
        esploraUrl: config.chain.esploraUrl,
      })
    : [];
  const poller = watchPollerOf(app, sources, config.watch.confirmations);
  const delivery = createAlertDelivery({
    alerts: app.stores.watchAlerts,
    channels,
    now: () => new Date(),
    alertsPerMinute: config.watch.alertsPerMinute,
  });

  async function step(): Promise<void> {
    const outcome = await runExclusively(app.database, 'watch-poll', async (lost) => {
      const polled = await poller.pollOnce();
      for (const chain of polled.chains) {
        if (chain.error) {
          log.warn(
            { err: chain.error, source: chain.source },
            'watch poll: could not read new blocks; trying again next step',
          );
        } else if (chain.rewound) {
          log.warn(
            { source: chain.source },
            'watch poll: the last block read left the chain (reorg); reading again',
          );
        }
        if (chain.started !== undefined) {
          log.info(
            { source: chain.source, block: chain.started },
            'watch poll: reading new blocks after this one',
          );
        }
        if (chain.from !== null) log.debug(chain, 'watch poll: blocks read');
        if (chain.alerts > 0)
          log.info(
            { source: chain.source, alerts: chain.alerts, from: chain.from, to: chain.to },
            'watch alerts recorded',
          );
      }
      if (polled.listed > 0)
        log.info({ alerts: polled.listed }, 'watch alerts recorded: newly listed addresses');
      if (lost.aborted) {
        // Another replica may be polling now; what this step read is recorded once all the same.
        log.warn('watch poll: the lock’s database connection dropped; stopping this step');
        return null;
      }
      return delivery.deliverDue();
    });
    if (!outcome.ran) {
      log.debug('watch poll skipped: another replica is polling');
      return;
    }
    if (outcome.result) logDelivered(outcome.result);
  }

  function logDelivered(sent: DeliveryReport): void {
    if (sent.delivered + sent.digested + sent.retrying + sent.failed > 0)
      log.info(sent, 'watch alerts delivered');
  }

  /**
   * Delivery only, now: a report's alert is sent without waiting for the next poll, whichever
   * replica holds the poller's lock (the claims keep two deliverers off one alert).
   */
  async function deliverStep(): Promise<void> {
    logDelivered(await delivery.deliverDue());
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  /** Runs `work` after whatever runs now: steps and deliveries never overlap in this process. */
  const enqueue = (work: () => Promise<void>, failed: string) => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await work();
      } catch (error) {
        log.error({ err: error }, failed);
      }
    });
    return running;
  };
  const runOnce = () => enqueue(step, 'watch poll failed; trying again next step');
  // One delivery queued at most: alerts recorded meanwhile are sent by it too.
  let deliveryQueued = false;
  const deliverSoon = () => {
    if (stopped || deliveryQueued) return;
    deliveryQueued = true;
    void enqueue(async () => {
      deliveryQueued = false;
      await deliverStep();
    }, 'watch delivery failed; trying again next step');
  };
  app.alertsRecorded.add(deliverSoon);
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(schedule);
    }, config.watch.pollSeconds * 1000);
  };
  void runOnce().then(schedule);
  log.info(
    {
      sources: sources.map((s) => s.id),
      pollSeconds: config.watch.pollSeconds,
      confirmations: config.watch.confirmations,
    },
    sources.length > 0
      ? 'watch poller started'
      : 'watch poller started: reports and lists only, no node configured',
  );
  return {
    runNow: runOnce,
    async stop() {
      stopped = true;
      app.alertsRecorded.delete(deliverSoon);
      clearTimeout(timer);
      await running;
    },
  };
}
