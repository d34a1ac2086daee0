/**
 * /check <address> (also /check@Bot in groups, or /check as a reply to a message), and the
 * "Details" button under a summary.
 */
import { Composer } from 'grammy';
import type { RiskSummary } from '../../../core/index.js';
import {
  type BotContext,
  codeEntityText,
  commandArgs,
  communityOf,
  type FeatureDeps,
  replyOptions,
} from '../context.js';
import { CALLBACK, summaryKeyboard } from '../keyboards.js';
import { renderDetailsHtml, renderErrorHtml, renderSummaryHtml } from '../render.js';

/** One message can list many addresses; past this many the rest is left for the user to ask about. */
export const MAX_SUMMARIES_PER_MESSAGE = 3;

export const CHECK_USAGE =
  'Send <code>/check &lt;address&gt;</code>, e.g. <code>/check 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>, or reply <code>/check</code> to a message with an address.';

export function checkFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('check', async (ctx) => {
    const args = commandArgs(ctx);
    const community = communityOf(ctx.chat);
    if (args === '') {
      const replied = ctx.msg.reply_to_message;
      const text = replied?.text ?? replied?.caption;
      if (!text) return void (await ctx.reply(CHECK_USAGE, replyOptions(ctx)));
      const summaries = await chainwarden.screenText(text, { community });
      if (summaries.length === 0) {
        return void (await ctx.reply('I found no address in that message.', replyOptions(ctx)));
      }
      return replySummaries(ctx, summaries);
    }
    const words = args.split(/\s+/);
    if (words.length > 1) {
      // "/check send to 0xabc… please": screen what is in the text; say why when nothing is.
      const summaries = await chainwarden.screenText(args, { community });
      if (summaries.length > 0) return replySummaries(ctx, summaries);
      const nearMiss = chainwarden.findInvalidAddress(args);
      if (nearMiss) return void (await ctx.reply(renderErrorHtml(nearMiss), replyOptions(ctx)));
    }
    const result = await chainwarden.screenAddress(words[0] ?? args, { community });
    if (!result.ok) return void (await ctx.reply(renderErrorHtml(result.error), replyOptions(ctx)));
    await replySummaries(ctx, [result.value]);
  });

  composer.callbackQuery(CALLBACK.details, async (ctx) => {
    const address = codeEntityText(ctx.callbackQuery.message);
    if (!address) {
      return void (await ctx.answerCallbackQuery({
        text: 'That message is too old to read. Send /check again.',
        show_alert: true,
      }));
    }
    const community = communityOf(ctx.chat);
    const [summary, reports] = await Promise.all([
      chainwarden.screenAddress(address, { community }),
      chainwarden.listReports(address, 10),
    ]);
    await ctx.answerCallbackQuery();
    if (!summary.ok) return void (await ctx.reply(renderErrorHtml(summary.error), replyOptions(ctx)));
    await ctx.reply(renderDetailsHtml(summary.value, reports.ok ? reports.value : []), replyOptions(ctx));
  });

  return composer;
}

export async function replySummaries(ctx: BotContext, summaries: RiskSummary[]): Promise<void> {
  for (const summary of summaries.slice(0, MAX_SUMMARIES_PER_MESSAGE)) {
    await ctx.reply(renderSummaryHtml(summary), { ...replyOptions(ctx), reply_markup: summaryKeyboard() });
  }
  const more = summaries.length - MAX_SUMMARIES_PER_MESSAGE;
  if (more > 0) {
    await ctx.reply(
      `…and ${more} more ${more === 1 ? 'address' : 'addresses'}: send them one by one with /check.`,
      replyOptions(ctx),
    );
  }
}
