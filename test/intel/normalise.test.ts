import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { humanText, MAX_TEXT_LENGTH, sanctionedAddress } from '../../src/intel/normalise.js';

const listed = (asset: string) =>
  readFileSync(
    new URL(`../fixtures/intel/ofac/sanctioned-addresses/sanctioned_addresses_${asset}.txt`, import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter(Boolean);

describe('sanctionedAddress on the chains of issue 17', () => {
  it("reads every OFAC LTC and BCH entry on its asset's chain, none verbatim", () => {
    for (const [asset, chain] of [
      ['LTC', 'litecoin'],
      ['BCH', 'bitcoin-cash'],
    ] as const) {
      for (const raw of listed(asset)) {
        expect(sanctionedAddress(asset, raw), raw).toMatchObject({ chain, warning: null });
      }
    }
    // The BCH legacy entry is keyed on its hash: the same key as its CashAddr spelling.
    expect(sanctionedAddress('BCH', '18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB').key).toBe(
      'bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay',
    );
    // The same string under XBT stays Bitcoin.
    expect(sanctionedAddress('XBT', '18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB')).toMatchObject({
      chain: 'bitcoin',
    });
  });

  it('keys a Litecoin 3… entry on its M… form and warns about an LTC string that does not parse', () => {
    expect(sanctionedAddress('LTC', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toMatchObject({
      chain: 'litecoin',
      key: 'MQMHBtvnBfxTzt3K2bdxgSE7qZPHSXWsGM',
    });
    expect(sanctionedAddress('LTC', 'LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfc')).toMatchObject({
      chain: 'other',
      warning: expect.stringContaining('does not parse'),
    });
  });
});

describe('humanText', () => {
  it('removes an OSC 8 hyperlink and an ANSI colour, keeping only the visible words', () => {
    expect(humanText('\u001b]8;;https://evil\u0007click\u001b]8;;\u0007 me')).toBe('click me');
    expect(humanText('\u001b[31mred\u001b[0m alert')).toBe('red alert');
    expect(humanText('\u009d8;;https://evil\u009cclick\u009d8;;\u009c \u009b1mbold')).toBe('click bold');
  });

  it('replaces other C0, DEL, C1 and bidi override characters and collapses whitespace', () => {
    expect(humanText('  a\tb\r\n\nc\u0000d\u007fe\u0085f\u202eg  ')).toBe('a b c d e f g');
  });

  it('returns null when nothing printable is left', () => {
    expect(humanText('\u001b[2J\u0007 \n')).toBeNull();
    expect(humanText('')).toBeNull();
    expect(humanText(null)).toBeNull();
  });

  it(`cuts text to ${MAX_TEXT_LENGTH} characters with an ellipsis, never inside an emoji`, () => {
    const cut = humanText(`${'x'.repeat(MAX_TEXT_LENGTH - 2)}🙂🙂🙂`);
    expect(cut).toBe(`${'x'.repeat(MAX_TEXT_LENGTH - 2)}🙂…`);
    expect(humanText('y'.repeat(MAX_TEXT_LENGTH))).toBe('y'.repeat(MAX_TEXT_LENGTH));
  });
});
