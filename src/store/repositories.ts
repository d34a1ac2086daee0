/**
 * The core's storage ports implemented on drizzle, the same code for PGlite and postgres.js.
 */
import { and, count, desc, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { ParsedAddress, ReportCategory } from '../core/index.js';
import {
  type CommunitySettings,
  DEFAULT_COMMUNITY_SETTINGS,
  type ListEdition,
  type ListEntry,
  type ListHit,
  type ListMeta,
  type ListOrigin,
  type ListStore,
  type LookalikeCandidate,
  type LookalikeProbe,
  lookalikeProbe,
  type ModerationAction,
  type ModerationLog,
  type ReporterLimit,
  type ReportStore,
  type SaveReportResult,
  type ScreeningSignals,
  type ScreeningStore,
  type SettingsStore,
  type StoredReport,
} from '../core/index.js';
import type { Database, Db } from './db.js';
import type { ListIndex } from './list-index.js';
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

/**
 * The screen's one statement: a UNION ALL of index probes, each row tagged by `what`. Rows, not JSON
 * built in SQL: assembling JSON cost Postgres more than the probes themselves (measured with pgbench).
 * The statement text differs only by which probes a screen needs (look-alikes, a community, the
 * lists when they are too large to hold in memory), so each variant is its own prepared statement
 * with a stable generic plan.
 */
const SIGNAL_COLUMNS =
  'what, key, address, chain, label, kind, source, list_date, category, entity, program, listed_at, ' +
  'active, verified, under_review, categories, first_at, latest_at, origin';

function signalsStatement(probe: boolean, community: boolean, lists: boolean): string {
  const parts = [
    `(select 'tally', t.address_key, t.address, t.chain, null::text, null::text, null::text, null::text,
             null::text, null::text, null::text, null::text,
             t.active, t.verified, t.under_review, t.categories, t.first_at, t.latest_at, null::text
        from report_tallies t where t.address_key = $1)`,
  ];
  if (lists) {
    parts.push(`(select 'hit', e.address_key, e.address, e.chain, e.label, e.kind, e.source, ls.list_date, e.category,
             e.entity, e.program, e.listed_at, null, null, null, null, null, null, ls.origin
        from list_entries e join list_sources ls on ls.source = e.source where e.address_key = $1)`);
  }
  // A look-alike: same chain, prefix and suffix, another address.
  const same = (t: string) =>
    `${t}.chain = $2 and ${t}.lookalike_prefix = $3 and ${t}.lookalike_suffix = $4 and ${t}.address_key <> $1`;
  if (probe) {
    if (lists) {
      parts.push(`(select 'twin', e.address_key, e.address, e.chain, e.label, e.kind, e.source, null, null, null,
               null, null, null, null, null, null, null, null, null
          from list_entries e where ${same('e')} limit $5)`);
    }
    parts.push(
      // Reported addresses are probed through their tallies: one row per address, active ones only.
      `(select 'twin', t.address_key, t.address, t.chain, null, 'report', 'community reports', null, null, null,
               null, null, null, null, null, null, null, null, null
          from report_tallies t where ${same('t')} and t.active > 0 limit $5)`,
    );
  }
  if (community) {
    const c = probe ? '$6' : '$2';
    parts.push(
      // When this address was first seen here: of two look-alikes, the one seen first is likelier the original.
      `(select 'seen', m.address_key, m.address, m.chain, null, null, null, null, null, null, null, null,
               null, null, null, null, m.first_seen, null, null
          from community_addresses m where m.community = ${c} and m.address_key = $1)`,
    );
    if (probe) {
      parts.push(
        `(select 'twin', m.address_key, m.address, m.chain, null, 'community', m.community, null, null, null,
                 null, null, null, null, null, null, m.first_seen, null, null
            from community_addresses m where m.community = $6 and ${same('m')} limit $5)`,
      );
    }
  }
  return `select ${SIGNAL_COLUMNS} from (${parts.join(' union all ')}) as s(${SIGNAL_COLUMNS})`;
}

interface SignalRow {
  what: 'tally' | 'hit' | 'twin' | 'seen';
  key: string;
  address: string;
  chain: string;
  label: string | null;
  kind: string | null;
  source: string | null;
  list_date: string | null;
  category: string | null;
  entity: string | null;
  program: string | null;
  listed_at: string | null;
  active: number | null;
  verified: number | null;
  under_review: number | null;
  categories: Record<string, number> | string | null;
  first_at: Date | string | null;
  latest_at: Date | string | null;
  origin: string | null;
}

const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

export function createScreeningStore(database: Database, lists: ListIndex): ScreeningStore {
  const { db } = database;
  const statements = new Map<string, string>();
  const statement = (probe: boolean, community: boolean, inSql: boolean) => {
    const name = `${probe}:${community}:${inSql}`;
    let text = statements.get(name);
    if (text === undefined) {
      text = signalsStatement(probe, community, inSql);
      statements.set(name, text);
    }
    return text;
  };
  return {
    async signalsFor(address: ParsedAddress, { lookalike, community }) {
      const snapshot = await lists.snapshot();
      const params: unknown[] = [address.key];
      if (lookalike) {
        params.push(address.chain, lookalike.prefix, lookalike.suffix, MAX_LOOKALIKE_CANDIDATES);
      }
      if (community) params.push(community);
      const rows = await database.queryPrepared<SignalRow>(
        statement(lookalike !== null, community !== null, snapshot === null),
        params,
      );
      const signals: ScreeningSignals = {
        listHits: snapshot ? snapshot.hitsFor(address.key) : [],
        reports: {
          total: 0,
          verified: 0,
          underReview: 0,
          firstAt: null,
          latestAt: null,
          categories: {},
        },
        lookalikes:
          snapshot && lookalike
            ? snapshot.lookalikesOf(address.chain, lookalike, address.key, MAX_LOOKALIKE_CANDIDATES)
            : [],
        firstSeenHere: null,
        sanctionsList: snapshot?.sanctionsList ?? null,
      };
      for (const row of rows) {
        if (row.what === 'tally') {
          const categories =
            typeof row.categories === 'string' ? JSON.parse(row.categories) : (row.categories ?? {});
          signals.reports = {
            total: Number(row.active),
            verified: Number(row.verified),
            underReview: Number(row.under_review),
            firstAt: toDate(row.first_at),
            latestAt: toDate(row.latest_at),
            categories: categories as Partial<Record<ReportCategory, number>>,
          };
        } else if (row.what === 'hit') {
          signals.listHits.push({
            kind: row.kind as ListHit['kind'],
            source: row.source ?? '',
            listDate: row.list_date ?? '',
            label: row.label,
            category: row.category as ReportCategory | null,
            entity: row.entity,
            program: row.program,
            listedAt: row.listed_at,
            origin: (row.origin ?? 'imported') as ListOrigin,
          });
        } else if (row.what === 'seen') {
          signals.firstSeenHere = toDate(row.first_at);
        } else {
          const candidate: LookalikeCandidate = {
            key: row.key,
            address: row.address,
            chain: row.chain as LookalikeCandidate['chain'],
            label: row.label,
            origin: row.kind as LookalikeCandidate['origin'],
            source: row.source ?? '',
          };
          if (row.kind === 'community') candidate.firstSeen = toDate(row.first_at)?.toISOString() ?? null;
          signals.lookalikes.push(candidate);
        }
      }
      return signals;
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

/** `onChange` runs after an import commits: this process's list index reloads before the import returns. */
export function createListStore(db: Db, onChange: () => Promise<void> = async () => {}): ListStore {
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
          origin: listSources.origin,
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
      const imported = await db.transaction(async (tx) => ({ count: await writeList(tx, meta, batches) }));
      // Other processes hear of it from a trigger's notification (migrations/0003).
      await onChange();
      return imported;
    },

    async replaceLists(lists, replaces) {
      const replaced = await db.transaction(async (tx) => {
        // Two replicas starting together: the second sees the first's editions and replaces nothing.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('chainwarden:replace-lists'))`);
        const sources = lists.map((list) => list.meta.source);
        const stored = new Map(
          (await tx.select().from(listSources).where(inArray(listSources.source, sources))).map((row) => [
            row.source,
            toListEdition(row),
          ]),
        );
        const done: string[] = [];
        for (const { meta, entries } of lists) {
          if (!replaces(stored.get(meta.source) ?? null, meta)) continue;
          await writeList(tx, meta, [entries]);
          done.push(meta.source);
        }
        return done;
      });
      if (replaced.length > 0) await onChange();
      return replaced;
    },

    async listSources() {
      const rows = await db.select().from(listSources).orderBy(listSources.source);
      return rows.map(toListEdition);
    },
  };
}

function toListEdition(row: typeof listSources.$inferSelect): ListEdition {
  return {
    source: row.source,
    kind: row.kind as ListMeta['kind'],
    listDate: row.listDate,
    category: row.category as ReportCategory | null,
    origin: row.origin as ListOrigin,
    count: row.count,
    importedAt: row.importedAt,
  };
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Replace one list's entries and its list_sources row inside `tx`; resolves the entries stored. */
async function writeList(
  tx: Tx,
  meta: ListMeta,
  batches: AsyncIterable<ListEntry[]> | Iterable<ListEntry[]>,
): Promise<number> {
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
    origin: meta.origin ?? 'imported',
    count: total,
    importedAt: new Date(),
  };
  await tx
    .insert(listSources)
    .values({ source: meta.source, ...row })
    .onConflictDoUpdate({ target: listSources.source, set: row });
  return total;
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
