/**
 * A community (`telegram:<chat id>`, `discord:<guild id>`): the settings its admins choose for
 * scanning members' messages, and the moderation actions taken in it.
 */
import type { RiskLevel } from './types.js';

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
