/**
 * `verifyOwnership({ address, message, signature })`: does this signature prove that whoever holds
 * the address's key signed this message? Pure: no chain node, no storage. The scheme follows from
 * the address's chain (EIP-191 for EVM, BIP-322 or BIP-137 for Bitcoin, signMessageV2 for TRON,
 * ed25519 for Solana); `valid: false` means a well-formed signature by someone else or over other
 * text, an error means the input is not a proof at all.
 */
import { parseUserAddress, unsafeCharacter } from '../input.js';
import { err, ok, type ParsedAddress, type Result } from '../types.js';
import type { SignatureCheck } from './account.js';
import {
  MAX_SIGNATURE_LENGTH,
  MAX_SIGNED_MESSAGE_LENGTH,
  OWNERSHIP_CHAINS,
  type OwnershipError,
  type OwnershipProof,
  type OwnershipVerdict,
} from './model.js';

type Verifier = (address: ParsedAddress, message: string, signature: string) => SignatureCheck;

type Verifiers = Record<(typeof OWNERSHIP_CHAINS)[number], Verifier>;
let verifiers: Promise<Verifiers> | null = null;

/**
 * The signature schemes (ethers' hashing and recovery, bitcoinjs' transactions) load on the first
 * proof, not at start: a service that never verifies one does not hold them in memory.
 */
function loadVerifiers(): Promise<Verifiers> {
  verifiers ??= Promise.all([import('./account.js'), import('./bitcoin.js')]).then(([account, bitcoin]) => ({
    evm: account.verifyEvm,
    bitcoin: bitcoin.verifyBitcoin,
    tron: account.verifyTron,
    solana: account.verifySolana,
  }));
  return verifiers;
}

const isOwnershipChain = (chain: string): chain is (typeof OWNERSHIP_CHAINS)[number] =>
  (OWNERSHIP_CHAINS as readonly string[]).includes(chain);

export async function verifyOwnership(
  proof: OwnershipProof,
): Promise<Result<OwnershipVerdict, OwnershipError>> {
  const parsed = parseUserAddress(proof.address);
  if (!parsed.ok) return parsed;
  const address = parsed.value;
  if (!isOwnershipChain(address.chain)) {
    return err({
      code: 'unsupported-chain',
      chain: address.chain,
      reason: `ownership proofs are not verified for ${address.chain} addresses yet`,
      hint: `Signatures are verified for ${OWNERSHIP_CHAINS.join(', ')} addresses.`,
    });
  }
  const message = proof.message;
  if (message.length > MAX_SIGNED_MESSAGE_LENGTH) {
    return err({
      code: 'invalid-message',
      reason: `the message is ${message.length} characters long`,
      hint: `Send the exact text that was signed (at most ${MAX_SIGNED_MESSAGE_LENGTH} characters), line breaks included.`,
    });
  }
  const unsafe = unsafeCharacter(message.replace(/[\n\r\t]/g, ''));
  if (unsafe !== null) {
    return err({
      code: 'invalid-message',
      reason: `the message contains ${unsafe}`,
      hint: 'Send the exact text that was signed; it holds no control characters other than line breaks.',
    });
  }
  const signature = proof.signature.trim();
  if (signature.length === 0 || signature.length > MAX_SIGNATURE_LENGTH) {
    return err({
      code: 'invalid-signature',
      reason: signature.length === 0 ? 'the signature is empty' : 'the signature is far too long',
      hint: 'Paste the signature exactly as the wallet shows it after “Sign message”.',
    });
  }
  const checked = (await loadVerifiers())[address.chain](address, message, signature);
  if (!checked.ok) return checked;
  return ok({ ...checked.value, address: address.display, chain: address.chain });
}
