/**
 * /appeal: the owner of a reported address disputes the reports, proved by a wallet signature.
 *
 * Two steps, both in a private chat (a signature and a statement are nobody else's business):
 * `/appeal <address>` gives the one-line challenge and how to sign it on that chain; then
 * `/appeal <address> <signature> <statement>` files it. No text is pasted back: the sender's
 * newest challenge for that address is meant (stored with their Telegram id), so nothing lives in
 * this process. In a group the bot answers with a deep link to its private chat.
 */
import { Composer } from 'grammy';
import type { AppealError } from '../../../core/index.js';
import {
  type AppealMarkup,
  appealChallengeText,
  appealErrorText,
  appealFiledText,
} from '../../presentation.js';
import { type BotContext, commandArgs, type FeatureDeps, isGroupChat, replyOptions } from '../context.js';
import { escapeHtml } from '../render.js';

const USAGE =
  'Send <code>/appeal &lt;address&gt;</code> to dispute the reports against an address you control: ' +
  'you get a text to sign in that address’s wallet, then send <code>/appeal &lt;address&gt; &lt;signature&gt; &lt;why the reports are wrong&gt;</code>.';

/** Telegram's /start payload: at most 64 characters of A-Z a-z 0-9 _ -. */
const START_PREFIX = 'appeal_';

const HTML_MARKUP: AppealMarkup = {
  code: (text) => `<code>${escapeHtml(text)}</code>`,
  block: (text) => `<pre>${escapeHtml(text)}</pre>`,
  strong: (text) => `<b>${escapeHtml(text)}</b>`,
  text: escapeHtml,
};

const errorHtml = (error: AppealError): string => appealErrorText(error, HTML_MARKUP);

export function appealFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  async function challenge(ctx: BotContext, address: string): Promise<void> {
    const result = await chainwarden.appeals.challenge({ address, requestedBy: `telegram:${ctx.from?.id}` });
    if (!result.ok) return void (await ctx.reply(errorHtml(result.error), replyOptions(ctx)));
    const c = result.value;
    await ctx.reply(
      appealChallengeText(c, `/appeal ${c.address} SIGNATURE why the reports are wrong`, HTML_MARKUP),
      replyOptions(ctx),
    );
  }

  async function submit(ctx: BotContext, address: string, signature: string, statement: string) {
    const result = await chainwarden.appeals.submit({
      address,
      signature,
      statement,
      source: 'telegram',
      submittedBy: `telegram:${ctx.from?.id}`,
    });
    if (!result.ok) return void (await ctx.reply(errorHtml(result.error), replyOptions(ctx)));
    await ctx.reply(appealFiledText(result.value, HTML_MARKUP), replyOptions(ctx));
  }

  composer.command('appeal', async (ctx) => {
    const [address = '', signature = '', ...words] = commandArgs(ctx).split(/\s+/).filter(Boolean);
    if (isGroupChat(ctx.chat)) {
      const payload = `${START_PREFIX}${address}`;
      const link =
        address !== '' && /^[A-Za-z0-9_-]{1,64}$/.test(payload)
          ? `https://t.me/${ctx.me.username}?start=${payload}`
          : `https://t.me/${ctx.me.username}?start=appeal`;
      await ctx.reply(
        `Appeals continue in a private chat, where your signature and statement stay between you and the moderators: <a href="${escapeHtml(link)}">open a chat with me</a>.`,
        replyOptions(ctx),
      );
      return;
    }
    if (address === '') return void (await ctx.reply(USAGE, replyOptions(ctx)));
    if (signature === '') return challenge(ctx, address);
    return submit(ctx, address, signature, words.join(' '));
  });

  // The deep link from a group: /start appeal_<address> (or appeal alone).
  composer.chatType('private').command('start', async (ctx, next) => {
    const payload = commandArgs(ctx);
    if (payload === 'appeal') return void (await ctx.reply(USAGE, replyOptions(ctx)));
    if (!payload.startsWith(START_PREFIX)) return next();
    return challenge(ctx, payload.slice(START_PREFIX.length));
  });

  return composer;
}
