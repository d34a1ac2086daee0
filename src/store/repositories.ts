/**
 * The core's storage ports implemented on drizzle, the same code for PGlite and postgres.js.
 */
import { and, count, desc, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm';
import { lookalikeProbe } from '../core/lookalike.js';
import {
  type CommunitySettings,
  DEFAULT_COMMUNITY_SETTINGS,
  type ListEntry,
  type ListHit,
  type ListMeta,
  type ListStore,
  type LookalikeCandidate,
  type LookalikeProbe,
  type ModerationAction,
  type ModerationLog,
  type ReporterLimit,
  type ReportStats,
  type ReportStore,
  type SaveReportResult,
  type ScreeningStore,
  type SettingsStore,
  type StoredReport,
} from '../core/ports.js';
import type { ParsedAddress, ReportCategory } from '../core/types.js';
import type { Database, Db } from './db.js';
import {
  communityAddresses,
  communitySettings,
  listEntries,
  listSources,
  moderationLog,
  reports,
} from './schema.js';

/** Most look-alike candidates one screen returns; more would be noise in a chat reply. */
const MAX_LOOKALIKE_CANDIDATES = 20;

interface SignalsRow {
  hits: ListHit[] | null;
  stats: {
    total: number;
    verified: number;
    underReview: number;
    firstAt: string | null;
    latestAt: string | null;
  } | null;
  categories: Record<string, number> | null;
  lookalikes: LookalikeCandidate[] | null;
  firstSeenHere: string | null;
}

export function createScreeningStore(database: Database): ScreeningStore {
  const { db } = database;
  return {
    async signalsFor(address: ParsedAddress, { lookalike, community }) {
      // One round trip to a PL/pgSQL function (migrations/0001) whose plans are cached per connection,
      // sent as a prepared statement: parsing it anew on every check cost a third of the throughput.
      const [result] = await database.queryPrepared<{ signals: SignalsRow | string }>(
        'select chainwarden_screening_signals($1, $2, $3, $4, $5, $6) as signals',
        [
          address.key,
          address.chain,
          lookalike?.prefix ?? null,
          lookalike?.suffix ?? null,
          community ?? '',
          MAX_LOOKALIKE_CANDIDATES,
        ],
      );
      const raw = result?.signals;
      const row: SignalsRow | undefined = typeof raw === 'string' ? (JSON.parse(raw) as SignalsRow) : raw;
      const stats = row?.stats;
      const reportStats: ReportStats = {
        total: Number(stats?.total ?? 0),
        verified: Number(stats?.verified ?? 0),
        underReview: Number(stats?.underReview ?? 0),
        firstAt: stats?.firstAt ? new Date(stats.firstAt) : null,
        latestAt: stats?.latestAt ? new Date(stats.latestAt) : null,
        categories: Object.fromEntries(
          Object.entries(row?.categories ?? {}).map(([c, n]) => [c, Number(n)]),
        ) as Partial<Record<ReportCategory, number>>,
      };
      return {
        listHits: row?.hits ?? [],
        reports: reportStats,
        lookalikes: row?.lookalikes ?? [],
        firstSeenHere: row?.firstSeenHere ? new Date(row.firstSeenHere) : null,
      };
    },

    async noteCommunityAddress(community, address, probe) {
      await db
        .insert(communityAddresses)
        .values({
          community,
          addressKey: address.key,
          address: address.display,
          chain: address.chain,
          lookalikePrefix: probe?.prefix ?? null,
          lookalikeSuffix: probe?.suffix ?? null,
        })
        .onConflictDoUpdate({
          target: [communityAddresses.community, communityAddresses.addressKey],
          set: { lastSeen: sql`now()` },
        });
    },
  };
}

type ReportRow = typeof reports.$inferSelect;

function toStoredReport(row: ReportRow): StoredReport {
  return {
    id: row.id,
    addressKey: row.addressKey,
    address: row.address,
    chain: row.chain as StoredReport['chain'],
    category: row.category as StoredReport['category'],
    note: row.note,
    evidence: row.evidence,
    reporter: row.reporter,
    source: row.source as StoredReport['source'],
    community: row.community,
    verifiedBy: row.verifiedBy,
    status: row.status as StoredReport['status'],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createReportStore(db: Db): ReportStore {
  return {
    async saveReport(report, probe: LookalikeProbe | null, limit: ReporterLimit | null) {
      const values = {
        addressKey: report.address.key,
        address: report.address.display,
        chain: report.address.chain,
        lookalikePrefix: probe?.prefix ?? null,
        lookalikeSuffix: probe?.suffix ?? null,
        category: report.category,
        note: report.note,
        evidence: report.evidence,
        reporter: report.reporter,
        source: report.source,
        community: report.community,
        verifiedBy: report.verifiedBy,
        status: report.status,
      };
      return db.transaction(async (tx): Promise<SaveReportResult> => {
        if (limit) {
          // Serialises this reporter's writes: count and insert cannot interleave with a parallel request.
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtext(${`chainwarden:report:${report.reporter}`}))`,
          );
          const [window] = await tx
            .select({ recent: count(), oldest: sql<string | null>`min(${reports.updatedAt})` })
            .from(reports)
            .where(
              and(
                eq(reports.reporter, report.reporter),
                isNull(reports.verifiedBy),
                gt(reports.updatedAt, sql`now() - make_interval(secs => ${limit.windowSeconds})`),
              ),
            );
          const recent = Number(window?.recent ?? 0);
          if (recent >= limit.max) {
            const oldest = window?.oldest ? new Date(window.oldest).getTime() : Date.now();
            const freesAt = oldest + limit.windowSeconds * 1000;
            return {
              saved: false,
              recent,
              retryAfterSeconds: Math.max(1, Math.ceil((freesAt - Date.now()) / 1000)),
            };
          }
        }
        // xmax = 0 only for a freshly inserted row: tells insert from update in the same round trip.
        const [row] = await tx
          .insert(reports)
          .values(values)
          .onConflictDoUpdate({
            target: [reports.addressKey, reports.reporter],
            set: {
              category: values.category,
              note: values.note,
              evidence: values.evidence,
              source: values.source,
              community: sql`coalesce(excluded.community, ${reports.community})`,
              // A later unverified report by the same person never removes a moderator's verification.
              verifiedBy: sql`coalesce(excluded.verified_by, ${reports.verifiedBy})`,
              status: values.status,
              updatedAt: sql`now()`,
            },
          })
          .returning({ ...getTableColumns(reports), inserted: sql<boolean>`(xmax = 0)` });
        if (!row) throw new Error('saving a report returned no row');
        const { inserted, ...stored } = row;
        return { saved: true, report: toStoredReport(stored), created: Boolean(inserted) };
      });
    },

    async listReports(addressKey, limit) {
      const rows = await db
        .select()
        .from(reports)
        .where(eq(reports.addressKey, addressKey))
        .orderBy(desc(reports.updatedAt))
        .limit(limit);
      return rows.map(toStoredReport);
    },
  };
}

export function createListStore(db: Db): ListStore {
  return {
    async hitsFor(addressKey) {
      const rows = await db
        .select({
          kind: listEntries.kind,
          source: listEntries.source,
          listDate: listSources.listDate,
          label: listEntries.label,
          category: listEntries.category,
          entity: listEntries.entity,
          program: listEntries.program,
          listedAt: listEntries.listedAt,
        })
        .from(listEntries)
        .innerJoin(listSources, eq(listSources.source, listEntries.source))
        .where(eq(listEntries.addressKey, addressKey));
      return rows as ListHit[];
    },

    async listedKeys(candidates) {
      if (candidates.length === 0) return [];
      const rows = await db
        .selectDistinct({ key: listEntries.addressKey })
        .from(listEntries)
        .where(inArray(listEntries.addressKey, candidates));
      const listed = new Set(rows.map((r) => r.key));
      return candidates.filter((c) => listed.has(c));
    },

    async replaceList(meta: ListMeta, batches: AsyncIterable<ListEntry[]>) {
      return db.transaction(async (tx) => {
        await tx.delete(listEntries).where(eq(listEntries.source, meta.source));
        let total = 0;
        for await (const batch of batches) {
          if (batch.length === 0) continue;
          // Postgres caps a statement at 65535 parameters: 12 columns × 1000 rows stays well under.
          for (let i = 0; i < batch.length; i += 1000) {
            const slice = batch.slice(i, i + 1000);
            await tx.insert(listEntries).values(
              slice.map((entry) => {
                const probe = lookalikeProbe(entry);
                return {
                  source: meta.source,
                  kind: meta.kind,
                  addressKey: entry.key,
                  address: entry.display,
                  chain: entry.chain,
                  label: entry.label,
                  category: entry.category ?? meta.category ?? null,
                  entity: entry.entity,
                  program: entry.program,
                  listedAt: entry.listedAt,
                  listDate: meta.listDate,
                  lookalikePrefix: probe?.prefix ?? null,
                  lookalikeSuffix: probe?.suffix ?? null,
                };
              }),
            );
            total += slice.length;
          }
        }
        const row = {
          kind: meta.kind,
          listDate: meta.listDate,
          category: meta.category ?? null,
          count: total,
          importedAt: new Date(),
        };
        await tx
          .insert(listSources)
          .values({ source: meta.source, ...row })
          .onConflictDoUpdate({ target: listSources.source, set: row });
        return { count: total };
      });
    },

    async listSources() {
      const rows = await db.select().from(listSources).orderBy(listSources.source);
      return rows.map((r) => ({
        source: r.source,
        kind: r.kind as ListMeta['kind'],
        listDate: r.listDate,
        category: r.category as ReportCategory | null,
        count: r.count,
        importedAt: r.importedAt,
      }));
    },
  };
}

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

export function createModerationLog(db: Db): ModerationLog {
  return {
    async record(action: ModerationAction) {
      const [row] = await db
        .insert(moderationLog)
        .values(action)
        .returning({ id: moderationLog.id, at: moderationLog.at });
      if (!row) throw new Error('recording a moderation action returned no row');
      return row;
    },
    async recent(community, limit) {
      const rows = await db
        .select()
        .from(moderationLog)
        .where(eq(moderationLog.community, community))
        .orderBy(desc(moderationLog.at), desc(moderationLog.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        community: r.community,
        actor: r.actor,
        action: r.action as ModerationAction['action'],
        target: r.target,
        details: r.details as Record<string, unknown>,
      }));
    },
  };
}
