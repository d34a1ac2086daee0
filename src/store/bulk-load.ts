/**
 * Bulk loads inside a transaction, the fastest way each engine has, for list imports of a million
 * rows: COPY ... FROM STDIN streamed through postgres.js on Postgres; on PGlite, INSERT ... SELECT
 * FROM unnest() of text arrays, 10,000 rows a statement (measured: about a third less CPU than
 * COPY FROM '/dev/blob', whose text parsing in WASM costs more than binding arrays). List imports
 * load into a table with no index yet (list-editions.ts).
 *
 * Values are text or null. Every value is escaped for COPY's text format or bound as an array
 * element, never spliced into SQL; table and column names come from our code, never from a file.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';

export type BulkValue = string | null;

/** Rows written into one table: `write` resolves once the engine has taken them (back-pressure). */
export interface BulkLoad {
  write(rows: readonly (readonly BulkValue[])[]): Promise<void>;
  /** Resolves when every row is stored. */
  end(): Promise<void>;
  /** Cancels the load (the caller then rolls the transaction back). */
  abort(): Promise<void>;
}

/** Opens a bulk load of `columns` (all text) of `table`, inside the current transaction. */
export type OpenBulkLoad = (table: string, columns: readonly string[]) => Promise<BulkLoad>;

/** Thrown when a value cannot be stored as Postgres text at all (it holds a NUL). */
export class BulkValueError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly value: string,
  ) {
    super(
      `cannot store a NUL character (U+0000) in ${table}.${column}: ${JSON.stringify(value.slice(0, 80))}`,
    );
    this.name = 'BulkValueError';
  }
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One field in COPY's text format: null as `\N`; backslash, line feed, carriage return and tab
 * (the delimiter) backslash-escaped, which is all the format reads specially. So no value can end
 * a row or a field early, and `\.` (end of data) can only arrive as `\\.`, an escaped backslash.
 */
export function copyField(value: BulkValue): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c] ?? c) : value;
}

function checkValues(table: string, columns: readonly string[], rows: readonly (readonly BulkValue[])[]) {
  for (const row of rows) {
    if (row.length !== columns.length) {
      throw new Error(
        `bulk load into ${table}: a row has ${row.length} values for ${columns.length} columns`,
      );
    }
  }
}

/** Throws BulkValueError for the first value holding a NUL, in the columns `only` names (all when absent). */
function refuseNul(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly BulkValue[])[],
  only?: readonly number[],
): void {
  for (const row of rows) {
    for (const i of only ?? row.keys()) {
      const value = row[i];
      if (value?.includes('\0')) throw new BulkValueError(table, columns[i] ?? '?', value);
    }
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
function identifiers(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`bulk load: not a plain identifier: ${name}`);
  }
}

/** Postgres: `COPY table (columns) FROM STDIN` on the transaction's connection, streamed. */
export function postgresBulkLoader(tx: postgres.TransactionSql): OpenBulkLoad {
  return async (table, columns) => {
    identifiers(table, columns);
    const stream = (await tx
      .unsafe(`copy ${table} (${columns.join(', ')}) from stdin`)
      .writable()) as unknown as Writable;
    let failure: unknown = null;
    stream.on('error', (error) => {
      failure ??= error;
    });
    return {
      async write(rows) {
        if (failure) throw failure;
        checkValues(table, columns, rows);
        let text = '';
        for (const row of rows) {
          for (let i = 0; i < row.length; i += 1) {
            text += i === 0 ? copyField(row[i] ?? null) : `\t${copyField(row[i] ?? null)}`;
          }
          text += '\n';
        }
        // copyField leaves a NUL as it is: one look at the whole batch, then the culprit named.
        if (text.includes('\0')) refuseNul(table, columns, rows);
        // once() rejects if the stream fails (Postgres refused a row) while we wait for it to drain.
        if (!stream.write(text)) await once(stream, 'drain');
      },
      async end() {
        if (failure) throw failure;
        stream.end();
        // postgres.js finishes the stream when Postgres answers CommandComplete, or fails it.
        await finished(stream);
      },
      async abort() {
        if (stream.destroyed) return;
        // Sends CopyFail: Postgres ends the COPY with an error and the connection can roll back.
        stream.destroy(new Error('bulk load cancelled'));
        await finished(stream).catch(() => {});
      },
    };
  };
}

/** Rows per INSERT ... unnest() statement on PGlite. */
const PGLITE_ROWS_PER_STATEMENT = 10_000;

/**
 * The INSERT for one batch: a column whose value is the same in every row (a list's source and
 * kind, the chain, an absent label) is bound once as a scalar, the others as arrays to unnest.
 * Each array element is parsed by Postgres's array_in, so a list import's eight constant columns
 * cost nothing per row. At least one column is unnested, so the statement has a row per row.
 */
export function pgliteInsert(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly BulkValue[])[],
): { text: string; params: (BulkValue | BulkValue[])[]; unnested: number[] } {
  const first = rows[0] ?? [];
  const constant = columns.map((_, i) => rows.every((row) => row[i] === first[i]));
  if (constant.every(Boolean)) constant[0] = false;
  const params: (BulkValue | BulkValue[])[] = [];
  const unnested: number[] = [];
  const arrays: string[] = [];
  const values = columns.map((_, i) => {
    if (constant[i]) {
      params.push(first[i] ?? null);
      return `$${params.length}::text`;
    }
    params.push(rows.map((row) => row[i] ?? null));
    unnested.push(i);
    arrays.push(`$${params.length}::text[]`);
    return `u.c${i}`;
  });
  const names = unnested.map((i) => `c${i}`).join(', ');
  const text = `insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from unnest(${arrays.join(', ')}) as u(${names})`;
  return { text, params, unnested };
}

/** PGlite: INSERT ... SELECT FROM unnest($1::text[], ...), 10,000 rows a statement. */
export function pgliteBulkLoader(tx: Transaction): OpenBulkLoad {
  return async (table, columns) => {
    identifiers(table, columns);
    let pending: (readonly BulkValue[])[] = [];

    async function flush(): Promise<void> {
      if (pending.length === 0) return;
      const { text, params, unnested } = pgliteInsert(table, columns, pending);
      // A constant column's value is checked once, on the first row.
      refuseNul(table, columns, pending.slice(0, 1));
      refuseNul(table, columns, pending, unnested);
      await tx.query(text, params);
      pending = [];
    }

    return {
      async write(rows) {
        checkValues(table, columns, rows);
        for (const row of rows) {
          pending.push(row);
          if (pending.length >= PGLITE_ROWS_PER_STATEMENT) await flush();
        }
      },
      async end() {
        await flush();
      },
      async abort() {
        // Nothing is pending that the rollback does not undo.
        pending = [];
      },
    };
  };
}
