/**
 * What an ownership proof is: an address, the message its owner signed in their wallet, and the
 * signature; what verifying it says (`valid` and the scheme used), and the expected failures (an
 * input that is not a proof at all), each with a reason and a hint written for the person who
 * pasted it.
 */
import type { Chain, InvalidAddress, Result } from '../types.js';

/** Signature schemes verified, one per wallet convention (stable API: add, never rename). */
export const OWNERSHIP_METHODS = [
  'eip191',
  'bip322-simple',
  'bip322-full',
  'bip137',
  'tron-v2',
  'solana-ed25519',
] as const;
export type OwnershipMethod = (typeof OWNERSHIP_METHODS)[number];

/** Chains whose wallets' message signatures are verified. */
export const OWNERSHIP_CHAINS = ['evm', 'bitcoin', 'tron', 'solana'] as const satisfies readonly Chain[];
export type OwnershipChain = (typeof OWNERSHIP_CHAINS)[number];

export interface OwnershipProof {
  address: string;
  message: string;
  signature: string;
}

export interface OwnershipVerdict {
  /** The signature is a well-formed signature of `message` by the key controlling `address`. */
  valid: boolean;
  method: OwnershipMethod;
  /** The address as a person should copy it (EIP-55 for EVM). */
  address: string;
  chain: Chain;
  /** When not valid: why, in words (e.g. "signed by 0xAb…, not by this address"). */
  reason?: string;
}

/**
 * `invalid-signature`: not a signature this chain's wallets make (bad encoding, length, header);
 * `unsupported-signature`: a well-formed proof this verifier cannot check (a script needing a full
 * interpreter, a proof of funds needing the UTXO set); `unsupported-chain`: no wallet signature
 * scheme is verified for that chain; `invalid-message`: empty or too long.
 */
export type OwnershipError =
  | InvalidAddress
  | { code: 'invalid-signature'; reason: string; hint: string }
  | { code: 'unsupported-signature'; reason: string; hint: string }
  | { code: 'unsupported-chain'; chain: Chain; reason: string; hint: string }
  | { code: 'invalid-message'; reason: string; hint: string };

/** Longest message verified: a challenge is a few lines; a wallet shows the whole text before signing. */
export const MAX_SIGNED_MESSAGE_LENGTH = 2000;
/** Longest signature accepted (a BIP-322 full multisig proof is under 1 kB in base64). */
export const MAX_SIGNATURE_LENGTH = 4000;

/**
 * What a chain's signature scheme says of one proof (the `SignatureVerifier` port): valid or
 * not, by which method; an error when the signature is not one that chain's wallets make, or one
 * that cannot be checked here.
 */
export type SignatureCheck = Result<
  { valid: boolean; method: OwnershipMethod; reason?: string },
  Extract<OwnershipError, { code: 'invalid-signature' | 'unsupported-signature' }>
>;
