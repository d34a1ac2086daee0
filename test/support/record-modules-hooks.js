// Module hooks (they run on a thread of their own): record each resolved URL, change nothing.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.RECORD_MODULES_TO) appendFileSync(process.env.RECORD_MODULES_TO, `${resolved.url}\n`);
  return resolved;
}
