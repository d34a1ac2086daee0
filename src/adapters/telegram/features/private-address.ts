/**
 * In a private chat, a message that is not a command is read as "check this": the core's
 * `checkInput` screens what is in it or says precisely what is wrong; a message without anything
 * address-shaped gets a prompt instead.
 */
import { Composer } from 'grammy';
import type { BotContext, FeatureDeps } from '../context.js';
import { replyCheckOutcome } from './check.js';

const PROMPT =
  'Send me an address to check, e.g. <code>0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>, or /help for every command.';

export function privateAddressFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.chatType('private').on('message:text', async (ctx, next) => {
    const text = ctx.msg.text.trim();
    if (text.startsWith('/')) return next();
    const outcome = await chainwarden.checkInput(text);
    await replyCheckOutcome(ctx, outcome, { empty: PROMPT, noAddress: () => PROMPT });
  });

  return composer;
}
