/**
 * Watch-list alerts sent to Telegram chats (the core's `AlertChannel`), through the running bot's
 * API. A chat the bot was removed from, or that is gone, refuses for good (403, 400 chat not
 * found): retrying cannot help. Anything else (429 after auto-retry, 5xx, network) is retried.
 */
import { type Api, GrammyError } from 'grammy';
import type { AlertChannel, DeliveryOutcome } from '../../core/index.js';
import { renderWatchAlertHtml, renderWatchDigestHtml } from './watch-render.js';

async function deliver(api: Api, chatId: string, html: string): Promise<DeliveryOutcome> {
  try {
    await api.sendMessage(chatId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    return { ok: true };
  } catch (error) {
    if (error instanceof GrammyError) {
      const permanent =
        error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description));
      return { ok: false, error: `Telegram refused: ${error.description}`, permanent };
    }
    return {
      ok: false,
      error: `could not reach Telegram: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export function createTelegramAlertChannel(api: Api): AlertChannel {
  return {
    send(alert) {
      if (alert.watch.destination.kind !== 'telegram')
        return Promise.resolve({ ok: false, error: 'not a Telegram chat', permanent: true });
      return deliver(api, alert.watch.destination.chatId, renderWatchAlertHtml(alert));
    },
    sendDigest(destination, alerts) {
      if (destination.kind !== 'telegram')
        return Promise.resolve({ ok: false, error: 'not a Telegram chat', permanent: true });
      return deliver(api, destination.chatId, renderWatchDigestHtml(alerts));
    },
  };
}
