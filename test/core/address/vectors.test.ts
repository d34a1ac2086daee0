import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src/core/index.js';
import bip173 from '../../fixtures/address-vectors/bip173-bech32.json' with { type: 'json' };
import bip350 from '../../fixtures/address-vectors/bip350-bech32m.json' with { type: 'json' };
import eip55 from '../../fixtures/address-vectors/eip55-checksum.json' with { type: 'json' };

function reasonOf(input: string): string {
  const result = parseAddress(input);
  if (result.ok) throw new Error(`expected ${input} to be rejected, got ${result.value.key}`);
  return result.error.reason;
}

describe('BIP-350 segwit addresses', () => {
  it.each(bip350.segwit_address_valid)('accepts $address', ({ address, network, scriptPubKey_hex }) => {
    const result = parseAddress(address);
    expect(result).toMatchObject({
      ok: true,
      value: { chain: 'bitcoin', network, key: address.toLowerCase() },
    });
    // The script's first byte is the witness version opcode (0x00, or 0x51..0x60 for 1..16).
    const op = Number.parseInt(scriptPubKey_hex.slice(0, 2), 16);
    const version = op === 0 ? 0 : op - 0x50;
    const programBytes = Number.parseInt(scriptPubKey_hex.slice(2, 4), 16);
    const kind = result.ok ? result.value.kind : '';
    if (version === 0) expect(kind).toBe(programBytes === 20 ? 'p2wpkh' : 'p2wsh');
    else if (version === 1 && programBytes === 32) expect(kind).toBe('p2tr');
    else expect(kind).toBe(`witness-v${version}`);
  });

  it.each(bip350.segwit_address_invalid)('rejects $address ($reason)', ({ address }) => {
    const result = parseAddress(address);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-address');
      expect(result.error.hint).toContain('bc1q');
    }
  });
});

describe('BIP-173 segwit addresses', () => {
  const stillValid = bip173.segwit_address_valid.filter((v) => v.valid_under_bip350);
  const superseded = bip173.segwit_address_valid.filter((v) => !v.valid_under_bip350);

  it.each(stillValid)('accepts $address', ({ address, network }) => {
    expect(parseAddress(address)).toMatchObject({ ok: true, value: { chain: 'bitcoin', network } });
  });

  it('rejects the three version-1+ vectors that BIP-350 superseded, saying bech32m is required', () => {
    expect(superseded).toHaveLength(3);
    for (const { address } of superseded) {
      expect(reasonOf(address)).toMatch(
        /uses a bech32 checksum, but a witness version \d+ address .* must use bech32m/,
      );
    }
  });

  it.each(bip173.segwit_address_invalid)('rejects $address ($reason)', ({ address }) => {
    expect(parseAddress(address).ok).toBe(false);
  });
});

describe('generic bech32/bech32m strings are not addresses', () => {
  const strings = [
    ...bip173.bech32_valid,
    ...bip173.bech32_invalid,
    ...bip350.bech32m_valid,
    ...bip350.bech32m_invalid,
  ].map((v) => v.string);

  it.each(strings)('rejects %j', (text) => {
    expect(parseAddress(text).ok).toBe(false);
  });
});

describe('specific reasons for invalid Bitcoin addresses', () => {
  it('names a bad checksum', () => {
    expect(reasonOf('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(
      'checksum does not match: a character is wrong, missing or swapped',
    );
  });

  it('names bech32 used where bech32m is required (taproot)', () => {
    expect(reasonOf('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd')).toBe(
      'uses a bech32 checksum, but a witness version 1 address (e.g. bc1p… taproot) must use bech32m (BIP-350)',
    );
  });

  it('names bech32m used where bech32 is required (version 0)', () => {
    expect(reasonOf('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh')).toBe(
      'uses a bech32m checksum, but a version-0 address (bc1q…) must use bech32 (BIP-173)',
    );
  });

  it('names an unknown prefix', () => {
    expect(reasonOf('tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut')).toBe(
      'starts with "tc1", which is not a Bitcoin prefix (bc1, or tb1 on testnet) nor a Litecoin one (ltc1, tltc1)',
    );
  });

  it('names a bad program length', () => {
    expect(reasonOf('bc1pw5dgrnzv')).toBe('has a 1-byte witness program; it must be 2 to 40 bytes');
    expect(reasonOf('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav')).toBe(
      'has a 41-byte witness program; it must be 2 to 40 bytes',
    );
    expect(reasonOf('BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P')).toMatch(
      /^has a 16-byte version-0 program; it must be 20 bytes/,
    );
  });

  it('names a witness version above 16', () => {
    expect(reasonOf('BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R')).toBe(
      'has witness version 17; versions go from 0 to 16',
    );
  });

  it('names mixed case', () => {
    expect(reasonOf('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7')).toBe(
      'mixes upper and lower case; a bech32 address is all lower case (or all upper case)',
    );
  });

  it('names a character bech32 never uses', () => {
    expect(reasonOf('bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4')).toBe(
      'contains "o", which bech32 never uses after the "1" (no 1, b, i or o)',
    );
  });

  it('names bad padding', () => {
    expect(reasonOf('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv')).toBe(
      'has invalid padding in its data: a character is wrong or missing',
    );
  });
});

describe('EIP-55 vectors', () => {
  const valid = [...eip55.all_caps, ...eip55.all_lower, ...eip55.normal];

  it.each(valid)('accepts %s and displays it checksummed', (address) => {
    expect(parseAddress(address)).toEqual({
      ok: true,
      value: {
        chain: 'evm',
        key: address.toLowerCase(),
        display: address,
        network: 'mainnet',
        kind: 'account',
      },
    });
  });

  it('turns the EIP example input into its checksummed form', () => {
    const result = parseAddress(eip55.js_example.input);
    expect(result.ok && result.value.display).toBe(eip55.js_example.toChecksumAddress);
  });

  it.each(eip55.real_world_invalid_checksum)(
    'rejects the mixed-case scam-list string $address, suggesting the checksummed form',
    ({ address }) => {
      const checksummed = parseAddress(address.toLowerCase());
      expect(checksummed.ok).toBe(true);
      if (checksummed.ok) {
        expect(reasonOf(address)).toBe(`checksum mismatch, did you mean ${checksummed.value.display}?`);
      }
    },
  );
});
