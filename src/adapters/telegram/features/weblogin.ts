/**
 * /weblogin, sent by an admin in a group: the bot sends them, in a private chat, a one-time link to
 * the web page's review queue for that group (valid 15 minutes, bound to their Telegram account and
 * this group). In a private chat it says where to send it instead.
 */
import { Composer, GrammyError } from 'grammy';
import { WEB_LOGIN_TEXT, WEB_LOGIN_UNAVAILABLE } from '../../web-sign-in.js';
import {
  adminCheck,
  type BotContext,
  type FeatureDeps,
  isAnonymousAdmin,
  isGroupChat,
  replyOptions,
} from '../context.js';
import { escapeHtml } from '../render.js';

export function webLoginFeature({ webLogin }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('weblogin', async (ctx) => {
    if (!webLogin) return void (await ctx.reply(escapeHtml(WEB_LOGIN_UNAVAILABLE), replyOptions(ctx)));
    if (!isGroupChat(ctx.chat)) {
      return void (await ctx.reply(
        'Send /weblogin in the group you moderate: I will send your sign-in link here, in private, for that group.',
        replyOptions(ctx),
      ));
    }
    if (isAnonymousAdmin(ctx.msg) || !ctx.from) {
      return void (await ctx.reply(
        'I cannot tell which admin you are while you post anonymously. Turn off “Remain anonymous” for a moment and send /weblogin again.',
        replyOptions(ctx),
      ));
    }
    if ((await adminCheck(ctx, null)) === 'not-admin') {
      return void (await ctx.reply(
        'Sorry, only admins of this group can sign in to its review queue.',
        replyOptions(ctx),
      ));
    }
    const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' ') || `user ${ctx.from.id}`;
    const title = ctx.chat.title;
    const { url } = await webLogin.issue({
      identity: `telegram:${ctx.from.id}`,
      name,
      communities: [`telegram:${ctx.chat.id}`],
    });
    try {
      await ctx.api.sendMessage(
        ctx.from.id,
        `${escapeHtml(WEB_LOGIN_TEXT)}\nGroup: <b>${escapeHtml(title)}</b>\n<a href="${escapeHtml(url)}">Sign in to the web page</a>`,
        // No preview: Telegram's preview fetch must not be what opens the link.
        { parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
      );
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) {
        return void (await ctx.reply(
          `I cannot write to you in private yet: open a chat with @${escapeHtml(ctx.me.username)}, press Start, then send /weblogin here again.`,
          replyOptions(ctx),
        ));
      }
      throw error;
    }
    await ctx.reply('I sent you a sign-in link in a private chat.', replyOptions(ctx));
  });

  return composer;
}
