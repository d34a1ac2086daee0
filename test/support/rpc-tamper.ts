/**
 * A JSON-RPC proxy in front of a real node (anvil) that lets a test change what one method answers,
 * the way a node mid-reorg does: a log re-sent with `removed: true`, a log naming a block hash that
 * is no longer the one at its height. Batches are forwarded as batches.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type RpcAnswer = { id: number; result?: unknown; error?: unknown };

export interface TamperingProxy {
  url: string;
  /** Rewrites the result of every call of `method` until cleared (null). */
  tamper(method: string, rewrite: ((result: unknown) => unknown) | null): void;
  close(): Promise<void>;
}

export async function startTamperingProxy(target: string): Promise<TamperingProxy> {
  const rewrites = new Map<string, (result: unknown) => unknown>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      const calls = JSON.parse(body) as
        | { id: number; method: string }
        | Array<{ id: number; method: string }>;
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const answer = (await upstream.json()) as RpcAnswer | RpcAnswer[];
      const methods = new Map((Array.isArray(calls) ? calls : [calls]).map((c) => [c.id, c.method]));
      const rewrite = (a: RpcAnswer) => {
        const fn = rewrites.get(methods.get(a.id) ?? '');
        return fn && a.result !== undefined ? { ...a, result: fn(a.result) } : a;
      };
      const out = Array.isArray(answer) ? answer.map(rewrite) : rewrite(answer);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tamper(method, rewrite) {
      if (rewrite) rewrites.set(method, rewrite);
      else rewrites.delete(method);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
