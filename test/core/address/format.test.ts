import { describe, expect, it } from 'vitest';
import type { ParsedAddress } from '../../../src/core/index.js';
import { chainLabel, parseAddress, shortAddress } from '../../../src/core/index.js';

function parsed(input: string): ParsedAddress {
  const result = parseAddress(input);
  if (!result.ok) throw new Error(result.error.reason);
  return result.value;
}

describe('chainLabel', () => {
  it.each([
    ['0x8589427373D6D84E98730D7795D8f6f8731FDA16', 'Ethereum / EVM'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'Bitcoin'],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'Bitcoin'],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'Bitcoin testnet'],
    ['mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'Bitcoin testnet'],
    ['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'Tron'],
    ['So11111111111111111111111111111111111111112', 'Solana'],
  ])('labels %s as %s', (input, label) => {
    expect(chainLabel(parsed(input))).toBe(label);
  });

  it('labels an address of a chain the core does not parse', () => {
    expect(chainLabel({ chain: 'other', network: 'mainnet' })).toBe('Other chain');
  });
});

describe('shortAddress', () => {
  it.each([
    ['0x8589427373D6D84E98730D7795D8f6f8731FDA16', '0x8589…DA16'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'bc1qw5…f3t4'],
    ['TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'TR7NHq…Lj6t'],
    ['So11111111111111111111111111111111111111112', 'So1111…1112'],
  ])('shortens %s to %s', (display, short) => {
    expect(shortAddress(display)).toBe(short);
  });

  it('leaves strings of 12 characters or fewer alone', () => {
    expect(shortAddress('bc1sw50qgdz25j')).toBe('bc1sw5…z25j');
    expect(shortAddress('0x1234567890')).toBe('0x1234567890');
    expect(shortAddress('0x1234')).toBe('0x1234');
    expect(shortAddress('')).toBe('');
  });
});
