/**
 * A real API for tests: fresh storage from createTestContext, the app from createHttpApi, served by
 * listenHttp on 127.0.0.1 with a free port, and the log lines it wrote, parsed.
 */
import { Registry } from 'prom-client';
import {
  createHttpApi,
  type HttpApi,
  type HttpRateLimitOptions,
  listenHttp,
} from '../../../src/adapters/http/index.js';
import { createLogger } from '../../../src/logger.js';
import { createTestContext, type TestContext, type TestContextOptions } from '../../support/context.js';

export interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

export interface RunningApi {
  url: string;
  app: HttpApi;
  ctx: TestContext;
  registry: Registry;
  logs: LogLine[];
  close(): Promise<void>;
}

export async function startApi(
  options: {
    context?: TestContextOptions;
    mount?: (app: HttpApi) => void;
    /** Absent: the API's default (600 a minute per client IP). */
    rateLimit?: HttpRateLimitOptions;
  } = {},
): Promise<RunningApi> {
  const ctx = await createTestContext(options.context);
  const logs: LogLine[] = [];
  const logger = createLogger('info', {
    write: (line: string) => void logs.push(JSON.parse(line) as LogLine),
  });
  const registry = new Registry();
  const app = createHttpApi({
    chainwarden: ctx.chainwarden,
    apiKeys: ctx.stores.apiKeys,
    lists: ctx.stores.lists,
    database: ctx.database,
    logger,
    metrics: registry,
    webSessions: ctx.stores.webSessions,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  options.mount?.(app);
  const listener = await listenHttp(app, { port: 0, host: '127.0.0.1', logger });
  return {
    url: listener.url,
    app,
    ctx,
    registry,
    logs,
    async close() {
      await listener.close();
      await ctx.close();
    },
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A valid, all-lowercase EVM address built from a number (lowercase skips the EIP-55 check). */
export const evmAddress = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
