/**
 * Group scanning: an ordinary group message holding an address at or above the group's minimum
 * level gets a warning reply, or is deleted first in `delete` mode (`/settings`). Warnings are
 * limited per chat, so a flood of scam posts cannot make the bot flood the group in turn.
 * The bot sees ordinary messages only as an admin or with privacy mode off.
 */
import { Composer } from 'grammy';
import { LRUCache } from 'lru-cache';
import { levelAtLeast } from '../../../core/index.js';
import { type BotContext, type FeatureDeps, isGroupChat } from '../context.js';
import { summaryKeyboard } from '../keyboards.js';
import { renderGroupWarningHtml } from '../render.js';
import { tryDelete } from './flag.js';

export interface GroupWarningLimit {
  /** Warnings one chat may receive per window; scanning (and deleting) goes on past it, silently. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_GROUP_WARNING_LIMIT: GroupWarningLimit = { limit: 3, windowMs: 60_000 };

/** A sliding window per chat, bounded in memory; per replica, which only makes it stricter overall. */
export function createWarningLimiter({ limit, windowMs }: GroupWarningLimit, now: () => number = Date.now) {
  const sent = new LRUCache<number, number[]>({ max: 10_000, ttl: windowMs });
  return {
    allow(chatId: number): boolean {
      const at = now();
      const recent = (sent.get(chatId) ?? []).filter((t) => at - t < windowMs);
      if (recent.length >= limit) return false;
      recent.push(at);
      sent.set(chatId, recent);
      return true;
    },
  };
}

export function groupScanFeature(
  { chainwarden }: FeatureDeps,
  warningLimit: GroupWarningLimit = DEFAULT_GROUP_WARNING_LIMIT,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const warnings = createWarningLimiter(warningLimit);

  composer.on(['message', 'edited_message']).filter(
    (ctx) => isGroupChat(ctx.chat),
    async (ctx, next) => {
      const text = ctx.msg.text ?? ctx.msg.caption;
      // Commands for other bots (or unknown ones) are not chat messages to scan; a message that
      // merely starts with "/" ("/ send to 0x…") is, so only a bot_command entity at offset 0 counts.
      const entities = ctx.msg.entities ?? ctx.msg.caption_entities ?? [];
      const isCommand = entities.some((e) => e.type === 'bot_command' && e.offset === 0);
      if (!text || isCommand) return next();
      // Most messages hold nothing to screen: skip the settings lookup for them.
      if (chainwarden.screenableIn(text).length === 0) return next();
      const community = `telegram:${ctx.chat.id}`;
      const settings = await chainwarden.settings.get(community);
      if (settings.scanMode === 'off') return;
      const risky = (await chainwarden.screenText(text, { community })).filter((s) =>
        levelAtLeast(s.level, settings.minLevel),
      );
      if (risky.length === 0) return;

      const deleted =
        settings.scanMode === 'delete' && (await tryDelete(ctx, ctx.chat.id, ctx.msg.message_id));
      await chainwarden.moderationLog.record({
        community,
        actor: 'system',
        action: deleted ? 'auto-delete' : 'auto-warn',
        target: `message:${ctx.msg.message_id}`,
        details: {
          addresses: risky.map((s) => s.address),
          levels: risky.map((s) => s.level),
          author: ctx.from ? `telegram:${ctx.from.id}` : null,
        },
      });
      if (!warnings.allow(ctx.chat.id)) {
        ctx.logger.info({ chatId: ctx.chat.id }, 'group warning skipped: per-chat warning limit reached');
        return;
      }
      await ctx.reply(renderGroupWarningHtml(risky, { deleted }), {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(deleted
          ? {}
          : { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } }),
        // The buttons read the first address in the warning: offer them only when there is one.
        ...(risky.length === 1 ? { reply_markup: summaryKeyboard() } : {}),
      });
    },
  );

  return composer;
}
