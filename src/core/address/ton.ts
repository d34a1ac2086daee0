import { Address } from '@ton/core';
import type { InvalidAddress, ParsedAddress, Result } from '../types.js';
import { ok } from '../types.js';
import { TON_HINT } from './hints.js';
import { reject } from './invalid.js';
import { describeChar } from './text.js';

/**
 * TON addresses. One account has many spellings: the user-friendly form (48 characters of base64
 * or base64url: a tag byte saying bounceable `EQ…`/non-bounceable `UQ…` and testnet-only `kQ…`/
 * `0Q…`, the workchain, the 32-byte account hash and a CRC16) and the raw form `0:<64 hex>`
 * (`-1:` for the masterchain). Bounceability and the testnet flag belong to the spelling, not the
 * account, so the key is the raw form, lower case: every spelling of an account meets there.
 * The display is the non-bounceable user-friendly form, which wallets show for a wallet since
 * 2024; the reply names the bounceable and raw forms as the same account.
 *
 * @ton/core checks the friendly form (length, tag, CRC16). The raw form is checked here: its
 * `isRaw` does not anchor its hex pattern, and it reads any workchain number, while only 0 and -1
 * exist.
 */

const FRIENDLY_CHARS = /^[A-Za-z0-9+/_-]+$/;
const RAW = /^(-?\d{1,4}):(.*)$/s;
/** A raw form worth explaining: a short workchain, a colon and a long word (a time such as 12:30 is not). */
const RAW_CANDIDATE = /^-?\d{1,4}:[0-9A-Za-z]{40,80}$/;
const WORKCHAINS = new Set([0, -1]);
const BAD_CHECKSUM = 'checksum does not match: a character is wrong, missing or swapped';

/** A raw `wc:hex` form, or a 40-56 character base64 word starting like a user-friendly address. */
export function isTonCandidate(text: string): boolean {
  if (RAW_CANDIDATE.test(text)) return true;
  return text.length >= 40 && text.length <= 56 && /^[EUk0][Qf]/.test(text) && FRIENDLY_CHARS.test(text);
}

export function parseTon(candidate: string, input: string): Result<ParsedAddress, InvalidAddress> {
  const raw = RAW.exec(candidate);
  if (raw) return parseRaw(Number(raw[1]), raw[2] ?? '', input);
  if (candidate.length !== 48) {
    return reject(input, `is ${candidate.length} characters long, a TON address has 48`, TON_HINT);
  }
  const bad = /[^A-Za-z0-9+/_-]/.exec(candidate);
  if (bad) {
    return reject(input, `contains ${describeChar(bad[0])}, which a TON address never uses`, TON_HINT);
  }
  let friendly: ReturnType<typeof Address.parseFriendly>;
  try {
    friendly = Address.parseFriendly(candidate);
  } catch (error) {
    // @ton/core throws an Error for a bad checksum and a bare string for an unknown tag.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.startsWith('Invalid checksum')
      ? BAD_CHECKSUM
      : 'does not start with a TON address tag (EQ…, UQ…, or kQ…/0Q… on testnet)';
    return reject(input, reason, TON_HINT);
  }
  const workchain = friendly.address.workChain;
  if (!WORKCHAINS.has(workchain)) return reject(input, workchainReason(workchain), TON_HINT);
  return ok(tonAccount(friendly.address, friendly.isTestOnly));
}

function parseRaw(workchain: number, hex: string, input: string): Result<ParsedAddress, InvalidAddress> {
  if (!WORKCHAINS.has(workchain)) return reject(input, workchainReason(workchain), TON_HINT);
  const bad = /[^0-9a-fA-F]/.exec(hex);
  if (bad) {
    return reject(
      input,
      `contains ${describeChar(bad[0])}, which is not a hex character (0-9, a-f)`,
      TON_HINT,
    );
  }
  if (hex.length !== 64) {
    return reject(
      input,
      `has ${hex.length} hex characters after "${workchain}:", a raw TON address has 64`,
      TON_HINT,
    );
  }
  return ok(tonAccount(new Address(workchain, Buffer.from(hex, 'hex')), false));
}

function workchainReason(workchain: number): string {
  return `is on workchain ${workchain}; TON accounts are on workchain 0 (or -1, the masterchain)`;
}

function tonAccount(address: Address, testOnly: boolean): ParsedAddress {
  const key = address.toRawString().toLowerCase();
  const bounceable = address.toString({ urlSafe: true, bounceable: true, testOnly });
  return {
    chain: 'ton',
    key,
    display: address.toString({ urlSafe: true, bounceable: false, testOnly }),
    network: testOnly ? 'testnet' : 'mainnet',
    kind: 'account',
    otherForms: [
      { chain: 'ton', address: bounceable, key, form: 'bounceable' },
      { chain: 'ton', address: key, key, form: 'raw' },
    ],
  };
}

/** The mainnet non-bounceable spelling of a raw key (what people compare), or null if it is not one. */
export function tonFriendly(key: string): string | null {
  const raw = RAW.exec(key);
  if (!raw || !/^[0-9a-f]{64}$/.test(raw[2] ?? '') || !WORKCHAINS.has(Number(raw[1]))) return null;
  const address = new Address(Number(raw[1]), Buffer.from(raw[2] ?? '', 'hex'));
  return address.toString({ urlSafe: true, bounceable: false });
}
