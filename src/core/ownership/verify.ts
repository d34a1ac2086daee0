/**
 * `verifyOwnership({ address, message, signature }, verifier)`: does this signature prove that
 * whoever holds the address's key signed this message? No chain node, no storage. The scheme
 * follows from the address's chain (EIP-191 for EVM, BIP-322 or BIP-137 for Bitcoin,
 * signMessageV2 for TRON, ed25519 for Solana) and is the `SignatureVerifier` port's (chain code,
 * src/chain/ownership); `valid: false` means a well-formed signature by someone else or over other
 * text, an error means the input is not a proof at all.
 */
import { parseUserAddress, unsafeCharacter } from '../input.js';
import type { SignatureVerifier } from '../ports.js';
import { err, ok, type Result } from '../types.js';
import {
  MAX_SIGNATURE_LENGTH,
  MAX_SIGNED_MESSAGE_LENGTH,
  OWNERSHIP_CHAINS,
  type OwnershipChain,
  type OwnershipError,
  type OwnershipProof,
  type OwnershipVerdict,
} from './model.js';

const isOwnershipChain = (chain: string): chain is OwnershipChain =>
  (OWNERSHIP_CHAINS as readonly string[]).includes(chain);

/**
 * Checks the proof's address, message and signature length here; the signature itself is checked
 * by `verifier` (src/chain/ownership), null when the service has none wired (every proof is then
 * answered `unsupported-chain`, never valid).
 */
export async function verifyOwnership(
  proof: OwnershipProof,
  verifier: SignatureVerifier | null,
): Promise<Result<OwnershipVerdict, OwnershipError>> {
  const parsed = parseUserAddress(proof.address);
  if (!parsed.ok) return parsed;
  const address = parsed.value;
  const chain = address.chain;
  if (!isOwnershipChain(chain) || verifier === null) {
    return err({
      code: 'unsupported-chain',
      chain: address.chain,
      reason:
        verifier === null
          ? 'this service verifies no wallet signatures (no signature verifier is configured)'
          : `ownership proofs are not verified for ${address.chain} addresses yet`,
      hint:
        verifier === null
          ? 'Ask the operator of this service to enable signature verification.'
          : `Signatures are verified for ${OWNERSHIP_CHAINS.join(', ')} addresses.`,
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
  const checked = await verifier.verify({ address: { ...address, chain }, message, signature });
  if (!checked.ok) return checked;
  return ok({ ...checked.value, address: address.display, chain: address.chain });
}
