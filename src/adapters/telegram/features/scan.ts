/**
 * Group scanning: every ordinary group message goes to the core's moderateMessage, which reads the
 * group's settings (`/settings`), screens it and decides; this file deletes the message when told to,
 * and posts the warning unless the core's per-chat throttle held it back (so a flood of scam posts
 * cannot make the bot flood the group in turn). Every post is screened but the bot's own: people's,
 * other bots' (which the bot never answers otherwise) and posts sent as a channel (`sender_chat`,
 * which the log and the warning name). The bot sees ordinary messages only as an admin or with
 * privacy mode off.
 */
import { Composer } from 'grammy';
import type { Chat } from 'grammy/types';
import type { RiskSummary } from '../../../core/index.js';
import { actorOf, type BotContext, type FeatureDeps, isAnonymousAdmin, isGroupChat } from '../context.js';
import { summaryKeyboard } from '../keyboards.js';
import { renderGroupWarningHtml } from '../render.js';
import { tryDelete } from './flag.js';

export function groupScanFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on(['message', 'edited_message']).filter(
    (ctx) => isGroupChat(ctx.chat) && ctx.from?.id !== ctx.me.id,
    async (ctx, next) => {
      const text = ctx.msg.text ?? ctx.msg.caption;
      // Commands for other bots (or unknown ones) are not chat messages to scan; a message that
      // merely starts with "/" ("/ send to 0x…") is, so only a bot_command entity at offset 0 counts.
      const entities = ctx.msg.entities ?? ctx.msg.caption_entities ?? [];
      const isCommand = entities.some((e) => e.type === 'bot_command' && e.offset === 0);
      if (!text || isCommand) return next();
      const chatId = ctx.chat.id;
      const messageId = ctx.msg.message_id;
      // Sent as a channel (or another chat): named in the warning; an anonymous admin is the group itself.
      const sentAs = ctx.msg.sender_chat && !isAnonymousAdmin(ctx.msg) ? ctx.msg.sender_chat : null;
      const outcome = await chainwarden.moderateMessage({
        community: `telegram:${chatId}`,
        text,
        author: actorOf(ctx),
        target: `message:${messageId}`,
        ...(sentAs
          ? { details: { senderChat: { id: sentAs.id, type: sentAs.type, title: chatTitle(sentAs) } } }
          : {}),
        deleteMessage: () => tryDelete(ctx, chatId, messageId),
      });
      if (outcome.action === 'none') return next();
      const deleted = outcome.action === 'deleted';
      if (!outcome.warn) {
        ctx.logger.info({ chatId }, 'group warning skipped: per-chat warning limit reached');
      } else {
        await postWarning(ctx, outcome.risky, deleted, sentAs ? chatTitle(sentAs) : null);
      }
      // A post still there may be a request too (a reply to the bot's question): the features see it next.
      if (!deleted) return next();
    },
  );

  return composer;
}

function chatTitle(chat: Chat): string {
  return 'title' in chat && chat.title ? chat.title : `chat ${chat.id}`;
}

async function postWarning(ctx: BotContext, risky: RiskSummary[], deleted: boolean, sentAs: string | null) {
  const messageId = ctx.msg?.message_id ?? 0;
  await ctx.reply(renderGroupWarningHtml(risky, { deleted, sentAs }), {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(deleted ? {} : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }),
    // The buttons read the first address in the warning: offer them only when there is one.
    ...(risky.length === 1 ? { reply_markup: summaryKeyboard() } : {}),
  });
}
