/**
 * Telegram tells a bot neither when an account was made nor when a member joined, so a member's
 * tenure is when the bot first saw them in that chat (core/reports/weight.ts): every message,
 * button tap and join the bot sees is noted, before the features run, so someone whose first
 * message is their /report counts as seen just now (tenure 0).
 */
import type { MiddlewareFn } from 'grammy';
import { StorageUnavailableError } from '../../core/index.js';
import { actorOf, type BotContext, type FeatureDeps, isAnonymousAdmin } from './context.js';

export function noteSightings({ chainwarden }: FeatureDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat ?? ctx.callbackQuery?.message?.chat;
    // An anonymous admin is the group itself: nobody to time.
    const actor = isAnonymousAdmin(ctx.msg) ? null : actorOf(ctx);
    const seen = [
      ...(actor ? [actor] : []),
      ...(ctx.message?.new_chat_members ?? []).filter((m) => !m.is_bot).map((m) => `telegram:${m.id}`),
    ];
    if (chat && seen.length > 0) {
      try {
        for (const member of seen) await chainwarden.noteMemberSeen(`telegram:${chat.id}`, member);
      } catch (error) {
        // Without the database nothing can be reported either; screening still answers.
        if (!(error instanceof StorageUnavailableError)) throw error;
        ctx.logger.debug({ err: error }, 'could not note a member sighting');
      }
    }
    await next();
  };
}
