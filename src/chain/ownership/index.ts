/**
 * The `SignatureVerifier` port: wallet message signatures, one scheme family per chain (account.ts:
 * EVM EIP-191, TRON signMessageV2, Solana ed25519; bitcoin.ts: BIP-322 and BIP-137). The schemes
 * (ethers' hashing and recovery, bitcoinjs' transactions, @noble's ed25519) load on the first
 * proof, not at start: a service that never verifies one does not hold them in memory, so this
 * file imports none of them.
 */
import type { OwnershipChain, ParsedAddress, SignatureCheck, SignatureVerifier } from '../../core/index.js';

type Scheme = (address: ParsedAddress, message: string, signature: string) => SignatureCheck;

export function createSignatureVerifier(): SignatureVerifier {
  let schemes: Promise<Record<OwnershipChain, Scheme>> | null = null;
  const load = () => {
    // One after the other, Bitcoin's first: @bitcoinerlab/secp256k1 is CommonJS and require()s
    // @noble/curves (ES modules), which Node 20 cannot do while account.ts's import of @noble/curves
    // is still loading ("Cannot read properties of undefined (reading 'getStatus')").
    schemes ??= import('./bitcoin.js').then(async (bitcoin) => {
      const account = await import('./account.js');
      return {
        evm: account.verifyEvm,
        bitcoin: bitcoin.verifyBitcoin,
        tron: account.verifyTron,
        solana: account.verifySolana,
      };
    });
    return schemes;
  };
  return {
    async verify({ address, message, signature }) {
      return (await load())[address.chain](address, message, signature);
    },
  };
}
