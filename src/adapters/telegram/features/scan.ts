/**
 * Group scanning: every ordinary group message goes to the core's moderateMessage, which reads the
 * group's settings (`/settings`), screens it and decides; this file deletes the message when told to,
 * and posts the warning unless the core's per-chat throttle held it back (so a flood of scam posts
 * cannot make the bot flood the group in turn). The bot sees ordinary messages only as an admin or
 * with privacy mode off.
 */
import { Composer } from 'grammy';
import { type BotContext, type FeatureDeps, isGroupChat } from '../context.js';
import { summaryKeyboard } from '../keyboards.js';
import { renderGroupWarningHtml } from '../render.js';
import { tryDelete } from './flag.js';

export function groupScanFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on(['message', 'edited_message']).filter(
    (ctx) => isGroupChat(ctx.chat),
    async (ctx, next) => {
      const text = ctx.msg.text ?? ctx.msg.caption;
      // Commands for other bots (or unknown ones) are not chat messages to scan; a message that
      // merely starts with "/" ("/ send to 0x…") is, so only a bot_command entity at offset 0 counts.
      const entities = ctx.msg.entities ?? ctx.msg.caption_entities ?? [];
      const isCommand = entities.some((e) => e.type === 'bot_command' && e.offset === 0);
      if (!text || isCommand) return next();
      const chatId = ctx.chat.id;
      const messageId = ctx.msg.message_id;
      const outcome = await chainwarden.moderateMessage({
        community: `telegram:${chatId}`,
        text,
        author: ctx.from ? `telegram:${ctx.from.id}` : null,
        target: `message:${messageId}`,
        deleteMessage: () => tryDelete(ctx, chatId, messageId),
      });
      if (outcome.action === 'none') return next();
      if (!outcome.warn) {
        ctx.logger.info({ chatId }, 'group warning skipped: per-chat warning limit reached');
        return;
      }
      const deleted = outcome.action === 'deleted';
      await ctx.reply(renderGroupWarningHtml(outcome.risky, { deleted }), {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(deleted
          ? {}
          : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }),
        // The buttons read the first address in the warning: offer them only when there is one.
        ...(outcome.risky.length === 1 ? { reply_markup: summaryKeyboard() } : {}),
      });
    },
  );

  return composer;
}
