/**
 * /review in a group, admins only (anonymous admins included): the reports waiting for this
 * group's review, and owners' appeals against reports filed here, with Approve (Uphold) / Reject
 * buttons. A tap is checked again (an admin of this chat,
 * by getChatMember), decided by the core (only this group's waiting reports), and the list is
 * edited to what still waits.
 */
import { Composer } from 'grammy';
import { MAX_REVIEW_ITEMS } from '../../../core/index.js';
import { describeReviewOutcome } from '../../presentation.js';
import {
  actorOf,
  adminCheck,
  type BotContext,
  type FeatureDeps,
  isGroupChat,
  replyOptions,
} from '../context.js';
import { REVIEW_CALLBACK, reviewFromCallback, reviewKeyboard } from '../keyboards.js';
import { renderReviewListHtml } from '../render.js';

/** Items one /review message shows (and buttons it carries). */
const REVIEW_PAGE = 10;

const NOT_ADMIN = 'Sorry, only admins of this group can review reports.';

export function reviewFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  /** The first page of the queue, and how many wait in all (up to the core's maximum). */
  const queueOf = async (chatId: number) => {
    const all = await chainwarden.review.listReviews({ community: `telegram:${chatId}` }, MAX_REVIEW_ITEMS);
    return { items: all.slice(0, REVIEW_PAGE), total: all.length };
  };

  composer.command('review', async (ctx) => {
    if (!isGroupChat(ctx.chat)) {
      return void (await ctx.reply('Use /review in a group where I am a member.', replyOptions(ctx)));
    }
    if ((await adminCheck(ctx, null)) === 'not-admin') {
      return void (await ctx.reply(NOT_ADMIN, replyOptions(ctx)));
    }
    const { items, total } = await queueOf(ctx.chat.id);
    await ctx.reply(renderReviewListHtml(items, { total }), {
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
    const outcome = result.ok ? describeReviewOutcome(result.value, 'this group') : result.error.reason;
    await ctx.answerCallbackQuery({ text: outcome.slice(0, 200) });
    const { items, total } = await queueOf(chat.id);
    await ctx.editMessageText(renderReviewListHtml(items, { total, outcome }), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(items.length > 0 ? { reply_markup: reviewKeyboard(items) } : {}),
    });
  });

  return composer;
}
