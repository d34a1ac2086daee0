/**
 * Ownership proofs: the BIP-322 vectors from the BIP itself, BIP-137 vectors (bitcoinjs-message),
 * EIP-191 from an ethers wallet, TRON signMessageV2 and Solana ed25519 signed here with fresh keys,
 * and what each refuses. Vector files and their provenance: test/fixtures/ownership.
 */
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import * as bitcoinjs from 'bitcoinjs-lib';
import bs58 from 'bs58';
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { tronAddressOf, tronMessageHash } from '../../../src/chain/ownership/account.js';
import { bip322MessageHash, bip322ToSign, bip322ToSpend } from '../../../src/chain/ownership/bitcoin.js';
import { createSignatureVerifier } from '../../../src/chain/ownership/index.js';
import { type OwnershipProof, verifyOwnership as verifyWith } from '../../../src/core/index.js';

/** The core's check over the chain's signature schemes, wired as the service wires them. */
const signatures = createSignatureVerifier();
const verifyOwnership = (proof: OwnershipProof) => verifyWith(proof, signatures);

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/ownership/${name}`, import.meta.url), 'utf8'));

interface Bip322Vector {
  message: string;
  address: string;
  type: string;
  bip322_signatures: string[];
}
const basic = fixture('bip322-basic-test-vectors.json') as {
  tx_hashes: Array<{
    message: string;
    address: string;
    message_hash: string;
    to_spend_tx_hash: string;
    to_sign_tx_hash: string;
  }>;
  simple: Bip322Vector[];
  error: Array<{ description: string; message: string; address: string; signature: string }>;
};
const generated = fixture('bip322-generated-test-vectors.json') as {
  simple: Bip322Vector[];
  full: Bip322Vector[];
  proof_of_funds: Bip322Vector[];
  error: Array<{ description: string; message: string; address: string; signature: string }>;
};
const bip137 = fixture('bip137-bitcoinjs-message.json') as Array<{
  message: string;
  address: string;
  signature: string;
  compressed: { address: string; signature: string };
  segwit: Record<'P2SH_P2WPKH' | 'P2WPKH', { address: string; signature: string }>;
}>;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Scripts that need a full interpreter: BIP-322 lets a verifier without one answer "inconclusive". */
const TIME_LOCK = /time-lock/;

describe('BIP-322 (vectors from the BIP)', async () => {
  it.each(basic.tx_hashes)(
    'hashes $message.length-character message and builds to_spend / to_sign',
    async (v) => {
      expect(hex(bip322MessageHash(v.message))).toBe(v.message_hash);
      const { address, networks } = bitcoinjs;
      const toSpend = bip322ToSpend(address.toOutputScript(v.address, networks.bitcoin), v.message);
      expect(toSpend.getId()).toBe(v.to_spend_tx_hash);
      expect(bip322ToSign(toSpend, []).getId()).toBe(v.to_sign_tx_hash);
    },
  );

  const simple = [...basic.simple, ...generated.simple].flatMap((v) =>
    v.bip322_signatures.map((signature) => ({ ...v, signature })),
  );
  it.each(simple)('accepts the simple $type signature of "$message"', async (v) => {
    const result = await verifyOwnership({ address: v.address, message: v.message, signature: v.signature });
    expect(result).toEqual({
      ok: true,
      value: { valid: true, method: 'bip322-simple', address: v.address, chain: 'bitcoin' },
    });
  });

  const full = generated.full.flatMap((v) => v.bip322_signatures.map((signature) => ({ ...v, signature })));
  it.each(full.filter((v) => !TIME_LOCK.test(v.type)))('accepts the full $type signature', async (v) => {
    const result = await verifyOwnership({ address: v.address, message: v.message, signature: v.signature });
    expect(result).toEqual({
      ok: true,
      value: { valid: true, method: 'bip322-full', address: v.address, chain: 'bitcoin' },
    });
  });

  it.each(full.filter((v) => TIME_LOCK.test(v.type)))(
    'answers the full $type signature as not checkable (inconclusive), never valid',
    async (v) => {
      const result = await verifyOwnership({
        address: v.address,
        message: v.message,
        signature: v.signature,
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unsupported-signature');
    },
  );

  it.each(generated.proof_of_funds)('refuses the $type proof of funds: it needs the UTXO set', async (v) => {
    const result = await verifyOwnership({
      address: v.address,
      message: v.message,
      signature: v.bip322_signatures[0]!,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unsupported-signature', reason: expect.stringMatching(/proof of funds/) },
    });
  });

  it.each([...basic.error, ...generated.error])('refuses: $description', async (v) => {
    const result = await verifyOwnership({ address: v.address, message: v.message, signature: v.signature });
    if (result.ok) {
      expect(result.value.valid).toBe(false);
      expect(result.value.reason).toMatch(/another key|another message|another address/);
    } else {
      expect(['invalid-signature', 'unsupported-signature']).toContain(result.error.code);
      if (/wrong (message|signer)/.test(v.description)) {
        // Only a script this verifier cannot run may end as "not checkable" rather than "not valid".
        expect(v.description).toMatch(TIME_LOCK);
      }
    }
  });

  it('says precisely why a pasted string is not a signature', async () => {
    const result = await verifyOwnership({
      address: 'bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l',
      message: 'Hello World',
      signature: 'not-valid-base64!!!',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-signature', reason: 'the signature is not base64' },
    });
  });
});

describe('BIP-137 legacy signed messages (bitcoinjs-message vectors)', async () => {
  const cases = bip137.flatMap((v) => [
    { kind: 'P2PKH uncompressed', message: v.message, address: v.address, signature: v.signature },
    { kind: 'P2PKH compressed', message: v.message, ...v.compressed },
    { kind: 'P2SH-P2WPKH', message: v.message, ...v.segwit.P2SH_P2WPKH },
    { kind: 'P2WPKH', message: v.message, ...v.segwit.P2WPKH },
  ]);

  it.each(cases)('accepts the $kind signature', async (v) => {
    expect(await verifyOwnership(v)).toEqual({
      ok: true,
      value: { valid: true, method: 'bip137', address: v.address, chain: 'bitcoin' },
    });
  });

  it.each(cases)('refuses the $kind signature over another message', async (v) => {
    const result = await verifyOwnership({ ...v, message: `${v.message}!` });
    expect(result).toMatchObject({ ok: true, value: { valid: false, method: 'bip137' } });
  });

  it('refuses a signature made for the compressed key when checked against the uncompressed address', async () => {
    const [v] = bip137;
    const result = await verifyOwnership({
      message: v!.message,
      address: v!.address,
      signature: v!.compressed.signature,
    });
    expect(result).toMatchObject({ ok: true, value: { valid: false } });
  });
});

describe('EIP-191 personal_sign (EVM)', async () => {
  const owner = Wallet.createRandom();
  const stranger = Wallet.createRandom();
  const message = 'Chainwarden ownership challenge\nnonce 1234';

  it('accepts the signature of the address’s own wallet', async () => {
    const signature = await owner.signMessage(message);
    expect(await verifyOwnership({ address: owner.address.toLowerCase(), message, signature })).toEqual({
      ok: true,
      value: { valid: true, method: 'eip191', address: owner.address, chain: 'evm' },
    });
  });

  it('refuses a signature by another wallet, naming who signed', async () => {
    const signature = await stranger.signMessage(message);
    const result = await verifyOwnership({ address: owner.address, message, signature });
    expect(result).toMatchObject({
      ok: true,
      value: { valid: false, method: 'eip191', reason: expect.stringContaining(stranger.address) },
    });
  });

  it('refuses the owner’s signature over other text', async () => {
    const signature = await owner.signMessage(`${message} edited`);
    expect(await verifyOwnership({ address: owner.address, message, signature })).toMatchObject({
      ok: true,
      value: { valid: false },
    });
  });

  it('says a truncated signature is not one', async () => {
    expect(await verifyOwnership({ address: owner.address, message, signature: '0x1234' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-signature', reason: 'the signature is not a 65-byte hex signature' },
    });
  });
});

describe('TRON signMessageV2', async () => {
  const owner = Wallet.createRandom();
  const stranger = Wallet.createRandom();
  const message = 'Chainwarden ownership challenge for TRON';
  const sign = (wallet: { signingKey: Wallet['signingKey'] }, text: string) =>
    wallet.signingKey.sign(tronMessageHash(text)).serialized;

  it('accepts the address’s own signature (0x-prefixed or not)', async () => {
    const address = tronAddressOf(owner.address);
    expect(address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
    for (const signature of [sign(owner, message), sign(owner, message).slice(2)]) {
      expect(await verifyOwnership({ address, message, signature })).toEqual({
        ok: true,
        value: { valid: true, method: 'tron-v2', address, chain: 'tron' },
      });
    }
  });

  it('refuses another key’s signature, naming its address', async () => {
    const result = await verifyOwnership({
      address: tronAddressOf(owner.address),
      message,
      signature: sign(stranger, message),
    });
    expect(result).toMatchObject({
      ok: true,
      value: { valid: false, reason: expect.stringContaining(tronAddressOf(stranger.address)) },
    });
  });

  it('refuses an Ethereum personal_sign signature of the same key (another prefix)', async () => {
    const result = await verifyOwnership({
      address: tronAddressOf(owner.address),
      message,
      signature: await owner.signMessage(message),
    });
    expect(result).toMatchObject({ ok: true, value: { valid: false } });
  });
});

describe('Solana ed25519', async () => {
  const secret = ed25519.utils.randomSecretKey();
  const address = bs58.encode(ed25519.getPublicKey(secret));
  const message = 'Chainwarden ownership challenge for Solana';
  const signature = ed25519.sign(new TextEncoder().encode(message), secret);

  it.each([
    ['base58', bs58.encode(signature)],
    ['base64', Buffer.from(signature).toString('base64')],
    ['hex', Buffer.from(signature).toString('hex')],
  ])('accepts the wallet’s signature in %s', async (_encoding, encoded) => {
    expect(await verifyOwnership({ address, message, signature: encoded })).toEqual({
      ok: true,
      value: { valid: true, method: 'solana-ed25519', address, chain: 'solana' },
    });
  });

  it('refuses a signature by another key', async () => {
    const other = ed25519.sign(new TextEncoder().encode(message), ed25519.utils.randomSecretKey());
    expect(await verifyOwnership({ address, message, signature: bs58.encode(other) })).toMatchObject({
      ok: true,
      value: { valid: false, method: 'solana-ed25519' },
    });
  });
});

describe('input that is not a proof', async () => {
  it('refuses a mistyped address with the address’s own reason', async () => {
    const result = await verifyOwnership({ address: '0x1234', message: 'hi', signature: '0x00' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-address' } });
  });

  it('says which chains can prove ownership', async () => {
    const result = await verifyOwnership({
      address: 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      message: 'hi',
      signature: 'abc',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'unsupported-chain', hint: expect.stringContaining('evm, bitcoin, tron, solana') },
    });
  });

  it('refuses an over-long message and an empty signature', async () => {
    const address = Wallet.createRandom().address;
    expect(await verifyOwnership({ address, message: 'x'.repeat(5000), signature: '0x00' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-message', reason: 'the message is 5000 characters long' },
    });
    expect(await verifyOwnership({ address, message: 'hi', signature: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-signature', reason: 'the signature is empty' },
    });
  });

  it('without a signature verifier wired, even a good signature proves nothing', async () => {
    const owner = Wallet.createRandom();
    const message = 'Chainwarden ownership challenge\nnonce 5678';
    const signature = await owner.signMessage(message);
    expect(await verifyWith({ address: owner.address, message, signature }, null)).toMatchObject({
      ok: false,
      error: { code: 'unsupported-chain', reason: expect.stringContaining('no signature verifier') },
    });
  });
});
