/**
 * Which driver errors the store calls "storage unavailable": the codes postgres.js and Node give a
 * refused, lost or shut-down connection, also when drizzle wraps them as the `cause` of its query
 * error. Anything else (a constraint, a syntax error) stays an unexpected failure.
 */
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../src/core/index.js';
import { classifyFailures, isConnectionFailure } from '../../src/store/unavailable.js';

const withCode = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });
/** How drizzle 0.45 reports a failed query: its own error, the driver's as `cause`. */
const wrapped = (cause: Error) => new Error('Failed query: select 1', { cause });

describe('isConnectionFailure', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'CONNECTION_ENDED',
    'CONNECTION_CLOSED',
    'CONNECT_TIMEOUT',
    '57P01',
    '57P03',
    '08006',
  ])('calls %s, bare or wrapped by drizzle, a connection failure', (code) => {
    expect(isConnectionFailure(withCode(code))).toBe(true);
    expect(isConnectionFailure(wrapped(withCode(code)))).toBe(true);
  });

  it.each(['23505', '42601', '22021', 'ERR_INVALID_ARG_TYPE'])('leaves %s an unexpected failure', (code) => {
    expect(isConnectionFailure(wrapped(withCode(code)))).toBe(false);
  });

  it('leaves errors without a code, and non-errors, unexpected', () => {
    expect(isConnectionFailure(new Error('connection refused'))).toBe(false);
    expect(isConnectionFailure('ECONNREFUSED')).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});

describe('classifyFailures', () => {
  const store = {
    async refused(): Promise<number> {
      throw wrapped(withCode('ECONNREFUSED'));
    },
    async unique(): Promise<number> {
      throw wrapped(withCode('23505'));
    },
    async fine(n: number): Promise<number> {
      return n + 1;
    },
  };
  const guarded = classifyFailures('test', store);

  it('rethrows a connection failure as StorageUnavailableError naming the method, with the cause', async () => {
    const error = await guarded.refused().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).operation).toBe('test.refused');
    expect(isConnectionFailure((error as Error).cause)).toBe(true);
  });

  it('passes other failures and results through untouched', async () => {
    const error = await guarded.unique().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).toBe('Failed query: select 1');
    await expect(guarded.fine(1)).resolves.toBe(2);
  });
});
