/** /unwatch <address>: stop the alerts on an address this chat watches. Private chats: anyone; groups: admins. */
import { Composer } from 'grammy';
import { type BotContext, commandArgs, type FeatureDeps, replyOptions } from '../context.js';
import { renderWatchErrorHtml, renderWatchRemovedHtml } from '../watch-render.js';
import { watchScope } from './watch-access.js';

export function unwatchFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('unwatch', async (ctx) => {
    const target = commandArgs(ctx);
    if (target === '') {
      return void (await ctx.reply(
        'Use <code>/unwatch &lt;address&gt;</code>; /watches lists what this chat watches.',
        replyOptions(ctx),
      ));
    }
    const scope = await watchScope(ctx);
    if (!scope) return;
    const result = await chainwarden.watching.removeWatch(scope.owner, target);
    await ctx.reply(
      result.ok ? renderWatchRemovedHtml(result.value) : renderWatchErrorHtml(result.error),
      replyOptions(ctx),
    );
  });
  return composer;
}
