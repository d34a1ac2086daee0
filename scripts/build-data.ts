/**
 * `npm run data:build [public-data-dir]`: rebuilds the bundled snapshot in data/ from the public list
 * files (default ../shared/data, the folder beside the repository). See data/PROVENANCE.md.
 */
import { resolve } from 'node:path';
import { BUNDLED_DATA_DIR, buildSnapshot } from '../src/intel/index.js';

const publicDir = resolve(process.argv[2] ?? '../shared/data');
try {
  const { lists } = await buildSnapshot(publicDir, BUNDLED_DATA_DIR);
  for (const list of lists) {
    process.stdout.write(`${list.source}\t${list.kind}\tlist of ${list.listDate}\t${list.count} addresses\n`);
  }
  process.stdout.write(`Wrote ${BUNDLED_DATA_DIR} (see PROVENANCE.md there).\n`);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    process.stderr.write(
      `error: ${(error as Error).message}\n(expected the public list files in ${publicDir}; pass their folder as the first argument)\n`,
    );
    process.exit(2);
  }
  throw error;
}
