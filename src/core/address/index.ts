/**
 * Address recognition: turns what people type or paste into a `ParsedAddress` (chain, network,
 * lookup key, display form, other spellings) for EVM, Bitcoin (legacy, segwit, taproot; mainnet
 * and testnet), Tron, Solana, Litecoin, Bitcoin Cash, Dogecoin and TON, or into an `InvalidAddress`
 * whose reason names the actual problem (checksum, bech32 vs bech32m, network, length) and whose
 * hint shows a valid address of the chain it looked like.
 * `extractAddresses` finds every address in a chat message. Pure functions; nothing here throws.
 */
export { extractAddresses, scanText, type TextScan } from './extract.js';
export { chainLabel, describeOtherForms, shortAddress } from './format.js';
export { parseAddress, parseAddressOn } from './parse.js';
export { tonFriendly } from './ton.js';
