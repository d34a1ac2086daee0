/** The `SettingsStore` port: each community's screening settings, defaults until changed. */
import { eq } from 'drizzle-orm';
import { type CommunitySettings, DEFAULT_COMMUNITY_SETTINGS, type SettingsStore } from '../core/index.js';
import type { Db } from './database.js';
import { communitySettings } from './schema.js';

export function createSettingsStore(db: Db): SettingsStore {
  async function get(community: string): Promise<CommunitySettings> {
    const [row] = await db.select().from(communitySettings).where(eq(communitySettings.community, community));
    if (!row) return { ...DEFAULT_COMMUNITY_SETTINGS };
    return {
      scanMode: row.scanMode as CommunitySettings['scanMode'],
      minLevel: row.minLevel as CommunitySettings['minLevel'],
      modLogChannel: row.modLogChannel,
    };
  }
  return {
    get,
    async update(community, patch) {
      const next = { ...(await get(community)), ...patch };
      const values = {
        scanMode: next.scanMode,
        minLevel: next.minLevel,
        modLogChannel: next.modLogChannel,
        updatedAt: new Date(),
      };
      await db
        .insert(communitySettings)
        .values({ community, ...values })
        .onConflictDoUpdate({ target: communitySettings.community, set: values });
      return next;
    },
  };
}
