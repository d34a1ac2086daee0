/**
 * A watch's webhook URL comes from whoever holds an API key: by default the service delivers only to
 * public addresses, never into its own network (loopback, private ranges, cloud metadata), whether
 * the URL names the address or a host name that resolves to it. WEBHOOK_PRIVATE_NETWORKS=on allows
 * them (a receiver on the same host). The receiver here is a real one on 127.0.0.1.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/adapters/webhook/address-guard.js';
import { createWebhookChannel } from '../../src/adapters/webhook/sender.js';
import type { WatchAlert } from '../../src/core/index.js';

let server: Server;
let port: number;
let received = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    received += 1;
    req.resume();
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
});

function alertTo(url: string): WatchAlert {
  return {
    id: 1,
    watch: {
      id: 'w-1',
      address: '0x000000000000000000000000000000000000dEaD',
      label: 'treasury',
      chain: 'evm',
      network: 'mainnet',
      destination: { kind: 'webhook', url },
    } as WatchAlert['watch'],
    event: { kind: 'reported', category: 'phishing', via: 'api', verified: false },
    createdAt: new Date('2026-11-30T12:00:00Z'),
  };
}

describe('webhook delivery to private networks', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.9', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:1.1.1.1', false],
  ])('judges %s private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('refuses a URL naming a loopback address, and says why and how to allow it', async () => {
    const before = received;
    const outcome = await createWebhookChannel().send(alertTo(`http://127.0.0.1:${port}/hook`), 'secret');
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.ok ? '' : outcome.error).toContain(
      'refused to deliver: 127.0.0.1 resolves to 127.0.0.1, a private or local address',
    );
    expect(outcome.ok ? '' : outcome.error).toContain('WEBHOOK_PRIVATE_NETWORKS=on');
    expect(received).toBe(before);
  });

  it('refuses a host name that resolves to a loopback address (localhost)', async () => {
    const before = received;
    const outcome = await createWebhookChannel().send(alertTo(`http://localhost:${port}/hook`), 'secret');
    expect(outcome.ok ? '' : outcome.error).toMatch(
      /refused to deliver: localhost resolves to (127\.0\.0\.1|::1)/,
    );
    expect(received).toBe(before);
  });

  it('delivers to the same receiver when private networks are allowed', async () => {
    const before = received;
    const channel = createWebhookChannel({ privateNetworks: true });
    expect(await channel.send(alertTo(`http://localhost:${port}/hook`), 'secret')).toEqual({ ok: true });
    expect(await channel.send(alertTo(`http://127.0.0.1:${port}/hook`), 'secret')).toEqual({ ok: true });
    expect(received).toBe(before + 2);
  });
});
