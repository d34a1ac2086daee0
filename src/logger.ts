/**
 * The one pino root logger. Children carry context (`{ updateId }`, `{ requestId }`); secrets are
 * redacted wherever they appear in logged objects.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

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
          'authorization',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'key',
          '*.key',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
