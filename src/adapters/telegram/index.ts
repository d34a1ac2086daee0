/**
 * Telegram adapter (grammY). `startTelegram` runs the bot by long polling or webhook;
 * `createTelegramBot` builds it from one feature Composer per file in `features/`; the pure
 * renderers in `render.ts` turn core values into Telegram HTML. Every decision comes from the core.
 */

export {
  createTelegramBot,
  DEFAULT_USER_RATE_LIMIT,
  type TelegramBotDeps,
  type UserRateLimit,
} from './bot.js';
export type { BotContext } from './context.js';
export { escapeHtml, renderDetailsHtml, renderErrorHtml, renderSummaryHtml } from './render.js';
export { ALLOWED_UPDATES, startTelegram, type TelegramHandle, webhookTarget } from './start.js';
