/**
 * The `CommunityStore` port: the operator's trust in communities and the titles the bots saw. A
 * community is known once anything names it: a trust decision or title (`communities`), a report or
 * verification made there, its settings, or its moderation log.
 */
import { sql } from 'drizzle-orm';
import type { CommunityRecord, CommunityStore } from '../core/index.js';
import { type Db, rowsOf } from './database.js';
import { communities } from './schema.js';

interface CommunityRow {
  community: string;
  title: string | null;
  trusted: boolean;
  trusted_at: Date | string | null;
  flags: number | string;
  verifications: number | string;
}

const KNOWN_COMMUNITIES = sql`
  select community from communities
  union select verified_in from reports where verified_in is not null
  union select community from reports where community is not null
  union select community from community_settings
  union select community from moderation_log`;

export function createCommunityStore(db: Db): CommunityStore {
  return {
    async setTrusted(community, trusted) {
      return db.transaction(async (tx) => {
        const known = rowsOf<{ known: boolean; trusted: boolean | null }>(
          await tx.execute(sql`
            select exists (select 1 from (${KNOWN_COMMUNITIES}) k where k.community = ${community}) as known,
                   (select trusted from communities where community = ${community}) as trusted`),
        )[0];
        await tx
          .insert(communities)
          .values({ community, trusted, trustedAt: trusted ? sql`now()` : null })
          .onConflictDoUpdate({
            target: communities.community,
            set: {
              trusted,
              // The first time it was trusted, kept while it stays trusted.
              trustedAt: trusted ? sql`coalesce(${communities.trustedAt}, now())` : null,
              updatedAt: sql`now()`,
            },
          });
        return { known: Boolean(known?.known), wasTrusted: known?.trusted === true };
      });
    },

    async noteTitle(community, title) {
      await db
        .insert(communities)
        .values({ community, title })
        .onConflictDoUpdate({
          target: communities.community,
          set: { title, updatedAt: sql`now()` },
          setWhere: sql`${communities.title} is distinct from excluded.title`,
        });
    },

    async list(): Promise<CommunityRecord[]> {
      const rows = rowsOf<CommunityRow>(
        await db.execute(sql`
          select k.community, c.title, coalesce(c.trusted, false) as trusted, c.trusted_at,
                 (select count(*) from moderation_log m
                   where m.community = k.community and m.action = 'flag') as flags,
                 (select count(*) from reports r
                   where r.verified_in = k.community and r.verified_by is not null and r.status = 'active')
                   as verifications
            from (${KNOWN_COMMUNITIES}) k
            left join communities c on c.community = k.community
           order by coalesce(c.trusted, false) desc, k.community`),
      );
      return rows.map((row) => ({
        community: row.community,
        title: row.title,
        trusted: row.trusted,
        trustedAt: row.trusted_at === null ? null : new Date(row.trusted_at),
        flags: Number(row.flags),
        verifications: Number(row.verifications),
      }));
    },
  };
}
