/**
 * Real local endpoints for the chain tests: an anvil node (bench/support/anvil.ts, which the
 * benches use too), a node that accepts connections and never answers, and an Esplora-shaped HTTP
 * server. All bind 127.0.0.1.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

export { type Anvil, freePort, startAnvil } from '../../bench/support/anvil.js';

/** Binds `server` to a free port on 127.0.0.1 and returns its address. */
async function listenOnLoopback(server: Server): Promise<AddressInfo> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address;
}

export interface HangingServer {
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections the client has closed so far. */
  closedByClient(): number;
  close(): Promise<void>;
}

/** Accepts TCP connections, reads whatever arrives, never answers. */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let closed = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      closed += 1;
    });
  });
  const address = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => accepted,
    closedByClient: () => closed,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

export type EsploraReply = { status: number; body: string } | 'hang';

export interface FakeEsplora {
  /** Base URL including Esplora's usual `/api` prefix, with a trailing slash on purpose. */
  url: string;
  /** Paths requested so far. */
  hits: string[];
  /** What `GET /api/address/{address}` answers for each address; unknown ones get 404. */
  replies: Map<string, EsploraReply>;
  close(): Promise<void>;
}

export async function startFakeEsplora(): Promise<FakeEsplora> {
  const hits: string[] = [];
  const replies = new Map<string, EsploraReply>();
  const hanging = new Set<ServerResponse>();
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.push(path);
    const match = /^\/api\/address\/([^/]+)$/.exec(path);
    const reply = match?.[1] ? replies.get(decodeURIComponent(match[1])) : undefined;
    if (reply === 'hang') {
      hanging.add(res);
      return;
    }
    if (!reply) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const json = reply.status === 200;
    res.writeHead(reply.status, { 'content-type': json ? 'application/json' : 'text/plain' }).end(reply.body);
  });
  const address = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${address.port}/api/`,
    hits,
    replies,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface CountingRpcProxy {
  url: string;
  /** JSON-RPC calls forwarded so far (each member of a batch counts), by method. */
  calls(): string[];
  /** Most HTTP requests the proxy held in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * A JSON-RPC proxy in front of a real node (anvil): counts every call it forwards and how many
 * requests were in flight at once; `delayMs` holds each request that long first, so overlapping
 * reads really overlap.
 */
export async function startCountingRpcProxy(target: string, delayMs = 0): Promise<CountingRpcProxy> {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      const parsed = JSON.parse(body) as { method: string } | Array<{ method: string }>;
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) calls.push(call.method);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
    } finally {
      inFlight -= 1;
    }
  });
  const address = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${address.port}`,
    calls: () => [...calls],
    maxInFlight: () => maxInFlight,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface FakeJsonApi {
  url: string;
  /** Paths requested so far (with query strings). */
  hits: string[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 answering each request with `answer(method, path)`: a JSON body
 * (200), a plain text body, or null for 404. For the documented wire shapes of Esplora and TronGrid.
 */
export async function startFakeJsonApi(
  answer: (method: string, path: string, query: URLSearchParams) => unknown | { text: string } | null,
): Promise<FakeJsonApi> {
  const hits: string[] = [];
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(req.url ?? '/');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    req.resume();
    const body = answer(req.method ?? 'GET', url.pathname, url.searchParams);
    if (body === null || body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    } else if (typeof body === 'object' && 'text' in (body as object)) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end((body as { text: string }).text);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
  });
  const address = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${address.port}`,
    hits,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
