import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { type FetchGetUrlFunc, FetchRequest, JsonRpcProvider, Network } from 'ethers';
import type { AddressFacts, FactsNode } from './node.js';

/** EIP-7702 delegation designator: `0xef0100 || address` (23 bytes), the code of a delegating EOA. */
const DELEGATION_DESIGNATOR = /^0xef0100[0-9a-f]{40}$/i;

/** Share of the timeout the optional ENS reverse lookup may use, so it never costs the main answer. */
const ENS_SHARE = 0.8;

export interface EvmNodeOptions {
  chainId: number;
  url: string;
  timeoutMs: number;
}

export function createEvmNode({ chainId, url, timeoutMs }: EvmNodeOptions): FactsNode {
  const network = Network.from(chainId);
  const source = `evm:${chainId}`;

  return {
    source,
    async read(addressKey: string, signal: AbortSignal): Promise<AddressFacts> {
      // One provider per read, its transport bound to the read's signal: ethers calls cannot be
      // cancelled one by one, so when the read ends (deadline, close, or done) every request it
      // started (ENS lookups go out in several sequential steps) is aborted and no new one leaves.
      const provider = connect(url, network, timeoutMs, signal);
      try {
        const ens =
          chainId === 1 ? lookupNameWithin(provider, addressKey, timeoutMs * ENS_SHARE, signal) : null;
        const [code, txCount, balance] = await Promise.all([
          provider.getCode(addressKey),
          provider.getTransactionCount(addressKey),
          provider.getBalance(addressKey),
        ]);
        const facts: AddressFacts = {
          // A delegating EOA (EIP-7702) carries code but is still a key holder's wallet, not a contract.
          isContract: code !== '0x' && !DELEGATION_DESIGNATOR.test(code),
          txCount,
          balance: balance.toString(),
        };
        if (ens) {
          const name = await ens;
          if (name) facts.name = name;
        }
        return facts;
      } finally {
        provider.destroy();
      }
    },
    // Nothing long-lived: providers live for one read, and the caller aborts reads on close.
    async close() {},
  };
}

function connect(url: string, network: Network, timeoutMs: number, signal: AbortSignal): JsonRpcProvider {
  const request = new FetchRequest(url);
  // ethers waits 300 s by default; a late answer is worthless here.
  request.timeout = timeoutMs;
  // No 429 back-off retries: each would outlive the caller's deadline.
  request.setThrottleParams({ maxAttempts: 1 });
  request.getUrlFunc = abortableGetUrl(signal);
  // staticNetwork: no eth_chainId probe at start, so a dead node cannot make ethers retry
  // network detection forever (printing "failed to detect network" every second).
  return new JsonRpcProvider(request, network, { staticNetwork: network });
}

/**
 * ethers' own Node transport only emits 'timeout' and never destroys the socket, so every call to
 * a hanging node would leak a connection; global fetch (undici) reopens a spare connection after
 * an abort. node:http with an abort signal destroys exactly the request's socket.
 */
function abortableGetUrl(readSignal: AbortSignal): FetchGetUrlFunc {
  return (req, cancel) =>
    new Promise((resolve, reject) => {
      const cancelled = new AbortController();
      cancel?.addListener(() => cancelled.abort());
      const signal = AbortSignal.any([readSignal, cancelled.signal, AbortSignal.timeout(req.timeout)]);
      const url = new URL(req.url);
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(
        url,
        { method: req.method, headers: req.headers, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            try {
              let body = Buffer.concat(chunks);
              if (response.headers['content-encoding'] === 'gzip' && body.length > 0) body = gunzipSync(body);
              resolve({
                statusCode: response.statusCode ?? 0,
                statusMessage: response.statusMessage ?? '',
                headers: flattenHeaders(response.headers),
                body: body.length > 0 ? new Uint8Array(body) : null,
              });
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on('error', reject);
      request.end(req.body ? Buffer.from(req.body) : undefined);
    });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Reverse ENS name, or null when there is none, it fails, or it does not answer within `budgetMs`. */
function lookupNameWithin(
  provider: JsonRpcProvider,
  address: string,
  budgetMs: number,
  signal: AbortSignal,
): Promise<string | null> {
  return new Promise((resolve) => {
    const finish = (name: string | null) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(name);
    };
    const onAbort = () => finish(null);
    const timer = setTimeout(onAbort, budgetMs);
    signal.addEventListener('abort', onAbort, { once: true });
    provider.lookupAddress(address).then(finish, onAbort);
  });
}
