const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

export const BASE58_RUN = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * Plain base58 decoding (no checksum), used only to learn how many bytes a string carries: 25
 * bytes is a base58check address (Bitcoin, Tron, other coins), 32 bytes a Solana key. Callers
 * bound the length (quadratic in it).
 */
export function decodeBase58(text: string): Uint8Array | null {
  const bytes: number[] = []; // little-endian
  let zeros = 0;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? (DIGIT[code] ?? -1) : -1;
    if (digit < 0) return null;
    if (leading && digit === 0) {
      zeros++;
      continue;
    }
    leading = false;
    let carry = digit;
    for (let j = 0; j < bytes.length; j++) {
      carry += (bytes[j] ?? 0) * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let k = 0; k < bytes.length; k++) out[zeros + k] = bytes[bytes.length - 1 - k] ?? 0;
  return out;
}
