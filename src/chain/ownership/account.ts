/**
 * Account chains: EVM personal_sign (EIP-191), TRON signMessageV2 and Solana ed25519. EVM and
 * TRON recover the signer's secp256k1 key with ethers and compare its address; Solana's address is
 * the ed25519 public key itself, so the signature is verified against it (@noble/curves).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import bs58 from 'bs58';
import bs58check from 'bs58check';
import { keccak256 } from 'ethers/crypto';
import { verifyMessage } from 'ethers/hash';
import { recoverAddress } from 'ethers/transaction';
import { concat, decodeBase64, getBytes, toUtf8Bytes } from 'ethers/utils';
import { err, ok, type ParsedAddress, type SignatureCheck } from '../../core/index.js';

const HEX_SIGNATURE = /^(0x)?([0-9a-fA-F]{130})$/;

const badSignature = (reason: string, hint: string): SignatureCheck =>
  err({ code: 'invalid-signature', reason: `the signature ${reason}`, hint });

/** A 65-byte r‖s‖v signature in hex, as wallets return it; null when it is not one. */
function hexSignature(signature: string): string | null {
  const match = HEX_SIGNATURE.exec(signature.trim());
  return match ? `0x${match[2]}` : null;
}

const EVM_HINT =
  'An EVM signature is 0x followed by 130 hex characters (65 bytes), as personal_sign or the wallet’s “Sign message” returns it.';

/** EIP-191 personal_sign: "\x19Ethereum Signed Message:\n" + length + message, keccak256, recover. */
export function verifyEvm(address: ParsedAddress, message: string, signature: string): SignatureCheck {
  const hex = hexSignature(signature);
  if (hex === null) return badSignature('is not a 65-byte hex signature', EVM_HINT);
  let signer: string;
  try {
    signer = verifyMessage(message, hex);
  } catch {
    return badSignature('is not a valid secp256k1 signature (bad r, s or v)', EVM_HINT);
  }
  if (signer.toLowerCase() === address.key.toLowerCase()) return ok({ valid: true, method: 'eip191' });
  return ok({
    valid: false,
    method: 'eip191',
    reason: `The message was signed by ${signer}, not by this address (or the message differs from what was signed).`,
  });
}

const TRON_MESSAGE_PREFIX = '\x19TRON Signed Message:\n';
const TRON_HINT =
  'A TRON signature is 130 hex characters (65 bytes, 0x optional), as TronLink’s signMessageV2 returns it.';

/**
 * TRON signMessageV2 (TronWeb utils/message.ts): keccak256("\x19TRON Signed Message:\n" + byte
 * length + message), secp256k1 recovery as in Ethereum, then the address is 0x41 + the 20-byte
 * account id in base58check. ethers does all of it; TronWeb itself is not needed.
 */
export function tronMessageHash(message: string): string {
  const bytes = toUtf8Bytes(message);
  return keccak256(concat([toUtf8Bytes(TRON_MESSAGE_PREFIX), toUtf8Bytes(String(bytes.length)), bytes]));
}

export function tronAddressOf(evmAddress: string): string {
  return bs58check.encode(getBytes(`0x41${evmAddress.slice(2)}`));
}

export function verifyTron(address: ParsedAddress, message: string, signature: string): SignatureCheck {
  const hex = hexSignature(signature);
  if (hex === null) return badSignature('is not a 65-byte hex signature', TRON_HINT);
  let signer: string;
  try {
    signer = tronAddressOf(recoverAddress(tronMessageHash(message), hex));
  } catch {
    return badSignature('is not a valid secp256k1 signature (bad r, s or v)', TRON_HINT);
  }
  if (signer === address.key) return ok({ valid: true, method: 'tron-v2' });
  return ok({
    valid: false,
    method: 'tron-v2',
    reason: `The message was signed by ${signer}, not by this address (or the message differs from what was signed, or it was signed with the older signMessage, not signMessageV2).`,
  });
}

const SOLANA_HINT =
  'A Solana signature is 64 bytes: base58 (87-88 characters, as Phantom and Solflare show it), base64 or 128 hex characters.';

/** 64 signature bytes from base58, hex or base64 (wallets and tools differ); null when none fits. */
function solanaSignatureBytes(signature: string): Uint8Array | null {
  const text = signature.trim();
  if (/^(0x)?[0-9a-fA-F]{128}$/.test(text)) return getBytes(text.startsWith('0x') ? text : `0x${text}`);
  if (/^[1-9A-HJ-NP-Za-km-z]{80,90}$/.test(text)) {
    const bytes = bs58.decodeUnsafe(text);
    if (bytes?.length === 64) return bytes;
  }
  if (/^[A-Za-z0-9+/]{86}={0,2}$/.test(text)) {
    const bytes = decodeBase64(text);
    if (bytes.length === 64) return bytes;
  }
  return null;
}

/** Solana: the wallet's signMessage signs the message's UTF-8 bytes with the account's ed25519 key. */
export function verifySolana(address: ParsedAddress, message: string, signature: string): SignatureCheck {
  const bytes = solanaSignatureBytes(signature);
  if (bytes === null) return badSignature('is not a 64-byte ed25519 signature', SOLANA_HINT);
  const publicKey = bs58.decode(address.key);
  let valid = false;
  try {
    valid = ed25519.verify(bytes, toUtf8Bytes(message), publicKey);
  } catch {
    valid = false;
  }
  return ok(
    valid
      ? { valid: true, method: 'solana-ed25519' }
      : {
          valid: false,
          method: 'solana-ed25519',
          reason:
            'The signature does not verify for this address’s key: it was made by another key, or over another message.',
        },
  );
}
