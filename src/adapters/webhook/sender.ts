/**
 * Webhook delivery (the core's `AlertChannel` for webhooks): one JSON POST per alert, signed
 * `X-Chainwarden-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the watch's secret>`
 * so the receiver can tell it came from here and was not changed. Redirects are not followed (a
 * webhook that moved must be registered again), and a slow receiver is cut off after `timeoutMs`;
 * any answer but 2xx is a failure the outbox retries.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { AlertChannel, DeliveryOutcome } from '../../core/index.js';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from './address-guard.js';
import { webhookPayload } from './payload.js';

export const SIGNATURE_HEADER = 'X-Chainwarden-Signature';

/** `sha256=<hex>`: what the receiver recomputes from the raw body it got. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookChannelOptions {
  timeoutMs?: number;
  userAgent?: string;
  /** Deliver to private and local addresses too (WEBHOOK_PRIVATE_NETWORKS=on); default: public only. */
  privateNetworks?: boolean;
}

interface Posted {
  status: number;
}

/**
 * One POST through node:http(s) rather than fetch: fetch cannot check the address a host name
 * resolves to before connecting (address-guard.ts), node:http takes a `lookup`.
 */
function post(url: URL, headers: Record<string, string>, body: string, options: WebhookChannelOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise<Posted>((resolve, reject) => {
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.privateNetworks && isIP(literal) !== 0 && isPrivateAddress(literal)) {
      reject(new PrivateAddressError(url.hostname, literal));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(timeoutMs),
        ...(options.privateNetworks ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function createWebhookChannel(options: WebhookChannelOptions = {}): AlertChannel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(alert, secret): Promise<DeliveryOutcome> {
      if (alert.watch.destination.kind !== 'webhook')
        return { ok: false, error: 'not a webhook', permanent: true };
      if (!secret) return { ok: false, error: 'the watch has no secret to sign with', permanent: true };
      const body = JSON.stringify(webhookPayload(alert));
      try {
        // Redirects are not followed: node:http never does.
        const response = await post(
          new URL(alert.watch.destination.url),
          {
            'content-type': 'application/json',
            'user-agent': options.userAgent ?? 'chainwarden-webhook',
            [SIGNATURE_HEADER]: signBody(body, secret),
            'X-Chainwarden-Event': alert.event.kind,
            'X-Chainwarden-Delivery': String(alert.id),
          },
          body,
          options,
        );
        if (response.status >= 200 && response.status < 300) return { ok: true };
        return { ok: false, error: `the webhook answered HTTP ${response.status}` };
      } catch (error) {
        if (error instanceof PrivateAddressError) {
          return { ok: false, error: `refused to deliver: ${error.message}` };
        }
        const what =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
            ? `no answer within ${timeoutMs} ms`
            : error instanceof Error
              ? error.message
              : String(error);
        return { ok: false, error: `could not reach the webhook (${what})` };
      }
    },
  };
}
