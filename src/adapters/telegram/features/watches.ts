/** /watches: the addresses this chat watches. Private chats: anyone; groups: admins. */
import { Composer } from 'grammy';
import { type BotContext, type FeatureDeps, replyOptions } from '../context.js';
import { renderWatchListHtml } from '../watch-render.js';
import { watchScope } from './watch-access.js';

export function watchesFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('watches', async (ctx) => {
    const scope = await watchScope(ctx);
    if (!scope) return;
    const watches = await chainwarden.watching.listWatches(scope.owner);
    await ctx.reply(renderWatchListHtml(watches, chainwarden.watching.maxPerOwner), replyOptions(ctx));
  });
  return composer;
}
