/**
 * Which driver errors mean "the database cannot be reached just now", and the wrapper that turns
 * them into the core's `StorageUnavailableError` at every store's edge. postgres.js reports a lost
 * or refused connection by a Node error code (ECONNREFUSED...) or its own (CONNECTION_ENDED...),
 * and a server going away by SQLSTATE (57P01 admin shutdown, class 08 connection exceptions);
 * drizzle wraps them in a query error whose `cause` is the driver's, so the whole chain is read.
 */
import { StorageUnavailableError } from '../core/index.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_ENDED',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // SQLSTATE: admin shutdown, crash shutdown, cannot connect now, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True when `error` (or an error in its `cause` chain) says the database is unreachable. */
export function isConnectionFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof StorageUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    // SQLSTATE class 08: connection exceptions.
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    current = current.cause;
  }
  return false;
}

/**
 * The same store, with every method's connection failures rethrown as `StorageUnavailableError`
 * naming `name.method`. Other errors pass through untouched.
 */
export function classifyFailures<T extends object>(name: string, store: T): T {
  const guarded = { ...store } as Record<string, unknown>;
  for (const [key, value] of Object.entries(store)) {
    if (typeof value !== 'function') continue;
    guarded[key] = async (...args: unknown[]) => {
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } catch (error) {
        if (error instanceof StorageUnavailableError || !isConnectionFailure(error)) throw error;
        throw new StorageUnavailableError(`${name}.${key}`, { cause: error });
      }
    };
  }
  return guarded as T;
}
