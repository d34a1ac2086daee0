/**
 * `listenHttp(app, options)`: serves a Hono app on node:http and shuts it down gracefully: stop
 * accepting, let in-flight requests finish, then cut what is left after a bounded wait.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from '../../logger.js';

export interface HttpListener {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** `http://host:port`, as logged. */
  url: string;
  /** Stops accepting, waits for in-flight requests (at most `shutdownTimeoutMs`), then resolves. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  logger: Logger;
  shutdownTimeoutMs?: number;
}

interface FetchApp {
  fetch: (request: Request, ...rest: never[]) => Response | Promise<Response>;
}

export async function listenHttp(
  app: FetchApp,
  { port, host, logger, shutdownTimeoutMs = 10_000 }: ListenOptions,
): Promise<HttpListener> {
  const server = createAdaptorServer({
    fetch: app.fetch as (request: Request) => Promise<Response>,
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url }, 'HTTP API listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        logger.warn(
          { shutdownTimeoutMs },
          'HTTP requests still running at shutdown; closing their connections',
        );
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      // Keep-alive connections become idle once their in-flight response is sent; close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      server.close(() => {
        clearTimeout(deadline);
        clearInterval(sweep);
        logger.info({ url }, 'HTTP API stopped');
        resolve();
      });
      server.closeIdleConnections();
    });
  return {
    port: address.port,
    url,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
