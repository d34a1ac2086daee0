/**
 * Compiles src/ to dist/ (plain JavaScript, one file per source file, no bundling), which `npm start`,
 * the Docker image and `bin/chainwarden.js` run. Plain JavaScript itself, so it needs no build.
 *
 * - `node scripts/build.js`: always rebuilds (`npm run build`, and `npm install` through `prepare`).
 * - `node scripts/build.js --if-stale`: rebuilds only when a file or folder in src/ (or this script)
 *   is newer than dist/ (`npm start` through `prestart`); a fresh dist costs a few milliseconds.
 *
 * esbuild transpiles each file as tsx does in development (types are checked by `npm run typecheck`),
 * in about half a second where `tsc` takes over 15 s on a 2-core machine.
 *
 * It also writes the PGlite template (`.cache/pglite-template.tar.gz`, src/store/pglite.ts): an empty
 * database cluster made once by PGlite's initdb, which a fresh data directory is unpacked from.
 * initdb inside PGlite peaks at 700-850 MB and takes seconds; unpacking the template takes a fraction
 * of both. It is made again when the installed PGlite version changes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
/** Written last: its time is when dist/ was complete. */
const STAMP = '.built';
const CACHE = join(ROOT, '.cache');
const TEMPLATE = join(CACHE, 'pglite-template.tar.gz');
/** What the template was made from (`templateKey`); src/store/pglite.ts compares it too. */
const TEMPLATE_VERSION = join(CACHE, 'pglite-template.json');
const MIGRATIONS = join(ROOT, 'migrations');

/** The installed PGlite's version (its package.json is not exported, so it is read from the disk). */
export function pgliteVersion() {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')).version;
}

/**
 * The PGlite version and the migrations (their journal's SHA-256) the template holds: a template made
 * by another version, or before a migration was added, is not used (src/store/pglite.ts).
 */
export function templateKey() {
  const journal = readFileSync(join(MIGRATIONS, 'meta', '_journal.json'));
  return { pglite: pgliteVersion(), migrations: createHash('sha256').update(journal).digest('hex') };
}

function templateIsFresh() {
  try {
    const made = JSON.parse(readFileSync(TEMPLATE_VERSION, 'utf8'));
    const key = templateKey();
    return made.pglite === key.pglite && made.migrations === key.migrations;
  } catch {
    return false;
  }
}

/** Runs initdb and the migrations once (in memory) and saves the cluster as a gzipped tar. */
export async function buildTemplate() {
  const started = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create();
  try {
    // The schema too: a fresh data directory then starts with nothing to migrate.
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(drizzle(pg), { migrationsFolder: MIGRATIONS });
    await pg.query('checkpoint');
    const tarball = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
    mkdirSync(CACHE, { recursive: true });
    const staging = `${TEMPLATE}.${process.pid}`;
    writeFileSync(staging, tarball);
    renameSync(staging, TEMPLATE);
    writeFileSync(TEMPLATE_VERSION, `${JSON.stringify(templateKey())}\n`);
  } finally {
    await pg.close();
  }
  return performance.now() - started;
}

/** Newest modification time (ms) of a file or folder under `dir` (folders change when a file is deleted). */
function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** True when dist/ was built from the current sources, or when there are no sources (the Docker image). */
export function isFresh() {
  let built;
  try {
    built = statSync(join(DIST, STAMP)).mtimeMs;
  } catch {
    return false;
  }
  try {
    return Math.max(newestChange(SRC), statSync(fileURLToPath(import.meta.url)).mtimeMs) <= built;
  } catch {
    return true; // no src/: an image or package that ships dist/ only
  }
}

/**
 * Builds into a folder of its own, then swaps it in: a process running from dist/ (or a second build
 * started at the same moment) never sees a half-written dist/.
 */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const started = performance.now();
  const staging = `${DIST}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await esbuild({
    entryPoints: sourceFiles(SRC),
    outdir: staging,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(join(staging, STAMP), `${new Date().toISOString()}\n`);
  const previous = `${DIST}.previous-${process.pid}`;
  try {
    renameSync(DIST, previous);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, DIST);
  } catch (error) {
    // Another build finished in between and put its dist/ in place: it is built from the same sources.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(previous, { recursive: true, force: true });
  return performance.now() - started;
}

/**
 * Builds dist/ when it is missing or older than the sources, and the PGlite template when it is
 * missing or made by another PGlite version (`force`: both anyway); says so on stderr.
 */
export async function ensureBuilt({ force = false } = {}) {
  if (force || !isFresh()) {
    const ms = await build();
    process.stderr.write(
      `built ${relative(process.cwd(), DIST) || 'dist'}/ from src/ in ${Math.round(ms)} ms\n`,
    );
  }
  // With DATABASE_URL set (a Postgres deployment) PGlite is never opened: making its template
  // would only cost the install its one memory peak (initdb, several hundred MB).
  if (process.env.DATABASE_URL) return;
  if (force || !templateIsFresh()) {
    let ms;
    try {
      ms = await buildTemplate();
    } catch (error) {
      // Without pglite installed (a Postgres-only image) there is nothing to make; the store falls back to initdb.
      process.stderr.write(`PGlite template not made: ${error.message}\n`);
      return;
    }
    process.stderr.write(`made the empty PGlite database template in ${Math.round(ms)} ms\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureBuilt({ force: !process.argv.includes('--if-stale') });
}
