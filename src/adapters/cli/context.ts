/**
 * What every CLI command shares: where output goes, the configuration (parsed once, on first use),
 * an app opened for one command and closed after it, and the error that means "bad input, exit 2".
 */
import type { Command } from 'commander';
import { type App, openApp } from '../../app.js';
import { type Config, parseConfig } from '../../config.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress bars instead of log lines. */
  isTTY?: boolean;
}

/** A user error with its one-line message: exit code 2. */
export class BadInput extends Error {}

export interface CliContext {
  io: CliIo;
  getConfig(): Config;
  withApp<T>(fn: (app: App) => Promise<T>, options?: { withChain?: boolean }): Promise<T>;
}

export function createCliContext(io: CliIo): CliContext {
  let config: Config | undefined;
  const getConfig = () => {
    config ??= parseConfig(io.env);
    return config;
  };
  return {
    io,
    getConfig,
    async withApp(fn, options = {}) {
      const app = await openApp(getConfig(), options);
      try {
        return await fn(app);
      } finally {
        await app.close();
      }
    },
  };
}

/** Each command module registers its commands on the program. */
export type RegisterCommands = (program: Command, context: CliContext) => void;
