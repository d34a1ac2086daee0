/**
 * /check <address or text> (also /check@Bot in groups, or /check as a reply to a message), and the
 * "Details" button under a summary. The core's `checkInput` decides what was typed; this renders it.
 */
import { Composer } from 'grammy';
import type { CheckOutcome, RiskSummary } from '../../../core/index.js';
import { HISTORY_IN_DETAILS, notScreenedNotice, webAddressUrl } from '../../presentation.js';
import {
  type BotContext,
  codeEntityText,
  commandArgs,
  communityOf,
  type FeatureDeps,
  replyOptions,
} from '../context.js';
import { CALLBACK, summaryKeyboard } from '../keyboards.js';
import { escapeHtml, renderDetailsHtml, renderErrorHtml, renderSummaryHtml } from '../render.js';

/** One message can list many addresses; past this many the rest is left for the user to ask about. */
export const MAX_SUMMARIES_PER_MESSAGE = 3;

export const CHECK_USAGE =
  'Send <code>/check &lt;address&gt;</code>, e.g. <code>/check 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>, or reply <code>/check</code> to a message with an address.';

export function checkFeature({ chainwarden, publicUrl }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('check', async (ctx) => {
    const args = commandArgs(ctx);
    // "/check" alone, sent as a reply: check the message replied to.
    const replied = ctx.msg.reply_to_message;
    const input = args !== '' ? args : (replied?.text ?? replied?.caption ?? '');
    const outcome = await chainwarden.checkInput(input, { community: communityOf(ctx.chat) });
    await replyCheckOutcome(ctx, outcome, {
      empty: CHECK_USAGE,
      noAddress: (hint) => `I found no address in that message. ${escapeHtml(hint)}`,
    });
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
    const [summary, reports, history] = await Promise.all([
      chainwarden.screenAddress(address, { community }),
      chainwarden.listReports(address, 10),
      chainwarden.addressHistory(address, HISTORY_IN_DETAILS),
    ]);
    await ctx.answerCallbackQuery();
    if (!summary.ok) return void (await ctx.reply(renderErrorHtml(summary.error), replyOptions(ctx)));
    await ctx.reply(
      renderDetailsHtml(
        summary.value,
        reports.ok ? reports.value : [],
        community,
        webAddressUrl(publicUrl, summary.value.address),
        history.ok ? history.value : [],
      ),
      replyOptions(ctx),
    );
  });

  return composer;
}

/** Renders what `checkInput` found; the empty and no-address wording is the caller's (a command, a private chat). */
export async function replyCheckOutcome(
  ctx: BotContext,
  outcome: CheckOutcome,
  wording: { empty: string; noAddress: (hint: string) => string },
): Promise<void> {
  switch (outcome.kind) {
    case 'address':
      return replySummaries(ctx, [outcome.summary]);
    case 'text':
      return replySummaries(ctx, outcome.summaries, outcome.notScreened);
    case 'invalid':
      return void (await ctx.reply(renderErrorHtml(outcome.error), replyOptions(ctx)));
    case 'no-address':
      return void (await ctx.reply(wording.noAddress(outcome.hint), replyOptions(ctx)));
    case 'empty':
      return void (await ctx.reply(wording.empty, replyOptions(ctx)));
  }
}

/** Up to MAX_SUMMARIES_PER_MESSAGE summaries, then one message counting what was not shown or not screened. */
export async function replySummaries(
  ctx: BotContext,
  summaries: RiskSummary[],
  notScreened = 0,
): Promise<void> {
  for (const summary of summaries.slice(0, MAX_SUMMARIES_PER_MESSAGE)) {
    await ctx.reply(renderSummaryHtml(summary), { ...replyOptions(ctx), reply_markup: summaryKeyboard() });
  }
  const more = summaries.length - MAX_SUMMARIES_PER_MESSAGE;
  const notes = [
    more > 0
      ? `…and ${more} more ${more === 1 ? 'address' : 'addresses'}: send them one by one with /check.`
      : null,
    notScreened > 0 ? escapeHtml(notScreenedNotice(notScreened)) : null,
  ].filter((note) => note !== null);
  if (notes.length > 0) await ctx.reply(notes.join('\n'), replyOptions(ctx));
}
