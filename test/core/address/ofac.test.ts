import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../src/core/index.js';

/** Real OFAC SDN digital currency addresses; see test/fixtures/address-vectors/PROVENANCE.md. */
function listed(asset: 'ETH' | 'XBT' | 'TRX'): string[] {
  const url = new URL(
    `../../fixtures/address-vectors/ofac/sanctioned_addresses_${asset}.txt`,
    import.meta.url,
  );
  return readFileSync(url, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

describe('OFAC-listed addresses', () => {
  it('parses every listed ETH address as EVM, keyed in lower case', () => {
    const lines = listed('ETH');
    expect(lines).toHaveLength(152);
    for (const line of lines) {
      expect(parseAddress(line), line).toMatchObject({
        ok: true,
        value: { chain: 'evm', key: line.toLowerCase() },
      });
    }
  });

  it('parses every listed XBT address as Bitcoin mainnet, except the one Tron address OFAC filed under XBT', () => {
    const lines = listed('XBT');
    expect(lines).toHaveLength(435);
    for (const line of lines) {
      const expected =
        line === 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq'
          ? { chain: 'tron', key: line }
          : { chain: 'bitcoin', network: 'mainnet', key: line.startsWith('bc1') ? line.toLowerCase() : line };
      expect(parseAddress(line), line).toMatchObject({ ok: true, value: expected });
    }
  });

  it('parses every listed TRX address as Tron', () => {
    const lines = listed('TRX');
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(parseAddress(line), line).toMatchObject({ ok: true, value: { chain: 'tron', key: line } });
    }
  });

  it.each([
    ['0x8589427373D6D84E98730D7795D8f6f8731FDA16', 'evm', 'account'],
    ['0x722122dF12D4e14e13Ac3b6895a86e84145b6967', 'evm', 'account'],
    ['12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h', 'bitcoin', 'p2pkh'],
    ['3QJyT8nThEQakbfqgX86YjCK1Sp9hfNCUW', 'bitcoin', 'p2sh'],
    ['TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre', 'tron', 'account'],
  ])('recognises listed %s as %s %s', (address, chain, kind) => {
    expect(parseAddress(address)).toMatchObject({ ok: true, value: { chain, kind } });
  });

  it('recognises listed segwit addresses, both P2WPKH and P2WSH', () => {
    const kinds = new Set(
      listed('XBT')
        .filter((line) => line.startsWith('bc1'))
        .map((line) => {
          const result = parseAddress(line);
          return result.ok ? result.value.kind : 'invalid';
        }),
    );
    expect([...kinds].sort()).toEqual(['p2wpkh', 'p2wsh']);
  });
});
