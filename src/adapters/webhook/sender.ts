/**
 * Webhook delivery (the core's `AlertChannel` for webhooks): one JSON POST per alert, signed
 * `X-Chainwarden-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the watch's secret>`
 * so the receiver can tell it came from here and was not changed. Redirects are not followed (a
 * webhook that moved must be registered again), and a slow receiver is cut off after `timeoutMs`;
 * any answer but 2xx is a failure the outbox retries.
 */
import { createHmac } from 'node:crypto';
import type { AlertChannel, DeliveryOutcome } from '../../core/index.js';
import { webhookPayload } from './payload.js';

export const SIGNATURE_HEADER = 'X-Chainwarden-Signature';

/** `sha256=<hex>`: what the receiver recomputes from the raw body it got. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function createWebhookChannel(options: { timeoutMs?: number; userAgent?: string } = {}): AlertChannel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(alert, secret): Promise<DeliveryOutcome> {
      if (alert.watch.destination.kind !== 'webhook')
        return { ok: false, error: 'not a webhook', permanent: true };
      if (!secret) return { ok: false, error: 'the watch has no secret to sign with', permanent: true };
      const body = JSON.stringify(webhookPayload(alert));
      try {
        const response = await fetch(alert.watch.destination.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'user-agent': options.userAgent ?? 'chainwarden-webhook',
            [SIGNATURE_HEADER]: signBody(body, secret),
            'X-Chainwarden-Event': alert.event.kind,
            'X-Chainwarden-Delivery': String(alert.id),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.status >= 200 && response.status < 300) return { ok: true };
        return { ok: false, error: `the webhook answered HTTP ${response.status}` };
      } catch (error) {
        const cause =
          error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        const what =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : `${error instanceof Error ? error.message : String(error)}${cause}`;
        return { ok: false, error: `could not reach the webhook (${what})` };
      }
    },
  };
}
