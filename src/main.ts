/**
 * The service's entry (`npm start`): parses the environment, starts the service (service.ts) and
 * runs it until SIGTERM or SIGINT. Exits 2 on invalid configuration, 1 when the service cannot start.
 */
import { type Config, ConfigError, parseConfig } from './config.js';
import { createLogger } from './logger.js';
import { runUntilSignalled, startService } from './service.js';
import { DataDirInUseError } from './store/index.js';

let config: Config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
try {
  await runUntilSignalled(await startService(config, logger));
} catch (error) {
  if (error instanceof DataDirInUseError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
