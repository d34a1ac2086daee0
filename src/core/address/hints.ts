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

export const LITECOIN_HINT =
  'A Litecoin address looks like ltc1qhdhvrwe6rgqns8fz28tee0hphr5x7ulw5exv4w, ' +
  'LT2KVaAy1ppRuxRgrS5RNU3vBsy7RibPeA or MHrYRxAiMNBTku3eoDHwhA1LQGDjUStZW2 (testnet: tltc1…, Q…).';

export const BITCOIN_CASH_HINT =
  'A Bitcoin Cash address looks like bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a ' +
  '(the bitcoincash: prefix may be left out; testnet: bchtest:…), or 1…/3… in the legacy form.';

export const DOGECOIN_HINT =
  'A Dogecoin address looks like DEQU7G2Chw4r1gSKZt2GfKBpGbkbQSwp3S or, for a script, ' +
  'A36czoRusM4VxnNiEjTaaDcMyr4GB73xw1 (testnet: n…).';

export const TON_HINT =
  'A TON address is 48 characters, e.g. UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E ' +
  '(or EQ…; testnet 0Q…/kQ…), or raw: 0: followed by 64 hex characters.';

export const ANY_HINT =
  'Send an address such as 0x… (EVM), bc1…/1…/3… (Bitcoin), T… (Tron), a Solana base58 key, ' +
  'L…/M…/ltc1… (Litecoin), bitcoincash:q… (Bitcoin Cash), D… (Dogecoin) or UQ…/EQ… (TON).';

export const NOT_AN_ADDRESS =
  'is not an EVM, Bitcoin, Tron, Solana, Litecoin, Bitcoin Cash, Dogecoin or TON address';
