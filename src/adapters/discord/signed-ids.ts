/**
 * Signed custom ids for the moderation steps. The "Flag scam post" form and buttons carry the channel,
 * post and author they act on, so that any replica can take the next step without shared state. A
 * custom id comes back from the client, which could send any text: signed with an HMAC, the ids are
 * the ones the bot put there, for the post a moderator flagged, and a forged id (another channel's
 * post, another member to time out) is refused. The key is derived from the bot token, which every
 * replica has and nobody else: no new setting, and a new token retires old buttons, which Discord
 * keeps only for the life of an ephemeral reply anyway. Checking ids against Discord instead would
 * cost a REST call per step and cannot check an author whose post was already deleted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** 16 base64url characters, 96 bits: a forger gets one try per interaction. Room in Discord's 100. */
const SIGNATURE_LENGTH = 16;

export interface CustomIdSigner {
  /** `prefix:action:args…:signature`. */
  sign(prefix: string, action: string, ...args: string[]): string;
  /** The args without the signature when it is the one made for them, else null. */
  verify(prefix: string, action: string, args: readonly string[]): string[] | null;
}

export function createCustomIdSigner(secret: string): CustomIdSigner {
  const key = createHmac('sha256', secret).update('chainwarden:discord-custom-ids:v1').digest();
  const signature = (parts: readonly string[]) =>
    createHmac('sha256', key).update(parts.join(':')).digest('base64url').slice(0, SIGNATURE_LENGTH);
  return {
    sign(prefix, action, ...args) {
      const parts = [prefix, action, ...args];
      return [...parts, signature(parts)].join(':');
    },
    verify(prefix, action, args) {
      const given = args.at(-1);
      // Bytes, not characters: timingSafeEqual throws on buffers of different lengths.
      if (given === undefined || Buffer.byteLength(given) !== SIGNATURE_LENGTH) return null;
      const signed = args.slice(0, -1);
      const expected = signature([prefix, action, ...signed]);
      return timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? signed : null;
    },
  };
}
