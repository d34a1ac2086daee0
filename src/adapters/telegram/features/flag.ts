/**
 * /flag [category] [note], by a chat admin, as a reply to a group message: every address in that
 * message becomes a report verified by that admin, the message is deleted when the bot may, and
 * the action goes to the moderation log. Anyone else gets a polite refusal and nothing is saved.
 */
import { Composer, GrammyError } from 'grammy';
import type { InvalidAddress, ReportCategory, ReportError } from '../../../core/index.js';
import {
  actorOf,
  type BotContext,
  commandArgs,
  communityOf,
  type FeatureDeps,
  isChatAdmin,
  isGroupChat,
  replyOptions,
} from '../context.js';
import { renderErrorHtml, renderFlagResultHtml } from '../render.js';

const DEFAULT_CATEGORY = 'other';

export function flagFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('flag', async (ctx) => {
    if (!isGroupChat(ctx.chat)) {
      return void (await ctx.reply(
        'Use /flag in a group, as a reply to the message with the scam address. To report an address here, use /report.',
        replyOptions(ctx),
      ));
    }
    if (!(await isChatAdmin(ctx))) {
      return void (await ctx.reply(
        'Sorry, only admins of this group can flag messages. You can report an address yourself with /report &lt;address&gt; &lt;category&gt;.',
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
    const addresses = chainwarden.extractAddresses(target.text ?? target.caption ?? '');
    if (addresses.length === 0) {
      return void (await ctx.reply(
        'I found no address in that message, so nothing was flagged.',
        replyOptions(ctx),
      ));
    }

    const [, categoryInput, note] = /^(\S+)?(?:\s+([\s\S]*))?$/.exec(commandArgs(ctx)) ?? [];
    const actor = actorOf(ctx) ?? `telegram:${ctx.chat.id}`;
    const community = communityOf(ctx.chat);
    const saved: Array<{ address: string; created: boolean }> = [];
    const failed: Array<InvalidAddress | ReportError> = [];
    let category: ReportCategory = DEFAULT_CATEGORY;
    for (const address of addresses) {
      const receipt = await chainwarden.submitReport({
        address: address.display,
        category: categoryInput ?? DEFAULT_CATEGORY,
        note: note ?? null,
        reporter: actor,
        verifiedBy: actor,
        source: 'telegram',
        community,
      });
      if (receipt.ok) {
        saved.push({ address: receipt.value.report.address, created: receipt.value.created });
        category = receipt.value.category;
      } else if (receipt.error.code === 'invalid-category' || receipt.error.code === 'note-too-long') {
        // The same mistake would repeat for every address: say it once and stop.
        return void (await ctx.reply(renderErrorHtml(receipt.error), replyOptions(ctx)));
      } else {
        failed.push(receipt.error);
      }
    }

    const deleted = saved.length > 0 ? await tryDelete(ctx, ctx.chat.id, target.message_id) : null;
    await chainwarden.moderationLog.record({
      community: community ?? `telegram:${ctx.chat.id}`,
      actor,
      action: 'flag',
      target: `message:${target.message_id}`,
      details: { addresses: saved.map((s) => s.address), category, deleted },
    });
    if (deleted) {
      await chainwarden.moderationLog.record({
        community: community ?? `telegram:${ctx.chat.id}`,
        actor,
        action: 'delete-message',
        target: `message:${target.message_id}`,
        details: { reason: 'flag' },
      });
    }
    await ctx.reply(renderFlagResultHtml({ saved, failed, category, deleted }), replyOptions(ctx));
  });

  return composer;
}

/** Deletes a message when the bot has the right; `false` (not an error) when Telegram refuses. */
export async function tryDelete(ctx: BotContext, chatId: number, messageId: number): Promise<boolean> {
  try {
    await ctx.api.deleteMessage(chatId, messageId);
    return true;
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) {
      ctx.logger.info(
        { chatId, messageId, description: error.description },
        'telegram refused to delete a message',
      );
      return false;
    }
    throw error;
  }
}
