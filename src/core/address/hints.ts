/**
 * What a valid address looks like, per chain, shown beside every rejection. Each example is a
 * real, valid address (test/core/address/parse.test.ts parses every one of them).
 */
export const EVM_HINT =
  'An EVM address is 0x followed by 40 hex characters, e.g. 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.';

export const BITCOIN_HINT =
  'A Bitcoin address looks like bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, ' +
  '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy (testnet: tb1…, m…, n…, 2…).';

export const TRON_HINT =
  'A Tron address is 34 base58 characters starting with T, e.g. TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t.';

export const SOLANA_HINT =
  'A Solana address is 32 to 44 base58 characters, e.g. So11111111111111111111111111111111111111112.';

export const ANY_HINT =
  'Send an address such as 0x… (EVM), bc1…/1…/3… (Bitcoin), T… (Tron), or a Solana base58 key.';

export const NOT_AN_ADDRESS = 'is not an EVM, Bitcoin, Tron or Solana address';
