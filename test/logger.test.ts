import { Writable } from 'node:stream';
import { HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function capture(): { logger: ReturnType<typeof createLogger>; output: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('info', destination), output: () => lines.join('') };
}

describe('createLogger', () => {
  it('never writes a Telegram bot token, whether a network error quotes it in its message, stack or cause', () => {
    const { logger, output } = capture();
    const url = `https://api.telegram.org/bot${TOKEN}/getUpdates`;
    // grammY wraps the fetch failure, whose message names the URL it requested.
    const cause = new Error(`request to ${url} failed, reason: connect ECONNREFUSED 149.154.167.220:443`);
    const error = new HttpError("Network request for 'getUpdates' failed!", cause);
    logger.error({ err: error }, 'Telegram polling failed');
    logger.child({ updateId: 1 }).warn({ err: new Error(`GET ${url}`), url }, `retrying ${url}`);
    const written = output();
    expect(written).toContain('ECONNREFUSED');
    expect(written).toContain('https://api.telegram.org/bot[redacted]/getUpdates');
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain(TOKEN.split(':')[1]);
  });

  it('keeps TON raw addresses, which look a little like tokens', () => {
    const { logger, output } = capture();
    const ton = '0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8';
    logger.info({ address: ton }, 'screened');
    expect(output()).toContain(ton);
  });

  it('redacts secret fields by name', () => {
    const { logger, output } = capture();
    logger.info({ config: { telegram: { webhook: { secret: 'w'.repeat(32) } } }, token: 'abc' }, 'started');
    expect(output()).not.toContain('w'.repeat(32));
    expect(output()).not.toContain('"abc"');
  });
});
