import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type RunningApi, startApi } from './harness.js';

const PROBLEM = 'application/problem+json';
const BIP322_ADDRESS = 'bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l';
/** BIP-322's own test vector: "Hello World" signed by the key of BIP322_ADDRESS. */
const BIP322_HELLO =
  'AkcwRAIgZRfIY3p7/DoVTty6YZbWS71bc5Vct9p9Fia83eRmw2QCICK/ENGfwLtptFluMGs2KsqoNSk89pO7F29zJLUx9a/sASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI=';

let api: RunningApi;
const verify = (body: unknown) => fetch(`${api.url}/v1/ownership/verify`, json(body));

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

describe('POST /v1/ownership/verify', () => {
  it('says a BIP-322 signature from the BIP is valid', async () => {
    const response = await verify({
      address: BIP322_ADDRESS,
      message: 'Hello World',
      signature: BIP322_HELLO,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      valid: true,
      method: 'bip322-simple',
      address: BIP322_ADDRESS,
      chain: 'bitcoin',
    });
  });

  it('says an EIP-191 signature by another wallet is not valid, and who signed it', async () => {
    const owner = Wallet.createRandom();
    const stranger = Wallet.createRandom();
    const signature = await stranger.signMessage('I own this');
    const response = await verify({ address: owner.address, message: 'I own this', signature });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { valid: boolean; method: string; reason: string };
    expect(body).toMatchObject({ valid: false, method: 'eip191', address: owner.address, chain: 'evm' });
    expect(body.reason).toContain(stranger.address);
  });

  it('answers 400 with the precise reason for a signature that is not one', async () => {
    const response = await verify({ address: BIP322_ADDRESS, message: 'Hello World', signature: '%%%' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ code: 'invalid-signature', reason: 'the signature is not base64' });
    expect(body.detail).toMatch(/^The signature is not base64\. Sign the message in your wallet/);
  });

  it('answers 400 for a mistyped address, a chain without signatures, and missing fields', async () => {
    const bad = await verify({ address: '0x1234', message: 'x', signature: '0x00' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid-address', input: '0x1234' });

    const litecoin = await verify({
      address: 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      message: 'x',
      signature: 'abc',
    });
    expect(litecoin.status).toBe(400);
    expect(await litecoin.json()).toMatchObject({
      code: 'unsupported-chain',
      detail: expect.stringContaining('evm, bitcoin, tron, solana'),
    });

    const missing = await verify({ address: BIP322_ADDRESS, message: 'Hello World' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'invalid-request' });
  });

  it('is described in /openapi.json', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.paths['/v1/ownership/verify']?.post).toBeDefined();
  });
});
