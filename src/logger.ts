/**
 * The one pino root logger. Children carry context (`{ updateId }`, `{ requestId }`); secrets are
 * redacted wherever they appear in logged objects, and a Telegram bot token is removed from every
 * line written, whatever field carries it.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * A Telegram bot token (`<bot id>:<secret>`, as TELEGRAM_BOT_TOKEN accepts it). The Bot API puts it
 * in every URL (`https://api.telegram.org/bot<token>/getUpdates`), and a network error's message,
 * stack or nested cause can quote that URL. Five digits or more, so TON's raw `0:<hex>` and
 * `-1:<hex>` addresses are left alone.
 */
const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{20,}/g;

/** Removes bot tokens from a log line (or any text headed for one). */
export function redactSecrets(text: string): string {
  return text.replace(BOT_TOKEN, '[redacted]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'chainwarden' },
      redact: {
        paths: [
          'token',
          '*.token',
          'config.telegram.token',
          'config.discord.token',
          'secret',
          '*.secret',
          'config.telegram.webhook.secret',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'key',
          '*.key',
        ],
        censor: '[redacted]',
      },
      // The last look at every line, children's included: errors are serialised by then (message,
      // stack, causes), so a token in any of them is caught. Token characters need no JSON escaping.
      hooks: { streamWrite: redactSecrets },
    },
    destination,
  );
}
