/**
 * Running the bot: long polling with @grammyjs/runner, or webhook mode (setWebhook with a secret
 * token, plus a fetch-style handler the HTTP server mounts at `webhookPath`). Webhook replicas
 * are stateless: any of them can answer any update.
 */
import { run } from '@grammyjs/runner';
import { webhookCallback } from 'grammy';
import type { AlertChannel } from '../../core/index.js';
import { createTelegramAlertChannel } from './alerts.js';
import { createTelegramBot, type TelegramBotDeps } from './bot.js';

/** Update kinds the features handle; Telegram sends nothing else. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** Where the webhook is mounted when the configured URL has no path of its own. */
export const DEFAULT_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramHandle {
  stop(): Promise<void>;
  /** The path the HTTP server must route to `handleWebhook`; null in long-polling mode. */
  webhookPath: string | null;
  /** Fetch-style handler; answers 401 when X-Telegram-Bot-Api-Secret-Token is wrong. */
  handleWebhook: ((req: Request) => Promise<Response>) | null;
  /** Sends watch-list alerts to chats through this bot. */
  alerts: AlertChannel;
}

/** The URL to register and the path to mount: the configured URL's path, or DEFAULT_WEBHOOK_PATH. */
export function webhookTarget(configuredUrl: string): { url: string; path: string } {
  const url = new URL(configuredUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = DEFAULT_WEBHOOK_PATH;
  return { url: url.toString(), path: url.pathname };
}

/**
 * `signal` ends the start's own calls (getMe, setWebhook, deleteWebhook), which otherwise wait for an
 * unreachable Bot API as long as auto-retry keeps trying: the service gives each attempt a time limit
 * and tries again later (service.ts).
 */
export async function startTelegram(
  deps: TelegramBotDeps & { webhook: { url: string; secret: string } | null; signal?: AbortSignal },
): Promise<TelegramHandle> {
  const bot = createTelegramBot(deps);
  // grammY types signals with the abort-controller polyfill's AbortSignal; Node's is the same at run time.
  const signal = deps.signal as Parameters<typeof bot.init>[0];
  // getMe now (unless botInfo was given): a wrong token or API root fails at start, not later.
  await bot.init(signal);
  const log = deps.logger.child({ adapter: 'telegram', bot: bot.botInfo.username });

  if (deps.webhook) {
    const target = webhookTarget(deps.webhook.url);
    await bot.api.setWebhook(
      target.url,
      { secret_token: deps.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] },
      signal,
    );
    const callback = webhookCallback(bot, 'std/http', {
      secretToken: deps.webhook.secret,
      // Answer Telegram before its own timeout; a slow update finishes in the background.
      onTimeout: 'return',
      timeoutMilliseconds: 9_000,
    });
    log.info({ path: target.path }, 'telegram webhook registered');
    return {
      alerts: createTelegramAlertChannel(bot.api),
      webhookPath: target.path,
      handleWebhook: (req) => callback(req),
      async stop() {},
    };
  }

  // A webhook left from an earlier deployment would make getUpdates fail with 409.
  await bot.api.deleteWebhook(undefined, signal);
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  log.info('telegram long polling started');
  return {
    alerts: createTelegramAlertChannel(bot.api),
    webhookPath: null,
    handleWebhook: null,
    async stop() {
      if (runner.isRunning()) await runner.stop();
      log.info('telegram long polling stopped');
    },
  };
}
