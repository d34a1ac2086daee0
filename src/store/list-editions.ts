/**
 * `list_entries` is partitioned by source (migrations/0015). An import writes a list's new edition
 * into a table of its own with no index, indexes it once, and swaps it in for the source's previous
 * partition, all in the import's transaction (docs/DESIGN.md, "List imports"). Updating three
 * indexes row by row was most of an import's cost: a 1M-row COPY took 14 s into the indexed table,
 * against 2 s into a bare one plus 3 s to build the indexes.
 *
 * Readers see the previous edition until the commit. On Postgres they run beside the load and the
 * index builds, and wait only for the swap at the end (DETACH takes an exclusive lock on
 * `list_entries` until the commit: milliseconds).
 *
 * Every statement here is either fixed text or formatted by Postgres itself (`format` with `%I` and
 * `%L`), so a list's name never reaches SQL unquoted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from './database.js';

const PARENT = 'list_entries';

/** Partitions of one source are named by a hash of it: `list_entries_<md5>_<edition>`. */
const partitionPrefix = (source: string) => `${PARENT}_${createHash('md5').update(source).digest('hex')}_`;

/** Runs a statement Postgres formatted from `format(...)`. */
async function runFormatted(tx: Db, formatted: SQL): Promise<void> {
  const [row] = rowsOf<{ ddl: string }>(await tx.execute(sql`select ${formatted} as ddl`));
  if (!row) throw new Error('format() returned no statement');
  await tx.execute(sql.raw(row.ddl));
}

/**
 * Creates the table `source`'s new edition is loaded into: `list_entries`' columns and defaults
 * (ids from its sequence), no index, and a check that every row is of `source`, so the final
 * ATTACH need not scan the rows to prove it. Dropped with the transaction if the import fails.
 */
export async function createEdition(tx: Db, source: string): Promise<string> {
  // Two imports at once would each hold list_entries for LIKE and then wait for the other's lock to
  // swap: they take turns instead.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('chainwarden:list-import'))`);
  const table = `${partitionPrefix(source)}${randomBytes(4).toString('hex')}`;
  await runFormatted(
    tx,
    sql`format('create table %I (like list_entries including defaults, constraint %I check (source = %L))',
               ${table}::text, ${`${table}_source`}::text, ${source}::text)`,
  );
  return table;
}

/**
 * Builds `table`'s indexes as `list_entries` declares them (read from the catalog, so a later
 * migration's index is built too), then puts it in place of `source`'s previous partition and of
 * any rows of `source` that plain SQL left in the default partition.
 */
export async function swapInEdition(tx: Db, source: string, table: string): Promise<void> {
  const indexes = rowsOf<{ definition: string; constraint_def: string | null }>(
    await tx.execute(sql`
      select pg_get_indexdef(x.indexrelid) as definition, pg_get_constraintdef(c.oid) as constraint_def
        from pg_index x left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
       where x.indrelid = ${PARENT}::regclass
       order by x.indexrelid`),
  );
  for (const [n, index] of indexes.entries()) {
    if (index.constraint_def !== null) {
      // A primary key or unique constraint: ATTACH pairs the parent's with a constraint, not a bare index.
      await runFormatted(
        tx,
        sql`format('alter table %I add constraint %I %s', ${table}::text, ${`${table}_c${n}`}::text,
                   ${index.constraint_def}::text)`,
      );
      continue;
    }
    // "CREATE [UNIQUE] INDEX name ON ONLY public.list_entries USING btree (...) [WHERE ...]"
    const parsed = /^CREATE (UNIQUE )?INDEX \S+ ON ONLY \S+ (USING .+)$/s.exec(index.definition);
    if (!parsed) throw new Error(`unexpected index on ${PARENT}: ${index.definition}`);
    await runFormatted(
      tx,
      sql`format('create %sindex %I on %I %s', ${parsed[1] ?? ''}::text, ${`${table}_i${n}`}::text,
                 ${table}::text, ${parsed[2]}::text)`,
    );
  }
  const previous = rowsOf<{ name: string }>(
    await tx.execute(sql`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = ${PARENT}::regclass and starts_with(c.relname, ${partitionPrefix(source)})`),
  );
  for (const { name } of previous) {
    await runFormatted(tx, sql`format('alter table list_entries detach partition %I', ${name}::text)`);
    await runFormatted(tx, sql`format('drop table %I', ${name}::text)`);
  }
  // Rows of this source in the default partition (written by SQL, or before migration 0015).
  await tx.execute(sql`delete from list_entries where source = ${source}`);
  await runFormatted(
    tx,
    sql`format('alter table list_entries attach partition %I for values in (%L)', ${table}::text, ${source}::text)`,
  );
}
