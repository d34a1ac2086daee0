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
import { type AppealError, SIGNING_HOWTO } from '../../../core/index.js';
import { type BotContext, commandArgs, type FeatureDeps, isGroupChat, replyOptions } from '../context.js';
import { escapeHtml } from '../render.js';

const USAGE =
  'Send <code>/appeal &lt;address&gt;</code> to dispute the reports against an address you control: ' +
  'you get a text to sign in that address’s wallet, then send <code>/appeal &lt;address&gt; &lt;signature&gt; &lt;why the reports are wrong&gt;</code>.';

/** Telegram's /start payload: at most 64 characters of A-Z a-z 0-9 _ -. */
const START_PREFIX = 'appeal_';

function errorHtml(error: AppealError): string {
  const verdict = error.code === 'signature-mismatch' ? '❌ <b>Not verified.</b> ' : '❌ ';
  const what =
    'input' in error && error.code === 'invalid-address' ? `"${error.input}" ${error.reason}` : error.reason;
  return `${verdict}${escapeHtml(capitalise(what))}. ${escapeHtml(error.hint)}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function appealFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  async function challenge(ctx: BotContext, address: string): Promise<void> {
    const result = await chainwarden.appeals.challenge({ address, requestedBy: `telegram:${ctx.from?.id}` });
    if (!result.ok) return void (await ctx.reply(errorHtml(result.error), replyOptions(ctx)));
    const c = result.value;
    const howto = SIGNING_HOWTO[c.chain as keyof typeof SIGNING_HOWTO] ?? '';
    await ctx.reply(
      [
        `To appeal the reports against <code>${escapeHtml(c.address)}</code>, prove you control it.`,
        '',
        '1. In that address’s wallet, sign this exact text as a message:',
        `<pre>${escapeHtml(c.message)}</pre>`,
        escapeHtml(howto),
        '',
        `2. Before ${escapeHtml(c.expiresAt.toISOString().slice(11, 16))} UTC, send:`,
        `<code>/appeal ${escapeHtml(c.address)} SIGNATURE why the reports are wrong</code>`,
        '',
        'Signing a message moves no funds. Moderators read your statement and decide.',
      ].join('\n'),
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
    const appeal = result.value;
    await ctx.reply(
      `✅ <b>Verified</b>: the signature proves control of <code>${escapeHtml(appeal.address)}</code> (${escapeHtml(appeal.method)}).\n` +
        `Appeal ${appeal.id} is filed and waits for a moderator. Until then every check of this address says that its owner disputes the reports.`,
      replyOptions(ctx),
    );
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
