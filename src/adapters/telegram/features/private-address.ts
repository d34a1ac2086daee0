/**
 * In a private chat, a message that is not a command is read as "check this": every address in
 * it gets a summary; a lone word that is not an address gets the core's precise reason.
 */
import { Composer } from 'grammy';
import { type BotContext, type FeatureDeps, replyOptions } from '../context.js';
import { renderErrorHtml } from '../render.js';
import { replySummaries } from './check.js';

export function privateAddressFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.chatType('private').on('message:text', async (ctx, next) => {
    const text = ctx.msg.text.trim();
    if (text.startsWith('/')) return next();
    const summaries = await chainwarden.screenText(text);
    if (summaries.length > 0) return replySummaries(ctx, summaries);
    if (!/\s/.test(text)) {
      const parsed = chainwarden.parseAddress(text);
      if (!parsed.ok) return void (await ctx.reply(renderErrorHtml(parsed.error), replyOptions(ctx)));
    }
    await ctx.reply(
      'Send me an address to check, e.g. <code>0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>, or /help for every command.',
      replyOptions(ctx),
    );
  });

  return composer;
}
