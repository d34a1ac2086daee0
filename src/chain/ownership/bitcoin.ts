/**
 * Bitcoin message signatures: BIP-322 (simple and full) and the legacy BIP-137 format.
 *
 * Written on bitcoinjs-lib (transactions, sighashes, scripts) and @bitcoinerlab/secp256k1 (ECDSA,
 * Schnorr, key recovery), both already dependencies, rather than `bip322-js`: that package pins
 * bitcoinjs-lib 6 beside our 7 and pulls in a native secp256k1 build, elliptic and
 * bitcoinjs-message, a second crypto stack for what is ~200 lines on the first. Checked against
 * the BIP’s own test vectors (test/chain/ownership).
 *
 * Without a full script interpreter (BIP-322 allows that: "inconclusive"), the scripts understood
 * are those wallets sign with: P2PKH, P2WPKH, P2SH-P2WPKH, P2TR key path, and bare CHECKMULTISIG in
 * P2WSH, P2SH-P2WSH or P2SH. Anything else (time locks, Taproot script paths) and proofs of funds
 * (which need the UTXO set) are answered `unsupported-signature`, never valid.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { address as bitcoinAddress, crypto, networks, script, Transaction } from 'bitcoinjs-lib';
import { decodeBase64, toUtf8Bytes } from 'ethers/utils';
import { err, ok, type ParsedAddress, type SignatureCheck } from '../../core/index.js';

const { OPS } = script;
const SIGHASH_ALL = 0x01;
const SIGHASH_DEFAULT = 0x00;

const BITCOIN_HINT =
  'Sign the message in your wallet’s “Sign message” (Sparrow, Electrum, Bitcoin Core, a hardware wallet): ' +
  'paste the base64 signature it shows, either BIP-322 (optionally prefixed smp or ful) or the legacy 65-byte one.';

const bad = (reason: string): SignatureCheck =>
  err({ code: 'invalid-signature', reason: `the signature ${reason}`, hint: BITCOIN_HINT });
const inconclusive = (reason: string): SignatureCheck =>
  err({
    code: 'unsupported-signature',
    reason: `the signature ${reason}`,
    hint: 'Sign with a single-key address (P2WPKH bc1q…, P2TR bc1p…, P2SH-P2WPKH 3…, P2PKH 1…) or a plain multisig one.',
  });

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

const concatBytes = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** Bitcoin's CompactSize length prefix. */
function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8);
  return Uint8Array.of(0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff);
}

/** BIP-340 tagged hash of the message with tag "BIP0322-signed-message". */
export function bip322MessageHash(message: string): Uint8Array {
  const tag = crypto.sha256(toUtf8Bytes('BIP0322-signed-message'));
  return crypto.sha256(concatBytes(tag, tag, toUtf8Bytes(message)));
}

/** The virtual `to_spend` transaction of BIP-322 for this scriptPubKey and message. */
export function bip322ToSpend(scriptPubKey: Uint8Array, message: string): Transaction {
  const tx = new Transaction();
  tx.version = 0;
  tx.locktime = 0;
  tx.addInput(new Uint8Array(32), 0xffffffff, 0, script.compile([OPS.OP_0, bip322MessageHash(message)]));
  tx.addOutput(scriptPubKey, 0n);
  return tx;
}

/** The virtual `to_sign` transaction of the simple format: spends `to_spend`, one OP_RETURN output. */
export function bip322ToSign(toSpend: Transaction, witness: Uint8Array[]): Transaction {
  const tx = new Transaction();
  tx.version = 0;
  tx.locktime = 0;
  tx.addInput(toSpend.getHash(), 0, 0);
  tx.addOutput(Uint8Array.of(OPS.OP_RETURN), 0n);
  tx.setWitness(0, witness);
  return tx;
}

/** A consensus-encoded witness stack that fills `bytes` exactly; null otherwise. */
function decodeWitness(bytes: Uint8Array): Uint8Array[] | null {
  let at = 0;
  const readSize = (): number | null => {
    const first = bytes[at];
    if (first === undefined) return null;
    at += 1;
    if (first < 0xfd) return first;
    if (first === 0xfd && at + 2 <= bytes.length) {
      const n = bytes[at]! | (bytes[at + 1]! << 8);
      at += 2;
      return n;
    }
    return null; // a message signature never holds 64 kB items
  };
  const count = readSize();
  if (count === null || count === 0) return null;
  const stack: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const size = readSize();
    if (size === null || at + size > bytes.length) return null;
    stack.push(bytes.slice(at, at + size));
    at += size;
  }
  return at === bytes.length ? stack : null;
}

function networkOf(address: ParsedAddress) {
  if (address.network === 'mainnet') return networks.bitcoin;
  return address.key.startsWith('bcrt1') ? networks.regtest : networks.testnet;
}

/**
 * The address's scriptPubKey. Built here rather than with `address.toOutputScript`, which needs an
 * ECC library registered globally (`initEccLib`) before it accepts a Taproot address.
 */
function outputScript(address: ParsedAddress): Uint8Array | null {
  const network = networkOf(address);
  try {
    const { version, data } = bitcoinAddress.fromBech32(address.display);
    if (version === 0) return script.compile([OPS.OP_0, data]);
    if (version === 1 && data.length === 32) return script.compile([OPS.OP_1, data]);
    return null;
  } catch {
    // not bech32: base58check below
  }
  try {
    const { version, hash } = bitcoinAddress.fromBase58Check(address.display);
    if (version === network.pubKeyHash) return p2pkhScript(hash);
    if (version === network.scriptHash) return script.compile([OPS.OP_HASH160, hash, OPS.OP_EQUAL]);
  } catch {
    // neither form: the parser accepted it for another reason
  }
  return null;
}

type Decoded =
  | { format: 'legacy'; bytes: Uint8Array }
  | { format: 'simple'; witness: Uint8Array[] }
  | { format: 'full'; tx: Transaction }
  | { format: 'proof-of-funds' };

/** What the pasted signature is: a BIP-322 prefix says it; without one, its shape does. */
function decodeSignature(signature: string): Decoded | string {
  let text = signature.trim();
  const prefix = /^(smp|ful|pof)/.exec(text)?.[1];
  if (prefix) text = text.slice(3);
  if (text === '') return 'is empty';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) return 'is not base64';
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(text);
  } catch {
    return 'is not base64';
  }
  if (prefix === 'pof') return { format: 'proof-of-funds' };
  if (prefix === undefined && bytes.length === 65 && bytes[0]! >= 27 && bytes[0]! <= 42) {
    return { format: 'legacy', bytes };
  }
  if (prefix !== 'ful') {
    const witness = decodeWitness(bytes);
    if (witness) return { format: 'simple', witness };
    if (prefix === 'smp') return 'is not a BIP-322 simple signature (a witness stack)';
  }
  try {
    return { format: 'full', tx: Transaction.fromBuffer(bytes) };
  } catch {
    return prefix === 'ful'
      ? 'is not a BIP-322 full signature (a transaction)'
      : 'is neither a BIP-322 signature nor a legacy (BIP-137) one';
  }
}

export function verifyBitcoin(address: ParsedAddress, message: string, signature: string): SignatureCheck {
  const scriptPubKey = outputScript(address);
  if (scriptPubKey === null) {
    return inconclusive('cannot be checked: only witness versions 0 and 1 and base58 addresses can sign');
  }
  const decoded = decodeSignature(signature);
  if (typeof decoded === 'string') return bad(decoded);
  switch (decoded.format) {
    case 'legacy':
      return verifyLegacy(scriptPubKey, message, decoded.bytes);
    case 'proof-of-funds':
      return inconclusive(
        'is a BIP-322 proof of funds, which needs the UTXO set to check; sign a simple or full proof instead',
      );
    case 'simple': {
      const toSpend = bip322ToSpend(scriptPubKey, message);
      return verdict('bip322-simple', verifyInput(bip322ToSign(toSpend, decoded.witness), scriptPubKey));
    }
    case 'full':
      return verifyFull(scriptPubKey, message, decoded.tx);
  }
}

function verifyFull(scriptPubKey: Uint8Array, message: string, tx: Transaction): SignatureCheck {
  if (tx.version !== 0 && tx.version !== 2) return inconclusive(`has transaction version ${tx.version}`);
  if (tx.ins.length > 1) {
    return inconclusive('spends more than one input: a proof of funds, which needs the UTXO set to check');
  }
  const output = tx.outs[0];
  if (tx.outs.length !== 1 || output?.value !== 0n || !equal(output.script, Uint8Array.of(OPS.OP_RETURN))) {
    return bad('is not a BIP-322 to_sign transaction (it must have one empty OP_RETURN output)');
  }
  const input = tx.ins[0]!;
  const toSpend = bip322ToSpend(scriptPubKey, message);
  if (input.index !== 0 || !equal(input.hash, toSpend.getHash())) {
    return ok({
      valid: false,
      method: 'bip322-full',
      reason:
        'The proof signs another message or another address (it does not spend this message’s to_spend).',
    });
  }
  return verdict('bip322-full', verifyInput(tx, scriptPubKey));
}

type InputCheck = { valid: true } | { valid: false; reason: string } | { inconclusive: string };

function verdict(method: 'bip322-simple' | 'bip322-full', check: InputCheck): SignatureCheck {
  if ('inconclusive' in check) return inconclusive(check.inconclusive);
  if (check.valid) return ok({ valid: true, method });
  return ok({ valid: false, method, reason: check.reason });
}

const WRONG_KEY: InputCheck = {
  valid: false,
  reason:
    'The signature does not verify for this address: it was made by another key, or over another message.',
};

/** A DER signature with SIGHASH_ALL, low S, verified against `publicKey` for `hash`. */
function ecdsaValid(hash: Uint8Array, publicKey: Uint8Array, encoded: Uint8Array): boolean {
  try {
    const { signature, hashType } = script.signature.decode(encoded);
    return hashType === SIGHASH_ALL && ecc.isPoint(publicKey) && ecc.verify(hash, publicKey, signature, true);
  } catch {
    return false;
  }
}

const p2pkhScript = (pubkeyHash: Uint8Array) =>
  script.compile([OPS.OP_DUP, OPS.OP_HASH160, pubkeyHash, OPS.OP_EQUALVERIFY, OPS.OP_CHECKSIG]);

/** Verifies `to_sign`'s first input against the challenge script, for the script types understood. */
function verifyInput(tx: Transaction, scriptPubKey: Uint8Array): InputCheck {
  const input = tx.ins[0]!;
  const chunks = script.decompile(scriptPubKey) ?? [];
  const program = chunks[1];
  // P2WPKH: OP_0 <20>
  if (chunks[0] === OPS.OP_0 && program instanceof Uint8Array && program.length === 20) {
    if (input.script.length > 0) return WRONG_KEY;
    return p2wpkhValid(tx, program, input.witness);
  }
  // P2WSH: OP_0 <32>
  if (chunks[0] === OPS.OP_0 && program instanceof Uint8Array && program.length === 32) {
    if (input.script.length > 0) return WRONG_KEY;
    return p2wshValid(tx, program, input.witness);
  }
  // P2TR: OP_1 <32>, key path only.
  if (chunks[0] === OPS.OP_1 && program instanceof Uint8Array && program.length === 32) {
    if (input.script.length > 0) return WRONG_KEY;
    const [sig, ...rest] = input.witness;
    if (!sig || rest.length > 0)
      return { inconclusive: 'signs with a Taproot script path, not the key path' };
    const hashType = sig.length === 65 ? sig[64]! : SIGHASH_DEFAULT;
    if (sig.length !== 64 && !(sig.length === 65 && hashType === SIGHASH_ALL)) return WRONG_KEY;
    const hash = tx.hashForWitnessV1(0, [scriptPubKey], [0n], hashType);
    try {
      return ecc.verifySchnorr(hash, program, sig.slice(0, 64)) ? { valid: true } : WRONG_KEY;
    } catch {
      return WRONG_KEY;
    }
  }
  // P2PKH: OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
  if (chunks.length === 5 && chunks[0] === OPS.OP_DUP && chunks[2] instanceof Uint8Array) {
    const pubkeyHash = chunks[2];
    const [sig, publicKey, ...rest] = script.decompile(input.script) ?? [];
    if (!(sig instanceof Uint8Array && publicKey instanceof Uint8Array) || rest.length > 0) return WRONG_KEY;
    if (input.witness.length > 0 || !equal(crypto.hash160(publicKey), pubkeyHash)) return WRONG_KEY;
    return ecdsaValid(tx.hashForSignature(0, scriptPubKey, SIGHASH_ALL), publicKey, sig)
      ? { valid: true }
      : WRONG_KEY;
  }
  // P2SH: OP_HASH160 <20> OP_EQUAL
  if (chunks.length === 3 && chunks[0] === OPS.OP_HASH160 && chunks[1] instanceof Uint8Array) {
    return p2shValid(tx, chunks[1], input.script, input.witness);
  }
  return { inconclusive: 'uses a script type this verifier does not understand' };
}

function p2wpkhValid(tx: Transaction, pubkeyHash: Uint8Array, witness: Uint8Array[]): InputCheck {
  const [sig, publicKey, ...rest] = witness;
  if (!sig || !publicKey || rest.length > 0 || publicKey.length !== 33) return WRONG_KEY;
  if (!equal(crypto.hash160(publicKey), pubkeyHash)) return WRONG_KEY;
  const hash = tx.hashForWitnessV0(0, p2pkhScript(pubkeyHash), 0n, SIGHASH_ALL);
  return ecdsaValid(hash, publicKey, sig) ? { valid: true } : WRONG_KEY;
}

function p2wshValid(tx: Transaction, scriptHash: Uint8Array, witness: Uint8Array[]): InputCheck {
  const witnessScript = witness.at(-1);
  if (!witnessScript || !equal(crypto.sha256(witnessScript), scriptHash)) return WRONG_KEY;
  const hash = tx.hashForWitnessV0(0, witnessScript, 0n, SIGHASH_ALL);
  return multisigValid(hash, witnessScript, witness.slice(0, -1));
}

function p2shValid(
  tx: Transaction,
  scriptHash: Uint8Array,
  scriptSig: Uint8Array,
  witness: Uint8Array[],
): InputCheck {
  const pushes = script.decompile(scriptSig);
  if (!pushes || pushes.length === 0) return WRONG_KEY;
  const redeem = pushes.at(-1);
  if (!(redeem instanceof Uint8Array) || !equal(crypto.hash160(redeem), scriptHash)) return WRONG_KEY;
  const inner = script.decompile(redeem) ?? [];
  const program = inner[1];
  if (pushes.length === 1 && inner.length === 2 && inner[0] === OPS.OP_0 && program instanceof Uint8Array) {
    if (program.length === 20) return p2wpkhValid(tx, program, witness);
    if (program.length === 32) return p2wshValid(tx, program, witness);
  }
  if (witness.length > 0) return WRONG_KEY;
  // Plain P2SH: the items before the redeem script are its inputs (OP_0 dummy, then signatures).
  const items = pushes.slice(0, -1).map((chunk) => (chunk === OPS.OP_0 ? new Uint8Array(0) : chunk));
  if (!items.every((item): item is Uint8Array => item instanceof Uint8Array)) return WRONG_KEY;
  return multisigValid(tx.hashForSignature(0, redeem, SIGHASH_ALL), redeem, items);
}

/**
 * `OP_m <key>… OP_n OP_CHECKMULTISIG` satisfied by `<empty> <sig>…`: each signature must match a
 * later key than the previous one, as CHECKMULTISIG checks them.
 */
function multisigValid(hash: Uint8Array, witnessScript: Uint8Array, items: Uint8Array[]): InputCheck {
  const chunks = script.decompile(witnessScript) ?? [];
  const m = smallNumber(chunks[0]);
  const n = smallNumber(chunks.at(-2));
  const keys = chunks.slice(1, -2);
  if (
    m === null ||
    n === null ||
    chunks.at(-1) !== OPS.OP_CHECKMULTISIG ||
    keys.length !== n ||
    m > n ||
    !keys.every((k): k is Uint8Array => k instanceof Uint8Array)
  ) {
    return {
      inconclusive: 'uses a script other than a plain multisig, which needs a full script interpreter',
    };
  }
  const [dummy, ...signatures] = items;
  if (dummy?.length !== 0 || signatures.length !== m) return WRONG_KEY;
  let key = 0;
  for (const sig of signatures) {
    while (key < keys.length && !ecdsaValid(hash, keys[key]!, sig)) key += 1;
    if (key === keys.length) return WRONG_KEY;
    key += 1;
  }
  return { valid: true };
}

function smallNumber(chunk: number | Uint8Array | undefined): number | null {
  if (typeof chunk !== 'number' || chunk < OPS.OP_1 || chunk > OPS.OP_16) return null;
  return chunk - OPS.OP_1 + 1;
}

/** The legacy signed-message hash: double SHA-256 of "\x18Bitcoin Signed Message:\n" + length + message. */
export function legacyMessageHash(message: string): Uint8Array {
  const prefix = toUtf8Bytes('\x18Bitcoin Signed Message:\n');
  const bytes = toUtf8Bytes(message);
  return crypto.hash256(concatBytes(prefix, compactSize(bytes.length), bytes));
}

/**
 * BIP-137: header (27-30 P2PKH uncompressed, 31-34 compressed, 35-38 P2SH-P2WPKH, 39-42 P2WPKH) +
 * r + s. The key is recovered and the address of this address's type derived from it; as Electrum
 * and Trezor do, a segwit address also accepts a compressed-key header of the P2PKH range.
 */
function verifyLegacy(scriptPubKey: Uint8Array, message: string, bytes: Uint8Array): SignatureCheck {
  const header = bytes[0]!;
  const recovery = ((header - 27) & 3) as 0 | 1 | 2 | 3;
  const compressed = header >= 31;
  let publicKey: Uint8Array | null = null;
  try {
    publicKey = ecc.recover(legacyMessageHash(message), bytes.slice(1), recovery, compressed);
  } catch {
    publicKey = null;
  }
  if (!publicKey) return bad('is not a valid legacy signature (no key can be recovered from it)');
  const keyHash = crypto.hash160(publicKey);
  const chunks = script.decompile(scriptPubKey) ?? [];
  let valid = false;
  if (chunks.length === 5 && chunks[0] === OPS.OP_DUP && chunks[2] instanceof Uint8Array) {
    valid = header < 35 && equal(keyHash, chunks[2]);
  } else if (chunks.length === 3 && chunks[0] === OPS.OP_HASH160 && chunks[1] instanceof Uint8Array) {
    const redeem = script.compile([OPS.OP_0, keyHash]);
    valid = compressed && header < 39 && equal(crypto.hash160(redeem), chunks[1]);
  } else if (chunks[0] === OPS.OP_0 && chunks[1] instanceof Uint8Array && chunks[1].length === 20) {
    valid = compressed && (header < 35 || header >= 39) && equal(keyHash, chunks[1]);
  } else {
    return inconclusive('is a legacy signature, which only P2PKH, P2SH-P2WPKH and P2WPKH addresses can make');
  }
  return ok(
    valid ? { valid: true, method: 'bip137' } : { valid: false, method: 'bip137', reason: WRONG_KEY_REASON },
  );
}

const WRONG_KEY_REASON =
  'The signature does not verify for this address: it was made by another key, or over another message.';
