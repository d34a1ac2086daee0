/** /start and /help: what the bot does, every command with an example. */
import { Composer } from 'grammy';
import { type BotContext, replyOptions } from '../context.js';
import { renderHelpHtml } from '../render.js';

export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command(['start', 'help'], async (ctx) => {
    await ctx.reply(renderHelpHtml(ctx.me.username), replyOptions(ctx));
  });
  return composer;
}
