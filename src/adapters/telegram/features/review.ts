/**
 * /review in a group, admins only (anonymous admins included): the reports waiting for this
 * group's review, with Approve / Reject buttons. A tap is checked again (an admin of this chat,
 * by getChatMember), decided by the core (only this group's waiting reports), and the list is
 * edited to what still waits.
 */
import { Composer } from 'grammy';
import {
  actorOf,
  adminCheck,
  type BotContext,
  type FeatureDeps,
  isGroupChat,
  replyOptions,
} from '../context.js';
import { REVIEW_CALLBACK, reviewFromCallback, reviewKeyboard } from '../keyboards.js';
import { describeReviewOutcome, renderReviewListHtml } from '../render.js';

/** Items one /review message shows (and buttons it carries). */
const REVIEW_PAGE = 10;

const NOT_ADMIN = 'Sorry, only admins of this group can review reports.';

export function reviewFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  const queueOf = (chatId: number) =>
    chainwarden.review.listReviews({ community: `telegram:${chatId}` }, REVIEW_PAGE);

  composer.command('review', async (ctx) => {
    if (!isGroupChat(ctx.chat)) {
      return void (await ctx.reply('Use /review in a group where I am a member.', replyOptions(ctx)));
    }
    if ((await adminCheck(ctx, null)) === 'not-admin') {
      return void (await ctx.reply(NOT_ADMIN, replyOptions(ctx)));
    }
    const items = await queueOf(ctx.chat.id);
    await ctx.reply(renderReviewListHtml(items), {
      ...replyOptions(ctx),
      ...(items.length > 0 ? { reply_markup: reviewKeyboard(items) } : {}),
    });
  });

  composer.callbackQuery(REVIEW_CALLBACK, async (ctx) => {
    const chat = ctx.callbackQuery.message?.chat;
    const choice = reviewFromCallback(ctx.callbackQuery.data);
    if (!chat || !isGroupChat(chat) || !choice) {
      return void (await ctx.answerCallbackQuery({ text: 'That button no longer works.', show_alert: true }));
    }
    if ((await adminCheck(ctx, null)) === 'not-admin') {
      return void (await ctx.answerCallbackQuery({ text: NOT_ADMIN, show_alert: true }));
    }
    const result = await chainwarden.review.decideReview({
      id: choice.id,
      decision: choice.decision,
      reviewer: actorOf(ctx) ?? `telegram:${chat.id}`,
      community: `telegram:${chat.id}`,
    });
    const outcome = result.ok ? describeReviewOutcome(result.value) : result.error.reason;
    await ctx.answerCallbackQuery({ text: outcome.slice(0, 200) });
    const items = await queueOf(chat.id);
    await ctx.editMessageText(renderReviewListHtml(items, outcome), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(items.length > 0 ? { reply_markup: reviewKeyboard(items) } : {}),
    });
  });

  return composer;
}
