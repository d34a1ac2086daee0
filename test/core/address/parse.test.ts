import { describe, expect, it } from 'vitest';
import type { InvalidAddress } from '../../../src/core/index.js';
import { extractAddresses, parseAddress } from '../../../src/core/index.js';

function rejection(input: string): InvalidAddress {
  const result = parseAddress(input);
  if (result.ok) throw new Error(`expected ${input} to be rejected, got ${result.value.key}`);
  return result.error;
}

const EVM = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

const ANY_HINT_TEXT =
  'Send an address such as 0x… (EVM), bc1…/1…/3… (Bitcoin), T… (Tron), a Solana base58 key, ' +
  'L…/M…/ltc1… (Litecoin), bitcoincash:q… (Bitcoin Cash), D… (Dogecoin) or UQ…/EQ… (TON).';

describe('parseAddress: EVM', () => {
  it('accepts all-lowercase and all-uppercase hex and displays the EIP-55 form', () => {
    for (const input of [
      EVM.toLowerCase(),
      `0x${EVM.slice(2).toUpperCase()}`,
      `0X${EVM.slice(2).toLowerCase()}`,
    ]) {
      expect(parseAddress(input)).toEqual({
        ok: true,
        value: { chain: 'evm', key: EVM.toLowerCase(), display: EVM, network: 'mainnet', kind: 'account' },
      });
    }
  });

  it('rejects a wrong mixed-case checksum and suggests the checksummed form', () => {
    const tampered = `${EVM.slice(0, -1)}D`;
    expect(rejection(tampered)).toEqual({
      code: 'invalid-address',
      input: tampered,
      reason: `checksum mismatch, did you mean ${EVM}?`,
      hint: 'An EVM address is 0x followed by 40 hex characters, e.g. 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.',
    });
  });

  it('counts the hex characters when the length is wrong', () => {
    expect(rejection(EVM.slice(0, -1)).reason).toBe('has 39 hex characters after 0x, an EVM address has 40');
    expect(rejection(`${EVM}a`).reason).toBe('has 41 hex characters after 0x, an EVM address has 40');
    expect(rejection('0x').reason).toBe('has 0 hex characters after 0x, an EVM address has 40');
  });

  it('says when a 0x string is a transaction hash', () => {
    const txHash = `0x${'ab'.repeat(32)}`;
    expect(rejection(txHash).reason).toBe(
      'has 64 hex characters after 0x, an EVM address has 40 (64 hex characters is a transaction hash, not an address)',
    );
  });

  it('names the first character that is not hex', () => {
    expect(rejection(`0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg`).reason).toBe(
      'contains "g", which is not a hex character (0-9, a-f)',
    );
    expect(rejection('0x5aAeb6053F3E94C9b9A09f3366 9435E7Ef1BeAed').reason).toBe(
      'contains U+0020, which is not a hex character (0-9, a-f)',
    );
  });

  it('asks for the 0x prefix on 40 bare hex characters', () => {
    const error = rejection(EVM.slice(2));
    expect(error.reason).toBe(
      `is 40 hex characters without the 0x prefix; if it is an EVM address, send ${EVM}`,
    );
    expect(error.hint).toContain('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
  });

  it('unwraps ethereum: payment links (EIP-681)', () => {
    for (const uri of [
      `ethereum:${EVM}`,
      `ethereum:${EVM}@1`,
      `ethereum:pay-${EVM}@137/transfer?address=0x0000000000000000000000000000000000000001&uint256=1`,
      `ETHEREUM:${EVM.toLowerCase()}?value=1e18`,
    ]) {
      expect(parseAddress(uri)).toMatchObject({ ok: true, value: { key: EVM.toLowerCase(), display: EVM } });
    }
    expect(rejection('ethereum:vitalik.eth').reason).toBe('is an ethereum: link without a 0x address in it');
  });
});

describe('parseAddress: Bitcoin', () => {
  it.each([
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'p2pkh', 'mainnet'],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'p2sh', 'mainnet'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'p2wpkh', 'mainnet'],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'p2tr', 'mainnet'],
    ['mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'p2pkh', 'testnet'],
    ['n3GNqMveyvaPvUbH469vDRadqpJMPc84JA', 'p2pkh', 'testnet'],
    ['2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'p2sh', 'testnet'],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'p2wsh', 'testnet'],
    ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', 'p2tr', 'testnet'],
  ])('recognises %s as %s on %s', (address, kind, network) => {
    const result = parseAddress(address);
    expect(result).toMatchObject({
      ok: true,
      value: { chain: 'bitcoin', key: address, display: address, network, kind },
    });
    // A legacy (base58) Bitcoin address is also a Bitcoin Cash address; segwit ones are not (issue 17).
    const cash = result.ok ? (result.value.otherForms ?? []).map((f) => f.chain) : [];
    expect(cash).toEqual(/^[13mn2]/.test(address) ? ['bitcoin-cash'] : []);
  });

  it('lower-cases an upper-case bech32 address (QR codes use upper case)', () => {
    expect(parseAddress('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toMatchObject({
      ok: true,
      value: {
        key: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
        display: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      },
    });
  });

  // BIP-350 makes witness versions 2-16 valid addresses although no script uses them yet; they are
  // accepted (a scam post may contain one and it must be screenable), with a kind that says so.
  it('accepts future witness versions 2-16 as witness-vN, and a non-32-byte version 1 program as witness-v1', () => {
    expect(parseAddress('bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs')).toMatchObject({
      ok: true,
      value: { kind: 'witness-v2', network: 'mainnet' },
    });
    expect(parseAddress('BC1SW50QGDZ25J')).toMatchObject({ ok: true, value: { kind: 'witness-v16' } });
    expect(
      parseAddress('bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y'),
    ).toMatchObject({ ok: true, value: { kind: 'witness-v1' } });
  });

  it('names a bad base58 checksum', () => {
    expect(rejection('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb').reason).toBe(
      'checksum does not match: a character is wrong, missing or swapped',
    );
  });

  it('names characters base58 never uses', () => {
    expect(rejection('1A1zP1eP5QGefi2DMPTfTL5SLmv7Div0Na').reason).toBe(
      'contains "0", which base58 addresses never use (no 0, O, I or l)',
    );
  });

  it('names the coin when the address belongs to another chain', () => {
    // Litecoin was named here until issue 17 made it a screened chain; Dash is not screened.
    expect(rejection('XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rt').reason).toBe(
      'is a Dash address (X…), which Chainwarden does not check',
    );
    expect(parseAddress('LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9')).toMatchObject({
      ok: true,
      value: { chain: 'litecoin' },
    });
    expect(parseAddress('ltc1qhdhvrwe6rgqns8fz28tee0hphr5x7ulw5exv4w')).toMatchObject({
      ok: true,
      value: { chain: 'litecoin' },
    });
    expect(rejection('bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080').reason).toMatch(
      /^is a Bitcoin regtest address/,
    );
  });

  it('says which coin a mistyped address of another chain resembles', () => {
    // The Dash address above with its last character changed.
    expect(rejection('XdogDs5nTXP7rtgPMTE8jtXtRSMLEmQ1rs').reason).toBe(
      'looks like a Dash address (X…), but its checksum does not match: a character is wrong, missing or swapped',
    );
    // A mistyped Litecoin address gets the checksum reason and a Litecoin example.
    expect(rejection('LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH8')).toMatchObject({
      reason: 'checksum does not match: a character is wrong, missing or swapped',
      hint: expect.stringContaining('A Litecoin address looks like'),
    });
  });

  it('unwraps bitcoin: payment links (BIP-21) and refuses other chains inside them', () => {
    expect(
      parseAddress('bitcoin:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.01&label=Donation'),
    ).toMatchObject({ ok: true, value: { key: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' } });
    expect(rejection('bitcoin:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t').reason).toBe(
      'is a bitcoin: link, but the address in it is not a bitcoin address',
    );
    expect(rejection('bitcoin:?amount=1').reason).toBe('is a bitcoin: link without an address in it');
  });
});

describe('parseAddress: Tron', () => {
  it('recognises a Tron address', () => {
    expect(parseAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toEqual({
      ok: true,
      value: {
        chain: 'tron',
        key: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
        display: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
        network: 'mainnet',
        kind: 'account',
      },
    });
  });

  it('names a bad checksum with a Tron example', () => {
    const error = rejection('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u');
    expect(error.reason).toBe('checksum does not match: a character is wrong, missing or swapped');
    expect(error.hint).toBe(
      'A Tron address is 34 base58 characters starting with T, e.g. TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t.',
    );
  });

  it('names a missing character', () => {
    expect(rejection('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6').reason).toBe(
      'is 33 characters long, a Tron address has 34',
    );
  });
});

describe('parseAddress: Solana', () => {
  it.each([
    'So11111111111111111111111111111111111111112',
    'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
    '11111111111111111111111111111111',
  ])('recognises %s', (address) => {
    expect(parseAddress(address)).toEqual({
      ok: true,
      value: { chain: 'solana', key: address, display: address, network: 'mainnet', kind: 'account' },
    });
  });

  it('takes a 32-byte key that starts with T for Solana, not Tron', () => {
    expect(parseAddress('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA')).toMatchObject({
      ok: true,
      value: { chain: 'solana' },
    });
  });

  it('says how many bytes a Solana-looking string carries', () => {
    const error = rejection('So1111111111111111111111111111111111111');
    expect(error.reason).toBe('decodes to 29 bytes, a Solana address to 32');
    expect(error.hint).toContain('So11111111111111111111111111111111111111112');
  });
});

describe('parseAddress: cleaning and unrecognised input', () => {
  it('trims whitespace, drops zero-width characters and one layer of quoting', () => {
    for (const input of [
      `  ${EVM}\n`,
      `\u200B${EVM.slice(0, 10)}\u200C${EVM.slice(10, 30)}\u2060\u200D${EVM.slice(30)}\uFEFF`,
      `\`${EVM}\``,
      `"${EVM}"`,
      `<${EVM}>`,
    ]) {
      expect(parseAddress(input)).toMatchObject({ ok: true, value: { display: EVM } });
    }
  });

  it('says an empty input is empty and lists the valid forms', () => {
    for (const input of ['', '   ', '\u200B\u200B']) {
      expect(rejection(input)).toMatchObject({
        reason: 'is empty: no address was given',
        hint: ANY_HINT_TEXT,
      });
    }
  });

  it('says what unrecognised text is not', () => {
    expect(rejection('hello there')).toMatchObject({
      reason: 'is not an EVM, Bitcoin, Tron, Solana, Litecoin, Bitcoin Cash, Dogecoin or TON address',
      hint: ANY_HINT_TEXT,
    });
  });

  it('explains that names such as ENS are not resolved', () => {
    expect(rejection('vitalik.eth').reason).toBe(
      'is a name (ENS or similar), not an address; names are not resolved, send the address it points to',
    );
  });

  it('rejects a huge input without echoing all of it back', () => {
    const error = rejection('a'.repeat(100_000));
    expect(error.reason).toBe('is 100000 characters long, far longer than any address');
    expect(error.input.length).toBeLessThanOrEqual(201);
  });

  it('gives hints whose examples are themselves valid addresses of that chain', () => {
    const hints = {
      evm: rejection('0x12').hint,
      bitcoin: rejection('bc1qqqqq').hint,
      tron: rejection('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u').hint,
      solana: rejection('So1111111111111111111111111111111111111').hint,
    };
    for (const [chain, hint] of Object.entries(hints)) {
      const examples = extractAddresses(hint);
      expect(examples.length, hint).toBeGreaterThan(0);
      for (const example of examples) expect(example.chain).toBe(chain);
    }
    expect(extractAddresses(hints.bitcoin).map((a) => a.kind)).toEqual(['p2wpkh', 'p2pkh', 'p2sh']);
  });
});
