import { describe, expect, it } from 'vitest';
import { extractAddresses } from '../../../src/core/index.js';

const keys = (text: string): string[] => extractAddresses(text).map((a) => a.key);

const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const EVM2 = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359';
const BECH32 = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const SOLANA = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

describe('extractAddresses', () => {
  it('finds addresses of several chains in one message, in order, with display forms', () => {
    const text = `⚠️ Official giveaway! Send USDT (TRC20) to **${TRON}**, ETH to \`${EVM.toLowerCase()}\`, BTC: ${BECH32}, SOL → ${SOLANA}. Double back guaranteed!!!`;
    expect(extractAddresses(text)).toEqual([
      { chain: 'tron', key: TRON, display: TRON, network: 'mainnet', kind: 'account' },
      { chain: 'evm', key: EVM.toLowerCase(), display: EVM, network: 'mainnet', kind: 'account' },
      { chain: 'bitcoin', key: BECH32, display: BECH32, network: 'mainnet', kind: 'p2wpkh' },
      { chain: 'solana', key: SOLANA, display: SOLANA, network: 'mainnet', kind: 'account' },
    ]);
  });

  it('finds addresses inside explorer URLs and markdown links', () => {
    const text = [
      `Contract verified: https://etherscan.io/address/${EVM2}#code`,
      `Cold wallet [here](https://mempool.space/address/${BECH32}) and https://tronscan.org/#/address/${TRON}/transfers`,
      `[${EVM}](https://bscscan.com/address/${EVM})`,
    ].join('\n');
    expect(keys(text)).toEqual([EVM2.toLowerCase(), BECH32, TRON, EVM.toLowerCase()]);
  });

  it('finds payment URIs (ethereum:0x…@1, bitcoin:…?amount=)', () => {
    const text = `Pay here: ethereum:pay-${EVM}@1?value=2.014e18 or bitcoin:${BECH32.toUpperCase()}?amount=0.5`;
    expect(keys(text)).toEqual([EVM.toLowerCase(), BECH32]);
  });

  it('finds an address with zero-width characters hidden inside it', () => {
    const hiddenEvm = `${EVM.slice(0, 12)}\u200B${EVM.slice(12, 25)}\u200D\u2060${EVM.slice(25)}`;
    const hiddenTron = `${TRON.slice(0, 5)}\uFEFF${TRON.slice(5)}`;
    expect(keys(`new address: ${hiddenEvm} (tron ${hiddenTron})`)).toEqual([EVM.toLowerCase(), TRON]);
  });

  it('finds an address hidden by any invisible character: invisible operators, CGJ, Mongolian separator', () => {
    for (const invisible of ['\u2062', '\u2063', '\u180E', '\u034F', '\uFE0F', '\u{E0041}']) {
      const hidden = `${EVM.slice(0, 20)}${invisible}${EVM.slice(20)}`;
      expect(keys(`pay ${hidden} now`), `U+${invisible.codePointAt(0)?.toString(16)}`).toEqual([
        EVM.toLowerCase(),
      ]);
    }
  });

  it('ignores trailing and surrounding punctuation', () => {
    const text = `"${TRON}". (${EVM})! ${BECH32}? '${SOLANA}', <3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy>; _1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa_`;
    expect(keys(text)).toEqual([
      TRON,
      EVM.toLowerCase(),
      BECH32,
      SOLANA,
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
    ]);
  });

  it('reports each address once, at its first appearance, whatever its spelling', () => {
    const text = `${EVM.toLowerCase()} then ${TRON} then ${EVM} and ${EVM.toUpperCase().replace('0X', '0x')} and ${BECH32.toUpperCase()} ${BECH32}`;
    const found = extractAddresses(text);
    expect(found.map((a) => a.key)).toEqual([EVM.toLowerCase(), TRON, BECH32]);
    expect(found[0]?.display).toBe(EVM);
  });

  it('finds addresses next to non-Latin text', () => {
    expect(keys(`地址${EVM}谢谢`)).toEqual([EVM.toLowerCase()]);
    expect(keys(`адрес:${TRON}`)).toEqual([TRON]);
  });

  it('skips things that are not valid addresses', () => {
    const text = [
      `tx 0x${'9f'.repeat(32)}`, // a transaction hash
      `bad checksum ${EVM.slice(0, -1)}D`,
      `too short ${EVM.slice(0, -1)}`,
      `glued ${EVM}ff and x${EVM}`,
      'typo bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
      'solana tx 5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW',
      'dash XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt and plain words: antidisestablishmentarianism',
    ].join('\n');
    expect(extractAddresses(text)).toEqual([]);
  });

  it('finds nothing in empty or address-free text', () => {
    expect(extractAddresses('')).toEqual([]);
    expect(extractAddresses('gm everyone, wen airdrop? 🚀')).toEqual([]);
  });

  it('scans only the first 64 KiB of a huge message', () => {
    const addresses = Array.from({ length: 25_000 }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`);
    const text = addresses.join(' '); // 43 characters per address with its space, about 1 MB
    const found = extractAddresses(text);
    // Addresses that end within the first 65536 characters: the i-th ends at 43 * i + 42.
    const expected = Math.floor((65_536 - 42) / 43) + 1;
    expect(found).toHaveLength(expected);
    expect(found.at(-1)?.key).toBe(addresses[expected - 1]);
    expect(extractAddresses(`${' '.repeat(70_000)}${EVM}`)).toEqual([]);
  });
});
