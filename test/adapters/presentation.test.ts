import { describe, expect, it } from 'vitest';
import { describeOnchain, formatBitcoin, sentence, truncate } from '../../src/adapters/presentation.js';

describe('describeOnchain', () => {
  it('shows a Bitcoin address’s transactions and totals in BTC', () => {
    expect(
      describeOnchain({
        onchain: {
          available: true,
          source: 'esplora',
          isContract: false,
          txCount: 1204,
          balance: '80000',
          received: '150000',
          sent: '70000',
        },
      }),
    ).toBe('On-chain: wallet, 1,204 transactions, received 0.0015 BTC, sent 0.0007 BTC (esplora)');
  });

  it('shows nothing when the node gave no facts', () => {
    expect(describeOnchain({ onchain: null })).toBeNull();
    expect(
      describeOnchain({
        onchain: { available: false, source: 'evm:1', isContract: null, txCount: null, balance: null },
      }),
    ).toBeNull();
  });
});

describe('formatBitcoin', () => {
  it.each([
    ['0', '0'],
    ['1', '0.00000001'],
    ['100000000', '1'],
    ['2100000000000000', '21000000'],
    ['123456789', '1.23456789'],
  ])('formats %s satoshis as %s BTC', (sats, btc) => {
    expect(formatBitcoin(sats)).toBe(btc);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit, ending in an ellipsis', () => {
    expect(truncate('short', 5)).toBe('short');
    expect(truncate('a longer text', 8)).toBe('a longe…');
    expect([...truncate('x'.repeat(3000), 2000)]).toHaveLength(2000);
  });

  it('never splits an emoji (a surrogate pair)', () => {
    expect(truncate('🚩🚩🚩🚩', 3)).toBe('🚩🚩…');
  });
});

describe('sentence', () => {
  it('capitalises a core reason and ends it with a full stop, once', () => {
    expect(sentence(' no category given ')).toBe('No category given.');
    expect(sentence('Already a sentence.')).toBe('Already a sentence.');
    expect(sentence('cut short…')).toBe('Cut short…');
  });
});
