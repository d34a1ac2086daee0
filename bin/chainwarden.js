#!/usr/bin/env node
// The CLI, compiled: dist/ is built first when it is missing or older than src/ (scripts/build.js,
// half a second), so `npx chainwarden` works right after `git pull` as well as after `npm install`.
import { ensureBuilt } from '../scripts/build.js';

await ensureBuilt();
const { runCli } = await import('../dist/adapters/cli/main.js');
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
