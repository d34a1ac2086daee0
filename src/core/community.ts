/**
 * A community (`telegram:<chat id>`, `discord:<guild id>`): the settings its admins choose for
 * scanning members' messages, the moderation actions taken in it, and whether the operator trusts
 * its moderators' verifications everywhere (reports/trust.ts says where a verification counts).
 */
import { visibleInput } from './input.js';
import { err, ok, type Result, type RiskLevel } from './types.js';

export const SCAN_MODES = ['off', 'warn', 'delete'] as const;
export type ScanMode = (typeof SCAN_MODES)[number];

/** Levels a community may choose as the trigger for scanning actions. */
export const SCAN_TRIGGER_LEVELS = ['medium', 'high', 'severe'] as const satisfies ReadonlyArray<RiskLevel>;

export interface CommunitySettings {
  scanMode: ScanMode;
  /** Lowest level that triggers scanning actions. */
  minLevel: (typeof SCAN_TRIGGER_LEVELS)[number];
  /** Discord: channel id of the mod-log. */
  modLogChannel: string | null;
}

export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  scanMode: 'warn',
  minLevel: 'high',
  modLogChannel: null,
};

export interface ModerationAction {
  community: string;
  /** `platform:user id` of the moderator, or `system` for auto-moderation. */
  actor: string;
  action: 'flag' | 'delete-message' | 'timeout' | 'auto-warn' | 'auto-delete' | 'settings';
  /** What it acted on: message id, user id, address. */
  target: string;
  details: Record<string, unknown>;
}

/** A community as the operator sees it in `chainwarden community list`. */
export interface CommunityRecord {
  /** `telegram:<chat id>` or `discord:<guild id>`. */
  community: string;
  /** The group's or server's name when a bot saw it; null when not known. */
  title: string | null;
  trusted: boolean;
  trustedAt: Date | null;
  /** Flags its moderators made (moderation log). */
  flags: number;
  /** Active reports its moderators verified. */
  verifications: number;
}

export interface InvalidCommunity {
  code: 'invalid-community';
  input: string;
  reason: string;
  hint: string;
}

export const COMMUNITY_HINT =
  'a community is telegram:<group id> (negative, e.g. telegram:-1001234567890) or discord:<server id> (e.g. discord:80351110224678912)';

/**
 * A community id as an operator types it: `telegram:` and a group's chat id (groups have negative
 * ids; a positive one is a person's private chat, which is no community), or `discord:` and a
 * server's snowflake (17 to 20 digits).
 */
export function parseCommunityId(input: string): Result<string, InvalidCommunity> {
  const text = input.trim();
  const fail = (reason: string) =>
    err<InvalidCommunity>({
      code: 'invalid-community',
      input: visibleInput(text),
      reason,
      hint: COMMUNITY_HINT,
    });
  const match = /^([^:]*):(.*)$/s.exec(text);
  if (!match) return fail('is not platform:id');
  const platform = (match[1] ?? '').toLowerCase();
  const id = match[2] ?? '';
  if (platform === 'telegram') {
    if (/^-\d{1,19}$/.test(id)) return ok(`telegram:${id}`);
    if (/^\d{1,19}$/.test(id)) return fail('names a private chat: Telegram group ids are negative');
    return fail('has no Telegram group id after telegram:');
  }
  if (platform === 'discord') {
    if (/^\d{17,20}$/.test(id)) return ok(`discord:${id}`);
    return fail('has no Discord server id (17 to 20 digits) after discord:');
  }
  return fail(
    `names no platform Chainwarden knows (${platform === '' ? 'none' : visibleInput(platform, 20)})`,
  );
}
