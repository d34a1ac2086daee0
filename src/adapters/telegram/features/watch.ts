/**
 * /watch <address> [label] [all]: alerts in this chat when the address sends funds, receives from a
 * risky address (any incoming transfer with `all`), is reported, listed, or when a look-alike of it
 * is posted or checked here. Private chats: anyone; groups: admins.
 */
import { Composer } from 'grammy';
import { actorOf, type BotContext, commandArgs, type FeatureDeps, replyOptions } from '../context.js';
import { renderWatchAddedHtml, renderWatchErrorHtml, WATCH_USAGE_HTML } from '../watch-render.js';
import { watchScope } from './watch-access.js';

/** `0xabc treasury wallet all` -> address, label `treasury wallet`, all incoming. */
export function parseWatchArgs(
  args: string,
): { address: string; label: string | null; allIncoming: boolean } | null {
  const words = args.split(/\s+/).filter(Boolean);
  const [address, ...rest] = words;
  if (!address) return null;
  const allIncoming = rest.length > 0 && rest.at(-1)?.toLowerCase() === 'all';
  const label = (allIncoming ? rest.slice(0, -1) : rest).join(' ');
  return { address, label: label === '' ? null : label, allIncoming };
}

export function watchFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('watch', async (ctx) => {
    const parsed = parseWatchArgs(commandArgs(ctx));
    if (!parsed) return void (await ctx.reply(WATCH_USAGE_HTML, replyOptions(ctx)));
    const scope = await watchScope(ctx);
    if (!scope) return;
    const result = await chainwarden.watching.addWatch({
      ...parsed,
      owner: scope.owner,
      destination: { kind: 'telegram', chatId: scope.chatId },
      community: scope.community,
      createdBy: actorOf(ctx) ?? scope.owner,
    });
    await ctx.reply(
      result.ok ? renderWatchAddedHtml(result.value) : renderWatchErrorHtml(result.error),
      replyOptions(ctx),
    );
  });
  return composer;
}
