/**
 * The service: opens the database (PGlite unless DATABASE_URL is set), applies migrations, serves the
 * HTTP API and starts each chat adapter whose token is set. SIGTERM/SIGINT stop it gracefully.
 */
import { pathToFileURL } from 'node:url';
import { openApp } from './app.js';
import { type Config, ConfigError, describeAdapters, parseConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { DataDirInUseError } from './store/index.js';

export interface RunningService {
  /** Resolves once the service has stopped. */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startService(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningService> {
  const app = await openApp(config);
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
  return { stopped, stop };
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
    const service = await startService(config, logger);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void service.stop());
    await service.stopped;
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
