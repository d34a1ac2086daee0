/**
 * Litecoin, Bitcoin Cash, Dogecoin and TON (issue 17), against real test suites' vectors
 * (test/fixtures/address-vectors/PROVENANCE.md).
 */
import { describe, expect, it } from 'vitest';
import type { ParsedAddress } from '../../../src/core/index.js';
import {
  describeOtherForms,
  extractAddresses,
  parseAddress,
  parseAddressOn,
  scanText,
} from '../../../src/core/index.js';
import bch from '../../fixtures/address-vectors/bitcoin-cash/bch-address-vectors.json' with { type: 'json' };
import ofacBch from '../../fixtures/address-vectors/bitcoin-cash/ofac-bch-cross-format.json' with {
  type: 'json',
};
import doge from '../../fixtures/address-vectors/dogecoin/dogecoin-address-vectors.json' with {
  type: 'json',
};
import ltcInvalid from '../../fixtures/address-vectors/litecoin/key_io_invalid.json' with { type: 'json' };
import ltcValid from '../../fixtures/address-vectors/litecoin/key_io_valid.json' with { type: 'json' };
import ton from '../../fixtures/address-vectors/ton/ton-core-address-vectors.json' with { type: 'json' };

function parsed(input: string): ParsedAddress {
  const result = parseAddress(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.error.reason}`);
  return result.value;
}

function rejected(input: string) {
  const result = parseAddress(input);
  if (result.ok)
    throw new Error(`expected ${input} to be rejected, got ${result.value.chain} ${result.value.key}`);
  return result.error;
}

type KeyIo = [string, string, { chain: string; isPrivkey: boolean; tryCaseFlip?: boolean }];
const ltcAddresses = (ltcValid as KeyIo[]).filter(([, , meta]) => !meta.isPrivkey);

describe('Litecoin (Litecoin Core key_io vectors)', () => {
  const mainAndTest = ltcAddresses.filter(
    ([address, , { chain }]) => chain !== 'regtest' && !/^[mn]/.test(address),
  );
  it.each(mainAndTest)('accepts %s as Litecoin', (address, script, { chain }) => {
    const value = parsed(address);
    expect(value).toMatchObject({ chain: 'litecoin', network: chain === 'main' ? 'mainnet' : 'testnet' });
    // bech32 is keyed lower case; base58 as written.
    expect(value.key).toBe(/^t?ltc1/i.test(address) ? address.toLowerCase() : address);
    // The script says the kind: 76a9 P2PKH, a914 P2SH, 00 witness v0, 51.. v1+.
    const expected = script.startsWith('76a9')
      ? 'p2pkh'
      : script.startsWith('a914')
        ? 'p2sh'
        : /^00/.test(script)
          ? /^0014/.test(script)
            ? 'p2wpkh'
            : 'p2wsh'
          : null;
    if (expected) expect(value.kind).toBe(expected);
  });

  it.each(mainAndTest.filter(([, , meta]) => meta.tryCaseFlip))('accepts %s in upper case too', (address) => {
    expect(parsed(address.toUpperCase()).key).toBe(address.toLowerCase());
  });

  it('reads testnet m…/n… strings as Bitcoin testnet: Litecoin testnet shares the version byte', () => {
    for (const [address] of ltcAddresses.filter(([a, , { chain }]) => chain === 'test' && /^[mn]/.test(a))) {
      expect(parsed(address)).toMatchObject({ chain: 'bitcoin', network: 'testnet' });
      expect(parseAddressOn(address, 'litecoin')).toMatchObject({ ok: true, value: { chain: 'litecoin' } });
    }
  });

  it('names regtest addresses instead of accepting them', () => {
    for (const [address] of ltcAddresses.filter(
      ([a, , { chain }]) => chain === 'regtest' && /^rltc1/.test(a),
    )) {
      expect(rejected(address).reason).toMatch(/^is a Litecoin regtest address/);
    }
  });

  it('rejects all 70 invalid strings, 60 of which have valid checksums, as Litecoin', () => {
    const acceptedElsewhere: string[] = [];
    for (const [input] of ltcInvalid as [string][]) {
      const result = parseAddress(input);
      if (!result.ok) {
        expect(result.error.reason.length).toBeGreaterThan(0);
        continue;
      }
      expect(result.value.chain, input).not.toBe('litecoin');
      acceptedElsewhere.push(`${result.value.chain} ${input}`);
    }
    // Nor as any other chain (an upper-case LTC1… was once read as a Solana key).
    expect(acceptedElsewhere).toEqual([]);
  });

  it('keys a Litecoin 3… script on its M… form, where the chain is said, and names both', () => {
    const modern = parsed('litecoin:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
    expect(modern).toMatchObject({
      chain: 'litecoin',
      kind: 'p2sh',
      key: 'MQMHBtvnBfxTzt3K2bdxgSE7qZPHSXWsGM',
    });
    expect(parsed('MQMHBtvnBfxTzt3K2bdxgSE7qZPHSXWsGM').key).toBe(modern.key);
    // Alone, a 3… string is Bitcoin (what nearly everyone means by it).
    expect(parsed('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy').chain).toBe('bitcoin');
  });

  it('answers the issue example: LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9 is a Litecoin address', () => {
    expect(parsed('LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9')).toEqual({
      chain: 'litecoin',
      key: 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      display: 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9',
      network: 'mainnet',
      kind: 'p2pkh',
    });
  });

  it('names MWEB addresses as a Litecoin kind it cannot check', () => {
    expect(
      rejected(
        'ltcmweb1qqt9rwznnxzkghv4s5wgtwxs0m0ry6n3atp95f47slppapxljde3xyqmdlnrc8ag7y7k354jzdnatm74jd7xvqgj0mm4vd4w9fxf4q3vsjmrsxlprc',
      ).reason,
    ).toMatch(/Litecoin MWEB/);
  });
});

describe('Bitcoin Cash (bchaddrjs and cashaddrjs vectors)', () => {
  const triples = bch.bchaddrjs.equivalent_triples;

  it.each(triples)('keys $cashaddr, its prefix-less and legacy forms on one hash', (t) => {
    const network = t.network === 'mainnet' ? 'mainnet' : 'testnet';
    const kind = t.type === 'P2PKH' ? 'p2pkh' : 'p2sh';
    const cash = parsed(t.cashaddr);
    expect(cash).toMatchObject({
      chain: 'bitcoin-cash',
      key: t.cashaddr,
      display: t.cashaddr,
      network,
      kind,
    });
    expect(parsed(t.cashaddr_no_prefix).key).toBe(t.cashaddr);
    expect(parsed(t.cashaddr.toUpperCase()).key).toBe(t.cashaddr);
    expect(cash.otherForms).toEqual([
      { chain: 'bitcoin-cash', address: t.legacy, key: t.cashaddr, form: 'legacy' },
    ]);
    // The legacy string alone is Bitcoin, and carries its Bitcoin Cash reading.
    const legacy = parsed(t.legacy);
    expect(legacy).toMatchObject({ chain: 'bitcoin', key: t.legacy });
    expect(legacy.otherForms).toEqual([
      { chain: 'bitcoin-cash', address: t.cashaddr, key: t.cashaddr, form: 'cashaddr' },
    ]);
    // Where the chain is said (an OFAC BCH entry, a bitcoincash: link), it is that Bitcoin Cash address.
    expect(parseAddressOn(t.legacy, 'bitcoin-cash')).toMatchObject({ ok: true, value: { key: t.cashaddr } });
  });

  it('names retired BitPay-format addresses', () => {
    const bitpay = triples.find((t) => t.network === 'mainnet')?.bitpay ?? '';
    expect(rejected(bitpay).reason).toMatch(/BitPay-format Bitcoin Cash address/);
  });

  it.each(bch.cashaddrjs.valid)(
    'accepts the CashAddr specification example $cashaddr',
    ({ cashaddr, type }) => {
      expect(parsed(cashaddr)).toMatchObject({ chain: 'bitcoin-cash', kind: type.toLowerCase() });
    },
  );

  it('accepts the all-upper-case form and refuses mixed case with that reason', () => {
    const { lower, upper } = bch.cashaddrjs.case_insensitive_valid;
    expect(parsed(upper).key).toBe(lower);
    for (const { string } of bch.cashaddrjs.invalid.filter((v) => v.reason.includes('mixed'))) {
      expect(rejected(string).reason).toMatch(/^mixes upper and lower case/);
    }
  });

  it('accepts a token-aware z… address (CashTokens, 2023) on the key of its q… twin', () => {
    const [token] = bch.cashaddrjs.invalid.filter((v) => v.string.includes(':z'));
    expect(parsed(token?.string ?? '').key).toBe('bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a');
  });

  it('says a mistyped CashAddr has a bad checksum, with a Bitcoin Cash example', () => {
    expect(rejected('bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b')).toMatchObject({
      reason: expect.stringContaining('"b"'),
      hint: expect.stringContaining('A Bitcoin Cash address looks like'),
    });
    expect(rejected('qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6c')).toMatchObject({
      reason: 'checksum does not match: a character is wrong, missing or swapped',
      hint: expect.stringContaining('Bitcoin Cash'),
    });
  });

  it.each(bch.bchaddrjs.invalid)('rejects $string', ({ string }) => {
    expect(parseAddress(string).ok).toBe(false);
  });

  it.each(ofacBch.entries)("matches OFAC's $as_listed in both of its forms", (entry) => {
    const listed = parseAddressOn(entry.as_listed, 'bitcoin-cash');
    expect(listed).toMatchObject({ ok: true, value: { chain: 'bitcoin-cash', key: entry.cashaddr } });
    expect(parsed(entry.cashaddr).key).toBe(entry.cashaddr);
    expect(parseAddressOn(entry.legacy, 'bitcoin-cash')).toMatchObject({
      ok: true,
      value: { key: entry.cashaddr },
    });
  });

  it('says a legacy string is also a Bitcoin Cash address, and a CashAddr its legacy form', () => {
    const legacy = parsed('18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB');
    expect(describeOtherForms({ ...legacy })).toBe(
      'Also a Bitcoin Cash address: bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay.',
    );
    const cash = parsed('qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay');
    expect(describeOtherForms(cash)).toBe(
      'Same address as 18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB (legacy form).',
    );
  });
});

describe('Dogecoin (Dogecoin Core and libdogecoin vectors)', () => {
  const base58 = doge.dogecoin_core_key_io_valid.entries.filter((e) => !('hrp' in e));

  it.each(base58.filter((e) => e.version_byte !== 196))('accepts $address', (entry) => {
    expect(parsed(entry.address)).toMatchObject({
      chain: 'dogecoin',
      key: entry.address,
      network: entry.chain === 'main' ? 'mainnet' : 'testnet',
      kind: entry.kind.toLowerCase(),
    });
  });

  it('reads testnet 2… scripts as Bitcoin testnet unless the chain is said: the version byte is shared', () => {
    for (const entry of base58.filter((e) => e.version_byte === 196)) {
      expect(parsed(entry.address).chain).toBe('bitcoin');
      expect(parseAddressOn(entry.address, 'dogecoin')).toMatchObject({
        ok: true,
        value: { chain: 'dogecoin' },
      });
    }
  });

  it.each(doge.libdogecoin.valid)('accepts libdogecoin $address', ({ address }) => {
    expect(parsed(address).chain).toBe('dogecoin');
  });

  it.each(doge.libdogecoin.invalid)(
    'rejects $address with a checksum reason and a Dogecoin example',
    ({ address }) => {
      const error = rejected(address);
      expect(error.hint).toContain('A Dogecoin address looks like');
    },
  );

  it('says dg1… segwit addresses come from an unreleased version', () => {
    for (const entry of doge.dogecoin_core_key_io_valid.entries.filter((e) => 'hrp' in e)) {
      expect(rejected(entry.address).hint).toContain('Dogecoin');
    }
    expect(rejected('dg1qw508d6qejxtdg4y5r3zarvary0c5xw7k2npgug').reason).toMatch(/unreleased version/);
  });
});

describe('TON (ton-core vectors)', () => {
  const account = ton.friendly_valid[0]?.raw ?? '';

  it.each(ton.friendly_valid)('reads $string as the account $raw', (entry) => {
    const value = parsed(entry.string);
    expect(value).toMatchObject({
      chain: 'ton',
      key: entry.raw,
      network: entry.test_only ? 'testnet' : 'mainnet',
      // Shown non-bounceable, URL-safe, whatever was typed.
      display: entry.test_only
        ? '0QAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4-QO'
        : 'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E',
    });
  });

  it.each(ton.raw_valid)('reads the raw form $string', ({ string, workchain }) => {
    expect(parsed(string)).toMatchObject({ chain: 'ton', key: string, network: 'mainnet' });
    expect(parsed(string).key.startsWith(`${workchain}:`)).toBe(true);
  });

  it('reads every derived form to its raw key', () => {
    for (const entry of ton.derived_here) {
      if ('raw' in entry) expect(parsed(entry.string).key).toBe(entry.raw);
      else
        expect(rejected(entry.string).reason).toBe(
          'checksum does not match: a character is wrong, missing or swapped',
        );
    }
  });

  it.each(ton.invalid.filter((v) => !v.string.startsWith('ton://transfer/')))(
    'rejects $string ($note)',
    ({ string }) => {
      expect(parseAddress(string).ok).toBe(false);
    },
  );

  it('unwraps ton://transfer/ links, which ton-core refuses (a wallet deep link people paste)', () => {
    expect(parsed('ton://transfer/EQDXDCFLXgiTrjGSNVBuvKPZVYlPn3J_u96xxLas3_yoRWRk?amount=1').key).toBe(
      '0:d70c214b5e0893ae319235506ebca3d955894f9f727fbbdeb1c4b6acdffca845',
    );
  });

  it('keeps workchains apart: 0:X and -1:X are different accounts', () => {
    for (const { a, b, equal } of ton.equals) expect(parsed(a).key === parsed(b).key).toBe(equal);
  });

  it('gives precise reasons for a short raw hash and a truncated friendly address', () => {
    expect(rejected(`${account.slice(0, -2)}`).reason).toBe(
      'has 62 hex characters after "0:", a raw TON address has 64',
    );
    expect(rejected('EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJ')).toMatchObject({
      reason: 'is 47 characters long, a TON address has 48',
      hint: expect.stringContaining('A TON address is 48 characters'),
    });
    expect(rejected(`5:${'ab'.repeat(32)}`).reason).toMatch(/^is on workchain 5/);
  });

  it('says the shown form is the same account as the bounceable and raw forms', () => {
    expect(describeOtherForms(parsed(account))).toBe(
      `Same TON account as EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB (bounceable form) and ${account} (raw form).`,
    );
  });
});

describe('extraction of the new chains from chat text', () => {
  it('finds every chain in one message, in order, one per account', () => {
    const text = [
      'TON: UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E (or EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB)',
      'explorer https://tonviewer.com/EQDXDCFLXgiTrjGSNVBuvKPZVYlPn3J_u96xxLas3_yoRWRk',
      'LTC LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9, ltc1qhdhvrwe6rgqns8fz28tee0hphr5x7ulw5exv4w',
      'BCH qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay or bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay',
      'DOGE: DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S.',
    ].join('\n');
    expect(extractAddresses(text).map((a) => [a.chain, a.display])).toEqual([
      ['ton', 'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E'],
      ['ton', 'UQDXDCFLXgiTrjGSNVBuvKPZVYlPn3J_u96xxLas3_yoRTmh'],
      ['litecoin', 'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9'],
      ['litecoin', 'ltc1qhdhvrwe6rgqns8fz28tee0hphr5x7ulw5exv4w'],
      ['bitcoin-cash', 'bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay'],
      ['dogecoin', 'DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S'],
    ]);
  });

  it('does not take pieces of a found TON address for stray words to look up verbatim', () => {
    const scan = scanText(
      'pay UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E or EQDXDCFLXgiTrjGSNVBuvKPZVYlPn3J_u96xxLas3_yoRWRk',
    );
    expect(scan.addresses).toHaveLength(2);
    expect(scan.unparsed).toEqual([]);
  });
});
