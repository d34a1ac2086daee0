/**
 * PGlite is one process's database: two processes writing one data directory corrupt it. A pid file
 * in the directory makes the second one stop with a clear message instead.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../process-alive.js';

/** Thrown when a PGlite data directory is already held by another live process. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The database in ${dataDir} is in use by another Chainwarden process (pid ${pid}). ` +
        'PGlite allows one process at a time: stop that process first, or set DATABASE_URL to use Postgres, ' +
        'which any number of processes can share.',
    );
    this.name = 'DataDirInUseError';
  }
}

/** Takes the directory's lock and returns its release; throws DataDirInUseError while a live process holds it. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = join(dataDir, 'chainwarden.pid');
  const release = () => rmSync(lockPath, { force: true });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      // 'wx' creates the file only if it does not exist: two processes starting together cannot both win.
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLockPid(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') {
      // Just created and not written yet, most likely: give its owner a moment.
      pause(20);
      if (attempt < 25) continue;
    } else if (holder !== process.pid && isProcessAlive(holder)) {
      throw new DataDirInUseError(dataDir, holder);
    }
    // Stale (its process is gone): replace it atomically, then check that this process won the race.
    const mine = `${lockPath}.${process.pid}`;
    writeFileSync(mine, String(process.pid));
    renameSync(mine, lockPath);
    pause(20);
    const now = readLockPid(lockPath);
    if (now === process.pid) return release;
    if (typeof now === 'number' && isProcessAlive(now)) throw new DataDirInUseError(dataDir, now);
  }
  throw new Error(`Could not take the lock ${lockPath}: another process keeps changing it`);
}

function readLockPid(lockPath: string): number | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 'unreadable';
}

/** A short synchronous wait: the lock is taken once at start-up, before anything else runs. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
