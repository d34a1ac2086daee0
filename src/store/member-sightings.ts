/**
 * The `MemberSightings` port: when the bot first saw each person in each chat. Telegram messages go
 * through this on every update from a person, so a sighting already written is remembered in
 * memory and not written again (a first sighting never changes, so replicas cannot disagree).
 */
import { and, eq } from 'drizzle-orm';
import type { MemberSightings } from '../core/index.js';
import type { Db } from './database.js';
import { memberSightings } from './schema.js';

/** Sightings remembered as written; past this the memory starts over (a rewrite is a no-op). */
const REMEMBERED = 50_000;

export function createMemberSightings(db: Db): MemberSightings {
  let written = new Set<string>();
  return {
    async noteSeen(chat, member) {
      const key = `${chat}\n${member}`;
      if (written.has(key)) return;
      await db.insert(memberSightings).values({ chat, member }).onConflictDoNothing();
      if (written.size >= REMEMBERED) written = new Set();
      written.add(key);
    },
    async firstSeen(chat, member) {
      const [row] = await db
        .select({ firstSeen: memberSightings.firstSeen })
        .from(memberSightings)
        .where(and(eq(memberSightings.chat, chat), eq(memberSightings.member, member)));
      return row?.firstSeen ?? null;
    },
  };
}
