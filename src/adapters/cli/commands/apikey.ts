/**
 * `apikey create|list|revoke`: keys for the HTTP API's write endpoints, shown once, stored hashed.
 */
import { unsafeCharacter } from '../../../core/index.js';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../store/index.js';
import { BadInput, type RegisterCommands } from '../context.js';

export const registerApiKeyCommands: RegisterCommands = (program, { io, withApp }) => {
  const apikey = program
    .command('apikey')
    .description('Manage API keys for the HTTP API (report: POST /v1/reports; admin: also /v1/reviews)');
  apikey
    .command('create')
    .description('Create a key; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the key, e.g. "support desk"')
    .option(
      '--rate-limit <n>',
      'requests a minute this key may make on /v1/*, counted for the key instead of per client IP (0: not limited)',
    )
    .option(
      '--scope <scope>',
      'report: files reports; admin: also reviews the queue (GET/POST /v1/reviews), and its reports count as trusted',
      'report',
    )
    .option('--json', 'print {id, name, scope, key, rateLimitPerMinute}')
    .action(async (options: { name: string; scope: string; rateLimit?: string; json?: boolean }) => {
      const name = options.name.trim();
      if (name === '' || name.length > 100)
        throw new BadInput('error: --name must be 1 to 100 characters (e.g. --name "support desk")');
      const unsafe = unsafeCharacter(name);
      if (unsafe)
        throw new BadInput(`error: --name contains ${unsafe}; use plain text (e.g. --name "support desk")`);
      const rateLimitPerMinute = parseRateLimit(options.rateLimit);
      const scope = parseScope(options.scope);
      await withApp(
        async ({ stores }) => {
          const created = await stores.apiKeys.create({ name, rateLimitPerMinute, scope });
          if (options.json) {
            const { id, key } = created;
            io.stdout(`${JSON.stringify({ id, name: created.name, scope, key, rateLimitPerMinute })}\n`);
            return;
          }
          const limit = rateLimitPerMinute === null ? '' : `, ${describeLimit(rateLimitPerMinute)}`;
          io.stdout(
            `Created ${scope} API key ${created.id} (${created.name}${limit}). Store it now; it is not shown again:\n${created.key}\n`,
          );
        },
        { withChain: false },
      );
    });
  apikey
    .command('list')
    .description('List API keys (never the keys themselves)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        async ({ stores }) => {
          const keys = await stores.apiKeys.list();
          if (options.json) {
            io.stdout(`${JSON.stringify(keys, null, 2)}\n`);
            return;
          }
          if (keys.length === 0)
            io.stdout('No API keys. Create one: chainwarden apikey create --name NAME\n');
          for (const k of keys) {
            io.stdout(
              `${k.id}\t${k.name}\t${k.scope}\tcreated ${k.createdAt.toISOString()}\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}${k.rateLimitPerMinute === null ? '' : `\t${describeLimit(k.rateLimitPerMinute)}`}\n`,
            );
          }
        },
        { withChain: false },
      );
    });
  apikey
    .command('revoke')
    .description('Revoke an API key by id; requests with it are refused from then on')
    .argument('<id>', 'the key id shown by apikey list')
    .action(async (id: string) => {
      await withApp(
        async ({ stores }) => {
          if (!(await stores.apiKeys.revoke(id))) {
            throw new BadInput(
              `error: no API key with id "${id}" (expected an id from: chainwarden apikey list)`,
            );
          }
          io.stdout(`Revoked API key ${id}.\n`);
        },
        { withChain: false },
      );
    });
};

const MAX_RATE_LIMIT = 1_000_000;

function parseRateLimit(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_RATE_LIMIT) {
    throw new BadInput(
      `error: --rate-limit must be a whole number of requests a minute from 0 (not limited) to ${MAX_RATE_LIMIT}, got "${value}"`,
    );
  }
  return n;
}

function parseScope(value: string): ApiKeyScope {
  const scope = API_KEY_SCOPES.find((s) => s === value.trim().toLowerCase());
  if (!scope) {
    throw new BadInput(
      `error: --scope must be one of ${API_KEY_SCOPES.join(', ')} (report files reports; admin also reviews them), got "${value}"`,
    );
  }
  return scope;
}

const describeLimit = (perMinute: number) =>
  perMinute === 0 ? 'not rate-limited' : `${perMinute} requests a minute`;
