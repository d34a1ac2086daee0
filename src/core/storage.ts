/**
 * The one storage failure the core expects: the database cannot be reached just now (connection
 * refused or lost, the server shutting down). The store classifies its driver's errors into
 * `StorageUnavailableError`, so no adapter ever matches a driver's message; use cases turn it into
 * the `storage-unavailable` value where they return results (a report), and adapters' error
 * boundaries answer "nothing was saved, try again in a minute" for the rest. Anything else a store
 * throws is a bug and stays unexpected.
 */

/** How long a client should wait before retrying a write refused because storage is unavailable. */
export const STORAGE_RETRY_AFTER_SECONDS = 30;

/** Thrown by a storage port when the database cannot be reached; `cause` is the driver's error. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  readonly code = 'storage-unavailable';
  constructor(
    /** What the store was doing, for the log line (`reports.saveReport`). */
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`storage unavailable during ${operation}`, options);
  }
}

/** A write refused because storage is unavailable, as a use case's expected failure. */
export interface StorageUnavailable {
  code: 'storage-unavailable';
  reason: string;
  hint: string;
  retryAfterSeconds: number;
}

export function storageUnavailable(): StorageUnavailable {
  return {
    code: 'storage-unavailable',
    reason: 'the database is not answering just now, so nothing was saved',
    hint: 'try again in a minute',
    retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS,
  };
}
