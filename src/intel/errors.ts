/**
 * Thrown when a whole file cannot be read as the list it claims to be: not XML, an unknown root
 * element, a CSV without an address column, a JSON file that is not an array, a list with no valid
 * address. Single bad rows never throw; they are collected as `invalid` rows instead.
 * `reason` and `hint` are written for the person running the import (CLI exit code 2).
 */
export class IntelFileError extends Error {
  override readonly name = 'IntelFileError';
  readonly code = 'invalid-list-file' as const;
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}
