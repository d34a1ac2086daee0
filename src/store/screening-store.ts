/**
 * The `ScreeningStore` port: a screen's signals in one prepared statement (report tallies, community
 * sightings, look-alikes, and the lists when they are too large for the in-memory index), and the
 * record of which addresses a community has seen.
 */
import { sql } from 'drizzle-orm';
import type {
  LookalikeCandidate,
  LookalikeProbe,
  ParsedAddress,
  ScreeningSignals,
  ScreeningStore,
} from '../core/index.js';
import type { Database } from './database.js';
import type { ListIndex, ListSnapshot } from './list-index.js';
import { type ListHitRow, listHitOf, tallyCategories } from './rows.js';
import { communityAddresses } from './schema.js';
import { createSignalsCache, type SignalsCache } from './signals-cache.js';
import { isConnectionFailure } from './unavailable.js';

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

/** Where the statement finds its inputs: numbered parameters, or the columns of a batch's rows. */
interface SignalInputs {
  key: string;
  chain: string;
  prefix: string;
  suffix: string;
  limit: string;
  community: string;
}

function signalsStatement(probe: boolean, community: boolean, lists: boolean): string {
  const p: SignalInputs = {
    key: '$1',
    chain: '$2',
    prefix: '$3',
    suffix: '$4',
    limit: '$5',
    community: probe ? '$6' : '$2',
  };
  return `select ${SIGNAL_COLUMNS} from (${signalParts(probe, community, lists, p).join(' union all ')}) as s(${SIGNAL_COLUMNS})`;
}

/**
 * The statement for many addresses at once, outside any community (watch-list counterparties):
 * the same probes, run for each row of `$1` (a JSON array of {key, chain, prefix, suffix}; a null
 * prefix probes no look-alikes), each answer tagged with the address it answers (`for_key`).
 */
function batchSignalsStatement(lists: boolean): string {
  const p: SignalInputs = {
    key: 'q.key',
    chain: 'q.chain',
    prefix: 'q.prefix',
    suffix: 'q.suffix',
    limit: '$2',
    community: '',
  };
  return `select q.key as for_key, s.* from jsonb_to_recordset($1::jsonb) as q(key text, chain text, prefix text, suffix text)
    cross join lateral (${signalParts(true, false, lists, p).join(' union all ')}) as s(${SIGNAL_COLUMNS})`;
}

function signalParts(probe: boolean, community: boolean, lists: boolean, p: SignalInputs): string[] {
  const parts = [
    `(select 'tally', t.address_key, t.address, t.chain, null::text, null::text, null::text, null::text,
             null::text, null::text, null::text, null::text,
             t.active, t.verified, t.under_review, t.categories, t.first_at, t.latest_at, null::text
        from report_tallies t where t.address_key = ${p.key})`,
    // The address's moderator verifications by the community they were made in, and whether the
    // operator trusts it: the core decides where each counts (core/reports/trust.ts).
    `(select 'verified', r.address_key, null, null, null,
             case when bool_or(c.trusted) then 'trusted' end, r.verified_in, null, null, null, null, null,
             count(*)::int, null, null, null, null, null, null
        from reports r left join communities c on c.community = r.verified_in
       where r.address_key = ${p.key} and r.verified_by is not null and r.status = 'active'
       group by r.address_key, r.verified_in)`,
    // The address's latest appeal unless rejected: pending or upheld, said in every summary, and
    // how many communities decided it for their own reports.
    `(select 'appeal', a.address_key, null, null, null, a.status, null, null, null, null, null, null,
             a.id::int,
             (select count(*)::int from appeal_decisions d where d.appeal_id = a.id),
             null, null, a.created_at, a.decided_at, null
        from (select address_key, status, id, created_at, decided_at from appeals
               where address_key = ${p.key} and status <> 'rejected' order by id desc limit 1) a)`,
  ];
  if (lists) {
    parts.push(`(select 'hit', e.address_key, e.address, e.chain, e.label, e.kind, e.source, ls.list_date, e.category,
             e.entity, e.program, e.listed_at, null, null, null, null, null, null, ls.origin
        from list_entries e join list_sources ls on ls.source = e.source where e.address_key = ${p.key})`);
  }
  // A look-alike: same chain, prefix and suffix, another address.
  const same = (t: string) =>
    `${t}.chain = ${p.chain} and ${t}.lookalike_prefix = ${p.prefix} and ${t}.lookalike_suffix = ${p.suffix} and ${t}.address_key <> ${p.key}`;
  if (probe) {
    if (lists) {
      parts.push(`(select 'twin', e.address_key, e.address, e.chain, e.label, e.kind, e.source, null, null, null,
               null, null, null, null, null, null, null, null, null
          from list_entries e where ${same('e')} limit ${p.limit})`);
    }
    parts.push(
      // Reported addresses are probed through their tallies: one row per address, active ones only.
      `(select 'twin', t.address_key, t.address, t.chain, null, 'report', 'community reports', null, null, null,
               null, null, null, null, null, null, null, null, null
          from report_tallies t where ${same('t')} and t.active > 0 limit ${p.limit})`,
    );
  }
  if (community) {
    parts.push(
      // When this address was first seen here: of two look-alikes, the one seen first is likelier the original.
      `(select 'seen', m.address_key, m.address, m.chain, null, null, null, null, null, null, null, null,
               null, null, null, null, m.first_seen, null, null
          from community_addresses m where m.community = ${p.community} and m.address_key = ${p.key})`,
    );
    if (probe) {
      parts.push(
        `(select 'twin', m.address_key, m.address, m.chain, null, 'community', m.community, null, null, null,
                 null, null, null, null, null, null, m.first_seen, null, null
            from community_addresses m where m.community = ${p.community} and ${same('m')} limit ${p.limit})`,
      );
    }
  }
  return parts;
}

interface SignalRow extends ListHitRow {
  what: 'tally' | 'verified' | 'hit' | 'twin' | 'seen' | 'appeal';
  key: string;
  address: string;
  chain: string;
  active: number | null;
  verified: number | null;
  under_review: number | null;
  categories: Record<string, number> | string | null;
  first_at: Date | string | null;
  latest_at: Date | string | null;
}

/** A new Date each time: the row may be a cached one, shared with other screens. */
const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** A statement's parameters for one address; its variant and these name its answer in the cache. */
function signalParams(address: ParsedAddress, lookalike: LookalikeProbe | null): unknown[] {
  const params: unknown[] = [address.key];
  if (lookalike) params.push(address.chain, lookalike.prefix, lookalike.suffix, MAX_LOOKALIKE_CANDIDATES);
  return params;
}

const cacheKey = (variant: readonly boolean[], params: unknown[]) => JSON.stringify([variant, params]);

/**
 * `cache` holds recent statements' rows (signals-cache.ts); whoever writes outside this store's
 * wrapped siblings empties it (`Stores.signalsChanged`).
 */
export function createScreeningStore(
  database: Database,
  lists: ListIndex,
  cache: SignalsCache = createSignalsCache(0),
): ScreeningStore {
  const { db } = database;
  const statements = new Map<string, string>();
  const statement = (probe: boolean, community: boolean | 'batch', inSql: boolean) => {
    const name = `${probe}:${community}:${inSql}`;
    let text = statements.get(name);
    if (text === undefined) {
      text = community === 'batch' ? batchSignalsStatement(inSql) : signalsStatement(probe, community, inSql);
      statements.set(name, text);
    }
    return text;
  };
  /** A statement's rows as the core's signals; the lists in memory, when held, answer list hits. */
  const toSignals = (
    rows: readonly SignalRow[],
    snapshot: ListSnapshot | null,
    address: ParsedAddress,
    lookalike: LookalikeProbe | null,
    reportsUnavailable: boolean,
  ): ScreeningSignals => {
    const signals: ScreeningSignals = {
      listHits: snapshot ? snapshot.hitsFor(address.key) : [],
      reports: {
        total: 0,
        verified: 0,
        underReview: 0,
        firstAt: null,
        latestAt: null,
        categories: {},
        verifications: [],
      },
      lookalikes:
        snapshot && lookalike
          ? snapshot.lookalikesOf(address.chain, lookalike, address.key, MAX_LOOKALIKE_CANDIDATES)
          : [],
      firstSeenHere: null,
      sanctionsList: lists.sanctionsList(),
      ...(reportsUnavailable ? { reportsUnavailable } : {}),
    };
    for (const row of rows) {
      if (row.what === 'tally') {
        signals.reports = {
          ...signals.reports,
          total: Number(row.active),
          verified: Number(row.verified),
          underReview: Number(row.under_review),
          firstAt: toDate(row.first_at),
          latestAt: toDate(row.latest_at),
          categories: tallyCategories(row.categories),
        };
      } else if (row.what === 'verified') {
        signals.reports.verifications.push({
          community: row.source,
          reports: Number(row.active),
          trusted: row.kind === 'trusted',
        });
      } else if (row.what === 'hit') {
        signals.listHits.push(listHitOf(row));
      } else if (row.what === 'appeal') {
        signals.appeal = {
          id: Number(row.active),
          status: row.kind === 'upheld' ? 'upheld' : 'pending',
          createdAt: toDate(row.first_at) ?? new Date(0),
          decidedAt: toDate(row.latest_at),
          communitiesDecided: Number(row.verified ?? 0),
        };
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
  };
  return {
    async signalsFor(address: ParsedAddress, { lookalike, community }) {
      const snapshot = await lists.snapshot();
      const variant = [lookalike !== null, community !== null, snapshot === null] as const;
      const params = signalParams(address, lookalike);
      if (community) params.push(community);
      let rows: readonly SignalRow[];
      let reportsUnavailable = false;
      const text = statement(...variant);
      const key = cacheKey(variant, params);
      try {
        rows =
          cache.get<SignalRow>(key) ??
          (await cache.fill(key, () => database.queryPrepared<SignalRow>(text, params)));
      } catch (error) {
        // The lists in memory still answer: a sanctioned address stays severe while the database is
        // down, and the summary says the reports were not read. Without them there is no answer.
        if (snapshot === null || !isConnectionFailure(error)) throw error;
        rows = [];
        reportsUnavailable = true;
      }
      return toSignals(rows, snapshot, address, lookalike, reportsUnavailable);
    },

    async signalsForMany(requests) {
      const snapshot = await lists.snapshot();
      // Each address's cache key is the one its own screen would use: the two share answers.
      const keys = requests.map(({ address, lookalike }) =>
        cacheKey([lookalike !== null, false, snapshot === null], signalParams(address, lookalike)),
      );
      const found = new Map<string, readonly SignalRow[]>();
      const missing = new Map<string, { address: ParsedAddress; lookalike: LookalikeProbe | null }>();
      requests.forEach((request, i) => {
        const key = keys[i] as string;
        const cached = cache.get<SignalRow>(key);
        if (cached) found.set(key, cached);
        else missing.set(key, request);
      });
      let reportsUnavailable = false;
      if (missing.size > 0) {
        const queried = [...missing.values()].map(({ address, lookalike }) => ({
          key: address.key,
          chain: address.chain,
          prefix: lookalike?.prefix ?? null,
          suffix: lookalike?.suffix ?? null,
        }));
        try {
          const read = await cache.fillMany<SignalRow>(async () => {
            const rows = await database.queryPrepared<SignalRow & { for_key: string }>(
              statement(true, 'batch', snapshot === null),
              [JSON.stringify(queried), MAX_LOOKALIKE_CANDIDATES],
            );
            const byAddress = new Map<string, SignalRow[]>();
            for (const { for_key, ...row } of rows) {
              byAddress.set(for_key, [...(byAddress.get(for_key) ?? []), row]);
            }
            return [...missing].map(([key, { address }]) => [key, byAddress.get(address.key) ?? []] as const);
          });
          for (const [key, rows] of read) found.set(key, rows);
        } catch (error) {
          if (snapshot === null || !isConnectionFailure(error)) throw error;
          reportsUnavailable = true;
        }
      }
      return requests.map(({ address, lookalike }, i) =>
        toSignals(found.get(keys[i] as string) ?? [], snapshot, address, lookalike, reportsUnavailable),
      );
    },

    async noteCommunityAddress(community, address, probe) {
      const [noted] = await db
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
        })
        // xmax is 0 on a row this statement inserted, and set on one it updated.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      // A first sighting is a new signal here (and a look-alike candidate); a repeat moves last_seen only.
      if (noted?.inserted !== false) cache.invalidate();
    },
  };
}
