/**
 * The one drizzle schema for both drivers (PGlite and postgres.js). Migrations in ../../migrations
 * are generated from it by drizzle-kit and never edited after they land.
 *
 * Every screening lookup is an equality on an indexed column: `address_key` for report tallies and
 * list entries, and (chain, lookalike_prefix, lookalike_suffix) for look-alike candidates.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const reports = pgTable(
  'reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    chain: text('chain').notNull(),
    lookalikePrefix: text('lookalike_prefix'),
    lookalikeSuffix: text('lookalike_suffix'),
    category: text('category').notNull(),
    note: text('note'),
    evidence: text('evidence'),
    reporter: text('reporter').notNull(),
    source: text('source').notNull(),
    community: text('community'),
    verifiedBy: text('verified_by'),
    /**
     * The community whose moderator verified the report (`telegram:<chat>`, `discord:<guild>`), and
     * when. Set by the verifying write only: a later report by the same person from another community
     * must not move a verification into that community (core/reports/trust.ts).
     */
    verifiedIn: text('verified_in'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    status: text('status').notNull().default('active'),
    /** How much the reporter counted when they filed (core/reports/weight.ts). */
    reporterWeight: text('reporter_weight').notNull().default('ordinary'),
    /** Why a `review` report waits: allowlisted, new-account, new-member, doubted. */
    heldFor: text('held_for'),
    /** Who approved or rejected it from the review queue, when, and their note. */
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A community's review queue: its reports waiting for a moderator, oldest first.
    index('reports_review_idx').on(t.community, t.createdAt).where(sql`${t.status} = 'review'`),
    // One report per reporter per address: a second report updates the first.
    uniqueIndex('reports_address_reporter_uq').on(t.addressKey, t.reporter),
    index('reports_reporter_updated_idx').on(t.reporter, t.updatedAt),
    // A screen reads an address's verifications by community; most addresses have none.
    index('reports_verified_idx')
      .on(t.addressKey, t.verifiedIn)
      .where(sql`${t.verifiedBy} is not null and ${t.status} = 'active'`),
    // FLAGS_PER_HOUR: the addresses a community's moderators verified in the last hour.
    index('reports_verified_in_idx').on(t.verifiedIn, t.verifiedAt).where(sql`${t.verifiedBy} is not null`),
    // Unused since screens probe report_tallies (migrations/0003); kept one release for replicas still
    // running the previous one's screening function during a rolling upgrade.
    index('reports_lookalike_idx')
      .on(t.chain, t.lookalikePrefix, t.lookalikeSuffix)
      .where(sql`${t.lookalikePrefix} is not null`),
  ],
);

/**
 * Per-address summary of `reports`, kept by triggers (migrations/0003) for every write: a screen reads
 * one row by key instead of aggregating every report, and look-alike probes scan addresses, not reports.
 * A row stays, zeroed, when its address's last report goes: a concurrent writer can always lock it.
 */
export const reportTallies = pgTable(
  'report_tallies',
  {
    addressKey: text('address_key').primaryKey(),
    address: text('address').notNull(),
    chain: text('chain').notNull(),
    lookalikePrefix: text('lookalike_prefix'),
    lookalikeSuffix: text('lookalike_suffix'),
    /** Reports with status `active`; only these count towards risk. */
    active: integer('active').notNull().default(0),
    /** Active reports a moderator verified. */
    verified: integer('verified').notNull().default(0),
    underReview: integer('under_review').notNull().default(0),
    /** Active reports per category, e.g. {"phishing": 3}. */
    categories: jsonb('categories').notNull().default({}),
    firstAt: timestamp('first_at', { withTimezone: true }),
    latestAt: timestamp('latest_at', { withTimezone: true }),
  },
  (t) => [
    index('report_tallies_lookalike_idx')
      .on(t.chain, t.lookalikePrefix, t.lookalikeSuffix)
      .where(sql`${t.lookalikePrefix} is not null and ${t.active} > 0`),
  ],
);

export const listSources = pgTable('list_sources', {
  source: text('source').primaryKey(),
  kind: text('kind').notNull(),
  listDate: text('list_date').notNull(),
  category: text('category'),
  count: integer('count').notNull().default(0),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  /** ListOrigin: bundled (the snapshot in data/), imported (the CLI) or refreshed (the scheduled refresh). */
  origin: text('origin').notNull().default('imported'),
});

/**
 * Partitioned by source (migrations/0015, which drizzle cannot declare): each imported list is a
 * partition of its own, loaded without indexes, indexed once and swapped in by an import
 * (list-store.ts); rows written by plain SQL for a source without one go to `list_entries_default`.
 * A partitioned table's primary key must hold the partition key, hence (id, source).
 */
export const listEntries = pgTable(
  'list_entries',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    chain: text('chain').notNull(),
    label: text('label'),
    category: text('category'),
    entity: text('entity'),
    program: text('program'),
    listedAt: text('listed_at'),
    lookalikePrefix: text('lookalike_prefix'),
    lookalikeSuffix: text('lookalike_suffix'),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.source] }),
    index('list_entries_address_idx').on(t.addressKey),
    index('list_entries_lookalike_idx')
      .on(t.chain, t.lookalikePrefix, t.lookalikeSuffix)
      .where(sql`${t.lookalikePrefix} is not null`),
  ],
);

/** Addresses screened or reported inside a community: look-alike candidates for that community. */
export const communityAddresses = pgTable(
  'community_addresses',
  {
    community: text('community').notNull(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    chain: text('chain').notNull(),
    lookalikePrefix: text('lookalike_prefix'),
    lookalikeSuffix: text('lookalike_suffix'),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.community, t.addressKey] }),
    index('community_addresses_lookalike_idx').on(t.community, t.chain, t.lookalikePrefix, t.lookalikeSuffix),
  ],
);

export const communitySettings = pgTable('community_settings', {
  community: text('community').primaryKey(),
  scanMode: text('scan_mode').notNull(),
  minLevel: text('min_level').notNull(),
  modLogChannel: text('mod_log_channel'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Communities the operator has a word on: whether their moderators' verifications count everywhere
 * (`chainwarden community trust`), and their title when a bot saw it. A community without a row is
 * untrusted; `community list` also names the communities known only from reports, settings or the log.
 */
export const communities = pgTable('communities', {
  community: text('community').primaryKey(),
  title: text('title'),
  trusted: boolean('trusted').notNull().default(false),
  trustedAt: timestamp('trusted_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const moderationLog = pgTable(
  'moderation_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    community: text('community').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    details: jsonb('details').notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('moderation_log_community_idx').on(t.community, t.at)],
);

/**
 * When the bot first saw each person in each chat (Telegram gives no join date to a bot in privacy
 * mode): their tenure for reporter weight. One row per chat and person, written once.
 */
export const memberSightings = pgTable(
  'member_sightings',
  {
    chat: text('chat').notNull(),
    member: text('member').notNull(),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chat, t.member] })],
);

/**
 * What happened to an address, in order, never updated nor deleted: reports filed, review decisions,
 * and (room for) appeals and list changes. Actors are kept as platform and weight, never user ids:
 * the history is public.
 */
export const addressHistory = pgTable(
  'address_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    /** reported, approved, rejected (appeal-*, list-* later). */
    event: text('event').notNull(),
    /** Platform of whoever acted: telegram, discord, api, cli. */
    actorPlatform: text('actor_platform').notNull(),
    /** A reporter's weight when they reported; null for decisions. */
    actorWeight: text('actor_weight'),
    reportId: bigint('report_id', { mode: 'number' }),
    category: text('category'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('address_history_address_idx').on(t.addressKey, t.at)],
);

export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** Requests a minute this key may make on /v1/*; null: the per-IP limit applies; 0: not limited. */
  rateLimitPerMinute: integer('rate_limit_per_minute'),
  /** 'report': files reports; 'admin': also reviews them (GET/POST /v1/reviews). */
  scope: text('scope', { enum: ['report', 'admin'] })
    .notNull()
    .default('report'),
});

/**
 * Watch-lists: an owner (`telegram:<chat>`, `discord:<guild>`, `api:<key id>`, `cli`) watches an
 * address; alerts go to `destination` (a Telegram chat id, a Discord channel id, a webhook URL).
 * One watch per owner and address; WATCH_MAX_PER_CHAT per owner (counted under a per-owner lock).
 */
export const watches = pgTable(
  'watches',
  {
    id: text('id').primaryKey(),
    owner: text('owner').notNull(),
    chain: text('chain').notNull(),
    network: text('network').notNull(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    label: text('label'),
    allIncoming: boolean('all_incoming').notNull().default(false),
    /** telegram, discord or webhook. */
    destinationKind: text('destination_kind').notNull(),
    destination: text('destination').notNull(),
    community: text('community'),
    /** The webhook's HMAC key (X-Chainwarden-Signature); null for chat watches. */
    secret: text('secret'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('watches_owner_address_uq').on(t.owner, t.addressKey),
    index('watches_address_idx').on(t.addressKey),
    index('watches_chain_idx').on(t.chain, t.addressKey),
  ],
);

/**
 * Alerts and their delivery (the outbox): one row per watch and event key, so no event is alerted
 * twice, whichever replica saw it and however often a block is read again.
 */
export const watchAlerts = pgTable(
  'watch_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    watchId: text('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    kind: text('kind').notNull(),
    event: jsonb('event').notNull(),
    /** pending, delivered, digested (sent inside a digest), failed (gave up), skipped (seen, not news). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('watch_alerts_event_uq').on(t.watchId, t.eventKey),
    index('watch_alerts_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('watch_alerts_watch_idx').on(t.watchId, t.id),
  ],
);

/** Messages sent to a chat (an alert or a digest), for the per-chat alert rate; pruned after an hour. */
export const watchChatSends = pgTable(
  'watch_chat_sends',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    destination: text('destination').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('watch_chat_sends_idx').on(t.destination, t.at)],
);

/** How far the watch poller has read each chain (`evm:<chainId>`, `bitcoin`), kept across restarts. */
export const watchCursors = pgTable('watch_cursors', {
  source: text('source').primaryKey(),
  height: bigint('height', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
/**
 * Ownership challenges for appeals: the exact text the owner signs, valid for an hour, used once
 * (`used_at` is set in the transaction that files the appeal).
 */
export const appealChallenges = pgTable(
  'appeal_challenges',
  {
    nonce: text('nonce').primaryKey(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    chain: text('chain').notNull(),
    message: text('message').notNull(),
    /** `telegram:<user>`, `discord:<user>`, `api:<key id>`; null for an anonymous API client. */
    requestedBy: text('requested_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('appeal_challenges_requester_idx').on(t.addressKey, t.requestedBy, t.createdAt)],
);

/**
 * Appeals filed with a verified ownership signature, and the moderators' decisions. The signed
 * message and signature are kept, so anyone can re-verify the proof later.
 */
export const appeals = pgTable(
  'appeals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    addressKey: text('address_key').notNull(),
    address: text('address').notNull(),
    chain: text('chain').notNull(),
    nonce: text('nonce').notNull().unique(),
    message: text('message').notNull(),
    signature: text('signature').notNull(),
    /** OwnershipMethod: eip191, bip322-simple, bip322-full, bip137, tron-v2, solana-ed25519. */
    method: text('method').notNull(),
    statement: text('statement').notNull(),
    contact: text('contact'),
    source: text('source').notNull(),
    submittedBy: text('submitted_by'),
    /** pending, upheld or rejected. */
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    note: text('note'),
    /** Community reports an upheld decision dismissed. */
    dismissedReports: integer('dismissed_reports').notNull().default(0),
  },
  (t) => [
    // A screen reads an address's latest appeal.
    index('appeals_address_idx').on(t.addressKey, t.id),
    // At most one appeal per address waits for a moderator.
    uniqueIndex('appeals_pending_uq').on(t.addressKey).where(sql`${t.status} = 'pending'`),
    index('appeals_status_idx').on(t.status, t.id),
  ],
);

/**
 * A community's decision on an appeal, one per (appeal, community): upheld dismissed that
 * community's disputed reports, rejected left them; either way the appeal leaves that community's
 * review queue. The appeal's own status changes only by the operator's decision or once every
 * community with disputed reports has decided (store/appeal-store.ts).
 */
export const appealDecisions = pgTable(
  'appeal_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appealId: bigint('appeal_id', { mode: 'number' })
      .notNull()
      .references(() => appeals.id),
    community: text('community').notNull(),
    /** upheld or rejected. */
    status: text('status').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text('decided_by').notNull(),
    note: text('note'),
    /** This community's reports the decision dismissed (upheld), else 0. */
    dismissedReports: integer('dismissed_reports').notNull().default(0),
  },
  (t) => [uniqueIndex('appeal_decisions_appeal_community_uq').on(t.appealId, t.community)],
);

/**
 * Traces read before (core/exposure/history.ts `TraceGraph`), one per address, chain and hops: the
 * chain head the reads saw is part of the key a trace asks for, so a new block means a new read.
 * The graph holds no verdict: hits are worked out against the current lists and reports each time.
 */
export const exposureTraces = pgTable(
  'exposure_traces',
  {
    addressKey: text('address_key').notNull(),
    chain: text('chain').notNull(),
    hops: integer('hops').notNull(),
    head: text('head').notNull(),
    graph: jsonb('graph').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.addressKey, t.chain, t.hops] })],
);

/**
 * One-time web sign-in links a bot sends a moderator in a private chat (`/weblogin`): only the
 * token's SHA-256 is stored; valid for 15 minutes, used once (`used_at`).
 */
export const webLoginLinks = pgTable('web_login_links', {
  tokenHash: text('token_hash').primaryKey(),
  /** `telegram:<user id>` / `discord:<user id>`: who the link signs in. */
  identity: text('identity').notNull(),
  /** The name the page greets them by (their platform name at the time of issue). */
  name: text('name').notNull(),
  /** The communities (`telegram:<chat>`, `discord:<guild>`) they moderated when the link was issued. */
  communities: jsonb('communities').$type<string[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** Signed-in web sessions: the cookie's SHA-256, who it is, and the CSRF token its forms carry. */
export const webSessions = pgTable(
  'web_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    identity: text('identity').notNull(),
    name: text('name').notNull(),
    communities: jsonb('communities').$type<string[]>().notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('web_sessions_expires_idx').on(t.expiresAt)],
);
