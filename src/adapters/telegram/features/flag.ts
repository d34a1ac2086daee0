/**
 * /flag [category] [note], by a chat admin, as a reply to a group message: the core's flagPost saves
 * every address in that message as a report verified by that admin (a bad category or note is
 * reported once and nothing is saved), the message is deleted when the bot may, and the action goes
 * to the moderation log. Anyone else gets a polite refusal and nothing is saved.
 */
import { Composer, GrammyError } from 'grammy';
import type { DeleteResult } from '../../../core/index.js';
import {
  actorOf,
  adminCheck,
  type BotContext,
  commandArgs,
  type FeatureDeps,
  isGroupChat,
  replyOptions,
} from '../context.js';
import { renderFlagErrorHtml, renderFlagResultHtml } from '../render.js';

export function flagFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('flag', async (ctx) => {
    if (!isGroupChat(ctx.chat)) {
      return void (await ctx.reply(
        'Use /flag in a group, as a reply to the message with the scam address. To report an address here, use /report.',
        replyOptions(ctx),
      ));
    }
    // Flagging deletes the post: it needs the right to delete messages, as deleting by hand does.
    const access = await adminCheck(ctx, 'can_delete_messages');
    if (access !== 'admin') {
      return void (await ctx.reply(
        access === 'not-admin'
          ? 'Sorry, only admins of this group can flag messages. You can report an address yourself with /report &lt;address&gt; &lt;category&gt;.'
          : 'Sorry, flagging needs the “Delete messages” admin right in this group (for an anonymous admin: every anonymous admin needs it). You can report an address with /report &lt;address&gt; &lt;category&gt;.',
        replyOptions(ctx),
      ));
    }
    const target = ctx.msg.reply_to_message;
    if (!target) {
      return void (await ctx.reply(
        'Reply <code>/flag [category] [note]</code> to the message that holds the scam address.',
        replyOptions(ctx),
      ));
    }
    const [, category, note] = /^(\S+)?(?:\s+([\s\S]*))?$/.exec(commandArgs(ctx)) ?? [];
    const result = await chainwarden.flagPost({
      post: target.text ?? target.caption ?? '',
      moderator: actorOf(ctx) ?? `telegram:${ctx.chat.id}`,
      community: `telegram:${ctx.chat.id}`,
      communityTitle: ctx.chat.title,
      source: 'telegram',
      category: category ?? null,
      note: note ?? null,
      target: `message:${target.message_id}`,
      deletePost: () => tryDelete(ctx, ctx.chat.id, target.message_id),
    });
    await ctx.reply(
      result.ok ? renderFlagResultHtml(result.value) : renderFlagErrorHtml(result.error),
      replyOptions(ctx),
    );
  });

  return composer;
}

/** Deletes a message when the bot has the right; a refusal (not an error) when Telegram refuses. */
export async function tryDelete(ctx: BotContext, chatId: number, messageId: number): Promise<DeleteResult> {
  try {
    await ctx.api.deleteMessage(chatId, messageId);
    return { deleted: true };
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) {
      ctx.logger.info(
        { chatId, messageId, description: error.description },
        'telegram refused to delete a message',
      );
      return { deleted: false, refusal: error.description };
    }
    throw error;
  }
}
