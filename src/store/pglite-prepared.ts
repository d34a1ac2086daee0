/**
 * Named prepared statements on PGlite. Its `query` sends an unnamed statement through six protocol
 * round trips into the WASM backend (parse, describe, bind, describe, execute, sync), so every
 * screen was parsed and planned anew. Here each statement text is parsed once under a name, and a
 * call is one round trip of Bind, Describe, Execute and Sync, parsed by PGlite's own result parser
 * (`parse.parseResults`). It takes both of PGlite's locks, as `query` does, so it never runs
 * inside another caller's transaction. Written here because PGlite's API has no prepared
 * statements (only `execProtocol`, `runExclusive` and the protocol serializer it exports).
 */
import { type PGlite, parse, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;

/** A bound parameter in text form, as the backend parses it for the inferred type. */
function textParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(`a prepared statement parameter must be text, a number or a date, not ${typeof value}`);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function pglitePreparedQuery(client: PGlite): <T>(text: string, params: unknown[]) => Promise<T[]> {
  const names = new Map<string, string>();
  let made = 0;
  return <T>(text: string, params: unknown[]) =>
    client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        let name = names.get(text);
        const parts: Uint8Array[] = [];
        if (name === undefined) {
          made += 1;
          name = `chainwarden_${made}`;
          parts.push(serialize.parse({ name, text }));
        }
        parts.push(
          serialize.bind({ statement: name, values: params.map(textParameter) }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        );
        try {
          const { messages } = await client.execProtocol(concat(parts));
          names.set(text, name);
          return (parse.parseResults(messages, client.parsers)[0]?.rows ?? []) as T[];
        } catch (error) {
          // Whatever failed, the name is parsed anew next time: closing a name never parsed is no error.
          names.delete(text);
          await client
            .execProtocol(concat([serialize.close({ type: 'S', name }), serialize.sync()]))
            .catch(() => {});
          throw error;
        }
      }),
    );
}
