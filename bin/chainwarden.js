#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx chainwarden` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/adapters/cli/main.ts');
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
