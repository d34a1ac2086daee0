/**
 * RFC 9457 problem details: every error the API returns, from a bad address to an unexpected crash,
 * is `application/problem+json` with a closed `code`, a `detail` written for the caller and the
 * request id, so a support desk can find the log line.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type {
  AppealError,
  InvalidAddress,
  OwnershipError,
  ReportError,
  WatchError,
} from '../../core/index.js';
import { sentence } from '../presentation.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES = {
  'invalid-address': 'Invalid address',
  'invalid-category': 'Unknown report category',
  'note-too-long': 'Note too long',
  'invalid-evidence': 'Invalid evidence',
  'invalid-reporter': 'Invalid reporter',
  'rate-limited': 'Too many reports',
  'invalid-signature': 'Not a signature',
  'unsupported-signature': 'Signature cannot be checked',
  'unsupported-chain': 'Chain not supported',
  'invalid-message': 'Invalid signed message',
  'signature-mismatch': 'Signature does not prove control',
  'challenge-not-found': 'Unknown challenge',
  'challenge-expired': 'Challenge expired',
  'challenge-used': 'Challenge already used',
  'appeal-pending': 'Appeal already pending',
  'invalid-statement': 'Invalid statement',
  'appeal-not-found': 'Unknown appeal',
  'appeal-decided': 'Appeal already decided',
  'invalid-outcome': 'Unknown outcome',
  'too-many-requests': 'Too many requests',
  'too-many-traces': 'Too many traces',
  'invalid-request': 'Request does not match the schema',
  'malformed-json': 'Malformed JSON',
  'unsupported-media-type': 'Unsupported media type',
  unauthorized: 'Missing or invalid API key',
  'forbidden-scope': 'API key scope too narrow',
  'invalid-review-id': 'Not a review id',
  'review-not-found': 'Nothing waits for review under this id',
  'already-decided': 'Already decided',
  'invalid-community': 'Not a community id',
  'not-found': 'Not found',
  'body-too-large': 'Request body too large',
  'not-ready': 'Not ready',
  'no-history-source': 'No chain history source',
  'database-unavailable': 'Database unavailable',
  'invalid-label': 'Label not accepted',
  'invalid-webhook': 'Webhook URL not accepted',
  'duplicate-watch': 'Already watched',
  'watch-limit': 'Too many watches',
  'watch-not-found': 'Watch not found',
  internal: 'Internal error',
} as const;

export type ProblemCode = keyof typeof TITLES;

/** How each expected failure of `submitReport` reaches an HTTP client. */
export const REPORT_ERROR_STATUS = {
  'invalid-address': 400,
  'invalid-category': 422,
  'note-too-long': 422,
  'invalid-evidence': 422,
  'invalid-reporter': 400,
  'rate-limited': 429,
  'storage-unavailable': 503,
} as const satisfies Record<ReportError['code'], ContentfulStatusCode>;

/** The problem code of each expected failure of `submitReport` (the core's words for storage differ). */
export function reportProblemCode(code: ReportError['code']): ProblemCode {
  return code === 'storage-unavailable' ? 'database-unavailable' : code;
}

/** How each expected failure of `verifyOwnership` reaches an HTTP client: all are bad input. */
export const OWNERSHIP_ERROR_STATUS = {
  'invalid-address': 400,
  'invalid-signature': 400,
  'unsupported-signature': 400,
  'unsupported-chain': 400,
  'invalid-message': 400,
} as const satisfies Record<OwnershipError['code'], ContentfulStatusCode>;
/** How each expected failure of the watch-list use case reaches an HTTP client. */
export const WATCH_ERROR_STATUS = {
  'invalid-address': 400,
  'invalid-label': 422,
  'invalid-webhook': 422,
  'duplicate-watch': 409,
  'watch-limit': 409,
  'watch-not-found': 404,
} as const satisfies Record<WatchError['code'], ContentfulStatusCode>;

/** How each expected failure of an appeal (challenge, filing, decision) reaches an HTTP client. */
export const APPEAL_ERROR_STATUS = {
  ...OWNERSHIP_ERROR_STATUS,
  'signature-mismatch': 422,
  'challenge-not-found': 422,
  'challenge-expired': 422,
  'challenge-used': 409,
  'appeal-pending': 409,
  'invalid-statement': 422,
  'appeal-not-found': 404,
  'appeal-decided': 409,
  'invalid-outcome': 400,
  'storage-unavailable': 503,
} as const satisfies Record<AppealError['code'], ContentfulStatusCode>;

/** The problem code of an appeal failure (the core's words for storage differ). */
export function appealProblemCode(code: AppealError['code']): ProblemCode {
  return code === 'storage-unavailable' ? 'database-unavailable' : code;
}

/** What a client reads when the database cannot be reached: nothing was saved, retry after a while. */
export const DATABASE_UNAVAILABLE_DETAIL =
  'The database is not answering just now, so nothing was saved. Try again after the Retry-After seconds.';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId: string;
  code: ProblemCode;
  reason?: string;
  hint?: string;
  input?: string;
  retryAfterSeconds?: number;
  errors?: Array<{ path: string; message: string }>;
}

export type ProblemExtras = Pick<ProblemBody, 'reason' | 'hint' | 'input' | 'retryAfterSeconds' | 'errors'>;

const HEADERS = { 'Content-Type': PROBLEM_CONTENT_TYPE };

// biome-ignore lint/suspicious/noExplicitAny: any route's context (its env, path and input types differ per route)
type AnyContext = Context<any, any, any>;

export function problemBody(
  c: AnyContext,
  status: number,
  code: ProblemCode,
  detail: string,
  extras: ProblemExtras = {},
): ProblemBody {
  return {
    type: `urn:chainwarden:problem:${code}`,
    title: TITLES[code],
    status,
    detail,
    instance: c.req.path,
    requestId: (c.get('requestId') as string | undefined) ?? 'unknown',
    code,
    ...extras,
  };
}

export function problem<S extends ContentfulStatusCode>(
  c: AnyContext,
  status: S,
  code: ProblemCode,
  detail: string,
  extras: ProblemExtras = {},
  headers: Record<string, string> = {},
) {
  return c.json(problemBody(c, status, code, detail, extras), status, { ...HEADERS, ...headers });
}

/**
 * `"0x123": has 3 hex characters after 0x, an EVM address has 40. An EVM address is 0x followed by ...`
 * Address reasons describe the input ("has 3 hex characters"), so the input leads; the report rules'
 * reasons are whole sentences already.
 */
export function describeError(error: InvalidAddress | ReportError | OwnershipError | AppealError): string {
  const what = error.code === 'invalid-address' ? `"${error.input}": ${error.reason}` : error.reason;
  return `${sentence(what)} ${sentence(error.hint)}`;
}

/** The core's error as problem extension members. */
export function errorExtras(
  error: InvalidAddress | ReportError | OwnershipError | AppealError,
): ProblemExtras {
  return {
    reason: error.reason,
    hint: error.hint,
    ...('input' in error ? { input: error.input } : {}),
    ...('retryAfterSeconds' in error ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  };
}
