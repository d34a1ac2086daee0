/**
 * The zod schemas of the HTTP API. The same objects validate requests and generate /openapi.json,
 * so the published contract cannot drift from what the server accepts.
 */
import { z } from '@hono/zod-openapi';
import {
  APPEAL_OUTCOMES,
  APPEAL_STATUSES,
  CHAINS,
  EXPOSURE_DIRECTIONS,
  EXPOSURE_KINDS,
  type Exposure,
  HISTORY_EVENTS,
  MAX_CONTACT_LENGTH,
  MAX_SIGNATURE_LENGTH,
  MAX_SIGNED_MESSAGE_LENGTH,
  MAX_STATEMENT_LENGTH,
  OWNERSHIP_METHODS,
  REASON_CODES,
  REPORT_CATEGORIES,
  REPORTER_WEIGHTS,
  RISK_LEVELS,
  type RiskSummary,
  TRACE_INCOMPLETE_REASONS,
  TRACE_STOP_REASONS,
  WATCH_EVENT_KINDS,
} from '../../core/index.js';

/** Most addresses one `POST /v1/screen` may carry. */
export const MAX_BATCH_ADDRESSES = 100;
/** Longest free text `POST /v1/screen` scans; the body cap bounds it too, this gives a clearer error. */
export const MAX_SCREEN_TEXT = 16_384;

const EXAMPLE_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:chainwarden:problem:invalid-address' }),
    title: z.string().openapi({ example: 'Invalid address' }),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string(),
    /** Closed list of machine-readable codes; the `type` ends with the same code. */
    code: z.string(),
    /** The core's own words, for clients that lay out reason and hint separately. */
    reason: z.string().optional(),
    hint: z.string().optional(),
    input: z.string().optional(),
    retryAfterSeconds: z.number().int().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json).' });

// The documented shapes and the core's types must not drift apart: a compile error below if they do.
// (Exact equality: optional fields missing on either side count too.)
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const ExposureStepSchema = z.object({
  from: z.string().openapi({ description: 'Who sent the funds.' }),
  to: z.string().openapi({ description: 'Who received them.' }),
  amount: z
    .string()
    .openapi({ description: "Total on this edge in the asset's whole units, decimal string." }),
  asset: z.string().openapi({ example: 'ETH' }),
  transactions: z.array(z.string()),
});

export const ExposureSchema = z
  .object({
    address: z.string(),
    chain: z.enum(CHAINS),
    hops: z.union([z.literal(1), z.literal(2)]),
    complete: z
      .boolean()
      .openapi({ description: 'false: some history was not read; `incomplete` says why.' }),
    incomplete: z.array(z.enum(TRACE_INCOMPLETE_REASONS)).openapi({
      description:
        '`budget`: TRACE_BUDGET_MS ran out; `node-unavailable`: the history source failed for some address; `history-limit`: only the TRACE_MAX_TX most recent transactions of some address were read.',
    }),
    asOf: z.string().openapi({ description: 'When the history was read (ISO 8601).' }),
    source: z.string().openapi({ example: 'evm:1 trace_filter' }),
    transactionsRead: z.number().int(),
    hits: z.array(
      z.object({
        address: z.string(),
        kind: z.enum(EXPOSURE_KINDS),
        source: z.string().openapi({ example: 'ofac-sdn (2024-09-27)' }),
        label: z.string().nullable(),
        entity: z.string().nullable().openapi({ example: 'LAZARUS GROUP (DPRK3)' }),
        hop: z.union([z.literal(1), z.literal(2)]).openapi({ description: '1: a direct counterparty.' }),
        direction: z
          .enum(EXPOSURE_DIRECTIONS)
          .openapi({ description: '`incoming`: funds came from the flagged address.' }),
        path: z.array(z.string()).openapi({ description: 'From the screened address to the flagged one.' }),
        transactions: z.array(z.string()),
        amount: z.string(),
        asset: z.string(),
        steps: z.array(ExposureStepSchema),
        dust: z.boolean().openapi({ description: 'Under TRACE_DUST: listed, never raises a level.' }),
      }),
    ),
    stoppedAt: z.array(
      z.object({ address: z.string(), reason: z.enum(TRACE_STOP_REASONS), label: z.string().nullable() }),
    ),
    level: z.enum(RISK_LEVELS),
    cached: z.boolean(),
  })
  .openapi('Exposure');

// The documented shape and the core's type must not drift apart: a compile error here if they do.
const exposureMatchesCore: Same<z.infer<typeof ExposureSchema>, Exposure> = true;
void exposureMatchesCore;

export const RiskSummarySchema = z
  .object({
    input: z.string(),
    address: z.string().openapi({ description: 'What a person should copy (EIP-55 for EVM).' }),
    chain: z.enum(CHAINS),
    network: z.enum(['mainnet', 'testnet']),
    level: z.enum(RISK_LEVELS),
    score: z.number(),
    reasons: z.array(
      z.object({
        code: z.enum(REASON_CODES).openapi({ description: 'Stable: codes are added, never renamed.' }),
        text: z.string(),
        source: z.string(),
      }),
    ),
    reports: z.object({
      total: z.number().int(),
      verified: z.number().int().openapi({
        description:
          'Reports verified by moderators of a community the operator trusts (`chainwarden community trust`); the API is in no community.',
      }),
      categories: z.partialRecord(z.enum(REPORT_CATEGORIES), z.number().int()),
      verifiedElsewhere: z.number().int().optional().openapi({
        description:
          'Reports verified by moderators of untrusted communities: counted as ordinary reports (in `total`, not `verified`). Absent when none.',
      }),
    }),
    sanctioned: z.boolean(),
    lookalikes: z.array(z.object({ address: z.string(), label: z.string(), source: z.string() })),
    onchain: z
      .object({
        available: z.boolean(),
        source: z.string(),
        isContract: z.boolean().nullable(),
        txCount: z.number().nullable(),
        balance: z
          .string()
          .nullable()
          .openapi({ description: 'Smallest unit (wei, satoshi), decimal string.' }),
        name: z.string().nullable().optional().openapi({ description: 'ENS reverse name, when known.' }),
        unavailableBecause: z
          .enum(['timeout', 'error', 'paused', 'rejected', 'skipped', 'busy'])
          .optional()
          .openapi({
            description:
              'Why facts are missing when `available` is false. `skipped`: the request held more addresses than are looked up on the chain per request (the first CHAIN_MAX_LOOKUPS_PER_REQUEST are); `busy`: the node had no free slot within the timeout.',
          }),
        received: z.string().optional().openapi({ description: 'Bitcoin: total received, satoshis.' }),
        sent: z.string().optional().openapi({ description: 'Bitcoin: total sent, satoshis.' }),
      })
      .nullable()
      .openapi({ description: 'null when no node is configured for this chain.' }),
    exposure: ExposureSchema.nullable().optional().openapi({
      description:
        'The direct part of the exposure (1 hop, within CHAIN_TIMEOUT_MS, or cached); null when no history source is configured for the chain or it did not answer in time.',
    }),
    otherForms: z
      .array(z.object({ address: z.string(), chain: z.enum(CHAINS), form: z.string() }))
      .optional()
      .openapi({
        description:
          'Other spellings of the address (TON bounceable and raw forms, Bitcoin Cash legacy form) or the same string on another chain (a Bitcoin 1…/3… is also a Bitcoin Cash address). Absent when none.',
      }),
  })
  .openapi('RiskSummary');

// The documented shape and the core's type must not drift apart.
const riskSummaryMatchesCore: Same<z.infer<typeof RiskSummarySchema>, RiskSummary> = true;
void riskSummaryMatchesCore;

export const AddressParamSchema = z.object({
  address: z.string().openapi({
    param: { name: 'address', in: 'path' },
    description:
      'EVM, Bitcoin, Tron, Solana, Litecoin, Bitcoin Cash, Dogecoin or TON address, as the user typed it.',
    example: EXAMPLE_ADDRESS,
  }),
});

export const ScreenRequestSchema = z
  .strictObject({
    text: z
      .string()
      .max(MAX_SCREEN_TEXT)
      .optional()
      .openapi({ description: 'Free text; every address found in it is screened (at most 20).' }),
    addresses: z
      .array(z.string())
      .min(1)
      .max(MAX_BATCH_ADDRESSES)
      .optional()
      .openapi({ description: `1 to ${MAX_BATCH_ADDRESSES} addresses, screened in input order.` }),
  })
  .refine((body) => (body.text === undefined) !== (body.addresses === undefined), {
    message: 'send exactly one of "text" or "addresses"',
  })
  .openapi('ScreenRequest', { description: 'Exactly one of `text` or `addresses`.' });

export const ScreenErrorSchema = z
  .object({
    input: z.string(),
    error: z.object({ code: z.literal('invalid-address'), reason: z.string(), hint: z.string() }),
  })
  .openapi('ScreenError', {
    description: 'An entry of the batch that is not an address; the rest still answer.',
  });

export const ScreenResponseSchema = z
  .object({
    results: z.array(z.union([RiskSummarySchema, ScreenErrorSchema])),
    notScreened: z.number().int().min(0).optional().openapi({
      description:
        'For `text`: how many further addresses the text holds that were not screened (at most 20 are per text).',
    }),
  })
  .openapi('ScreenResponse');

export const ReportRequestSchema = z
  .strictObject({
    address: z.string(),
    category: z.string().openapi({
      description: `One of ${REPORT_CATEGORIES.join(', ')} (labels and a few aliases are accepted).`,
      example: 'phishing',
    }),
    note: z.string().nullable().optional().openapi({ description: 'At most 500 characters.' }),
    evidence: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'A transaction hash or an http(s) link.' }),
  })
  .openapi('ReportRequest');

const reportFields = {
  id: z.number().int(),
  address: z.string(),
  chain: z.enum(CHAINS),
  category: z.enum(REPORT_CATEGORIES),
  note: z.string().nullable(),
  evidence: z.string().nullable(),
  source: z.enum(['telegram', 'discord', 'cli', 'api']),
  status: z.enum(['active', 'review', 'rejected', 'dismissed']).openapi({
    description:
      '`review`: waiting for a moderator (see `heldFor`); `rejected`: a moderator turned it down, it never counts; `dismissed`: filed before a moderator upheld the owner’s appeal, no longer counted.',
  }),
  heldFor: z.enum(['allowlisted', 'new-account', 'new-member', 'doubted']).nullable().openapi({
    description:
      'Why a `review` report waits: the address is allowlisted, the reporter’s account or membership is new, or moderators rejected more of their reports than they approved.',
  }),
  weight: z.enum(REPORTER_WEIGHTS).openapi({
    description:
      'How much the reporter counted when they filed: `trusted` (moderator, operator-vouched, or more approved than rejected reports), `ordinary`, `new` or `doubted` (held for review).',
  }),
  verified: z.boolean().openapi({
    description:
      'Verified by a moderator of a community the operator trusts. A verification by another community’s moderator counts there only, and here as an ordinary report.',
  }),
  createdAt: z.string().openapi({ format: 'date-time' }),
  updatedAt: z.string().openapi({ format: 'date-time' }),
};

export const PublicReportSchema = z.object(reportFields).openapi('Report', {
  description:
    'A community report. Reporter ids are not published, so a scammer cannot find who reported them.',
});

export const SavedReportSchema = z
  .object({ ...reportFields, reporter: z.string().openapi({ example: 'api:1a2b3c4d' }) })
  .openapi('SavedReport');

export const ExposureQuerySchema = z.object({
  hops: z
    .enum(['1', '2'], { message: 'hops must be 1 (direct counterparties) or 2 (theirs too), e.g. ?hops=2' })
    .optional()
    .openapi({
      param: { name: 'hops', in: 'query' },
      description: '1: direct counterparties only; 2 (default): their counterparties too.',
    }),
});

export const ReportListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Default 50, at most 200.' }),
});

export const ReportListSchema = z
  .object({ address: z.string(), reports: z.array(PublicReportSchema) })
  .openapi('ReportList');

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) });

export const OwnershipRequestSchema = z
  .strictObject({
    address: z.string().max(200).openapi({ example: 'bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l' }),
    message: z.string().max(MAX_SIGNED_MESSAGE_LENGTH).openapi({
      description: 'The exact text that was signed, line breaks included.',
      example: 'Hello World',
    }),
    signature: z.string().max(MAX_SIGNATURE_LENGTH).openapi({
      description: 'As the wallet shows it after “Sign message”.',
      example:
        'AkcwRAIgZRfIY3p7/DoVTty6YZbWS71bc5Vct9p9Fia83eRmw2QCICK/ENGfwLtptFluMGs2KsqoNSk89pO7F29zJLUx9a/sASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI=',
    }),
  })
  .openapi('OwnershipRequest');

export const OwnershipVerdictSchema = z
  .object({
    valid: z.boolean(),
    method: z.enum(OWNERSHIP_METHODS).openapi({ description: 'Stable: methods are added, never renamed.' }),
    address: z.string().openapi({ description: 'The address as a person should copy it (EIP-55 for EVM).' }),
    chain: z.enum(CHAINS),
    reason: z
      .string()
      .optional()
      .openapi({ description: 'Why the signature is not valid; absent when valid.' }),
  })
  .openapi('OwnershipVerdict');
export const WatchRequestSchema = z
  .strictObject({
    address: z.string().openapi({ example: EXAMPLE_ADDRESS }),
    label: z.string().nullable().optional().openapi({ description: 'At most 64 characters, e.g. treasury.' }),
    webhookUrl: z.string().openapi({
      description: 'Where alerts are POSTed (http or https; not this service).',
      example: 'https://example.org/chainwarden-hook',
    }),
    allIncoming: z.boolean().optional().openapi({
      description: 'Every incoming transfer, not only those from sanctioned, listed or reported addresses.',
    }),
  })
  .openapi('WatchRequest');

const watchFields = {
  id: z.string().openapi({ example: 'w_3f2a9c0d1e4b5a67' }),
  address: z.string(),
  chain: z.enum(CHAINS),
  label: z.string().nullable(),
  allIncoming: z.boolean(),
  webhookUrl: z.string().nullable(),
  createdAt: z.string().openapi({ format: 'date-time' }),
};

export const WatchSchema = z.object(watchFields).openapi('Watch');

export const CreatedWatchSchema = z
  .object({
    ...watchFields,
    secret: z.string().openapi({
      description:
        'Shown once. Every delivery carries `X-Chainwarden-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed with this secret>`.',
    }),
    transfersUnavailable: z.string().nullable().openapi({
      description: 'Why transfers of this chain are not alerted (no node configured); null when they are.',
    }),
  })
  .openapi('CreatedWatch');

export const WatchListSchema = z.object({ watches: z.array(WatchSchema) }).openapi('WatchList');

export const WatchIdParamSchema = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'w_3f2a9c0d1e4b5a67' }),
});

export const DeliveryListSchema = z
  .object({
    deliveries: z.array(
      z.object({
        id: z.number().int(),
        event: z.enum(WATCH_EVENT_KINDS),
        status: z.enum(['pending', 'delivered', 'digested', 'failed', 'skipped']),
        attempts: z.number().int(),
        createdAt: z.string().openapi({ format: 'date-time' }),
        deliveredAt: z.string().nullable(),
        nextAttemptAt: z.string().nullable(),
        lastError: z.string().nullable(),
        body: z
          .record(z.string(), z.unknown())
          .openapi({ description: 'The event as the webhook receives it.' }),
      }),
    ),
  })
  .openapi('DeliveryList');

export const ChallengeSchema = z
  .object({
    message: z.string().openapi({
      description:
        'The exact text to sign in the wallet: names Chainwarden, the address, a nonce and the expiry.',
    }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
    address: z.string(),
    chain: z.enum(CHAINS),
    howToSign: z.string().openapi({ description: 'Where this chain’s wallets sign a message.' }),
  })
  .openapi('AppealChallenge');

export const AppealRequestSchema = z
  .strictObject({
    message: z
      .string()
      .max(MAX_SIGNED_MESSAGE_LENGTH)
      .openapi({ description: 'The challenge text, as signed.' }),
    signature: z.string().max(MAX_SIGNATURE_LENGTH),
    statement: z
      .string()
      .max(MAX_STATEMENT_LENGTH * 4)
      .openapi({
        description: `Why the reports are wrong, at most ${MAX_STATEMENT_LENGTH} characters; moderators read it.`,
      }),
    contact: z
      .string()
      .max(MAX_CONTACT_LENGTH * 4)
      .nullable()
      .optional()
      .openapi({
        description: `How moderators may reach you, at most ${MAX_CONTACT_LENGTH} characters; not published.`,
      }),
  })
  .openapi('AppealRequest');

export const AppealSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(APPEAL_STATUSES),
    address: z.string(),
    chain: z.enum(CHAINS),
    method: z.enum(OWNERSHIP_METHODS),
    statement: z.string(),
    createdAt: z.string().openapi({ format: 'date-time', description: 'When control was proved.' }),
    decidedAt: z.string().nullable().openapi({ format: 'date-time' }),
    note: z.string().nullable(),
    dismissedReports: z.number().int(),
  })
  .openapi('Appeal');

export const AppealDetailSchema = AppealSchema.extend({
  message: z.string(),
  signature: z.string(),
  contact: z.string().nullable(),
  source: z.enum(['api', 'telegram', 'discord', 'cli', 'web']),
}).openapi('AppealDetail', { description: 'An appeal as moderators see it: the proof and the contact too.' });

export const AppealListSchema = z.object({ appeals: z.array(AppealDetailSchema) }).openapi('AppealList');

export const AppealListQuerySchema = z.object({
  status: z
    .enum(APPEAL_STATUSES)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Default: every status.' }),
});

export const AppealIdParamSchema = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '12' }),
});

export const AppealDecisionRequestSchema = z
  .strictObject({
    outcome: z.enum(APPEAL_OUTCOMES).openapi({
      description:
        '`upheld`: the community reports filed until now are dismissed; `rejected`: nothing changes.',
    }),
    note: z.string().max(2000).nullable().optional(),
  })
  .openapi('AppealDecisionRequest');

export const AppealDecisionSchema = AppealSchema.extend({
  delist: z
    .array(
      z.object({
        source: z.string(),
        kind: z.enum(['sanctions', 'scam', 'allow']),
        publisher: z.string(),
        url: z.string().nullable(),
        text: z.string(),
      }),
    )
    .openapi({
      description:
        'Sanctions and scam lists the address stays on: an appeal never changes them, their publisher must delist it.',
    }),
}).openapi('AppealDecision');
export const ReportReviewItemSchema = z
  .object({
    kind: z.literal('report').openapi({ description: 'A report waiting for a moderator.' }),
    id: z.string().openapi({ example: 'report-42' }),
    reportId: z.number().int(),
    address: z.string(),
    chain: z.enum(CHAINS),
    category: z.enum(REPORT_CATEGORIES),
    note: z.string().nullable(),
    evidence: z.string().nullable(),
    platform: z.string().openapi({ description: 'Where the reporter filed it; never their user id.' }),
    weight: z.enum(REPORTER_WEIGHTS),
    heldFor: z.enum(['allowlisted', 'new-account', 'new-member', 'doubted']).nullable(),
    community: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ReportReviewItem');

export const AppealReviewItemSchema = z
  .object({
    kind: z.literal('appeal').openapi({
      description:
        'An owner’s appeal: approve upholds it (the disputed reports are dismissed), reject rejects it.',
    }),
    id: z.string().openapi({ example: 'appeal-7' }),
    appealId: z.number().int(),
    address: z.string(),
    chain: z.enum(CHAINS),
    statement: z.string(),
    method: z.enum(OWNERSHIP_METHODS),
    source: z.enum(['api', 'telegram', 'discord', 'cli', 'web']),
    verifiedAt: z.string().openapi({ format: 'date-time', description: 'When the owner proved control.' }),
    disputes: z.array(
      z.object({
        reportId: z.number().int(),
        category: z.enum(REPORT_CATEGORIES),
        status: z.enum(['active', 'review']),
        platform: z.string(),
        weight: z.enum(REPORTER_WEIGHTS),
        community: z.string().nullable(),
        createdAt: z.string().openapi({ format: 'date-time' }),
      }),
    ),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('AppealReviewItem');

export const ReviewItemSchema = z
  .discriminatedUnion('kind', [ReportReviewItemSchema, AppealReviewItemSchema])
  .openapi('ReviewItem');

export const ReviewListSchema = z.object({ reviews: z.array(ReviewItemSchema) }).openapi('ReviewList');

export const ReviewListQuerySchema = z.object({
  community: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'Only this community’s queue, e.g. discord:80351110224678912.' }),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: 'Default 50.' }),
});

export const ReviewIdParamSchema = z.object({
  id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'report-42' }),
});

export const ReviewDecisionRequestSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: z.string().nullable().optional().openapi({ description: 'Why; at most 500 characters.' }),
  })
  .openapi('ReviewDecisionRequest');

export const ReviewOutcomeSchema = z
  .object({
    item: ReviewItemSchema,
    decision: z.enum(['approve', 'reject']),
    reviewedBy: z.string(),
    reviewedAt: z.string().openapi({ format: 'date-time' }),
    note: z.string().nullable(),
    appeal: z
      .object({ dismissedReports: z.number().int(), delist: AppealDecisionSchema.shape.delist })
      .nullable()
      .openapi({
        description: 'For an appeal: reports dismissed, and the lists only their publisher can change.',
      }),
  })
  .openapi('ReviewOutcome');

export const HistoryEventSchema = z
  .object({
    event: z.enum(HISTORY_EVENTS).openapi({
      description: 'What happened (list changes will be added as new values).',
    }),
    actorPlatform: z.string().openapi({ description: 'Where whoever acted did it; never their user id.' }),
    actorWeight: z.enum(REPORTER_WEIGHTS).nullable().openapi({
      description: 'A reporter’s weight when they reported; null for decisions and appeals.',
    }),
    reportId: z.number().int().nullable(),
    category: z.enum(REPORT_CATEGORIES).nullable(),
    note: z.string().nullable().openapi({ description: 'A moderator’s note on a decision.' }),
    at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('HistoryEvent');

export const HistorySchema = z
  .object({ address: z.string(), events: z.array(HistoryEventSchema) })
  .openapi('AddressHistory');
