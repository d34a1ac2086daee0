/**
 * /report <address> <category> [note]. With the category (or everything) missing, the bot asks with
 * an inline keyboard of categories; the tap is a callback query that files the report and edits
 * the question into the confirmation. "Report this address" under a summary starts the same flow.
 */
import { Composer } from 'grammy';
import type { ReportInput } from '../../../core/index.js';
import {
  actorOf,
  type BotContext,
  codeEntityText,
  commandArgs,
  communityOf,
  type FeatureDeps,
  isAnonymousAdmin,
  replyOptions,
} from '../context.js';
import { CALLBACK, CATEGORY_CALLBACK, categoryFromCallback, categoryKeyboard } from '../keyboards.js';
import { renderCategoryPromptHtml, renderErrorHtml, renderReportSavedHtml } from '../render.js';

export const REPORT_USAGE =
  'Send <code>/report &lt;address&gt; &lt;category&gt; [note]</code>, e.g. <code>/report 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed phishing fake support DM</code>. Leave the category out and I show buttons.';

/** The first words of the bot's question for a missing address; replies to it are recognised by them. */
export const ADDRESS_PROMPT = 'Which address do you want to report? Reply to this message with it.';

const STALE_BUTTON = 'That message is too old to read. Send /report <address> again.';

export function reportFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  const reportInput = (
    ctx: BotContext,
    fields: Pick<ReportInput, 'address' | 'category' | 'note'>,
  ): ReportInput => {
    // An anonymous admin's user is GroupAnonymousBot, shared by every group: the reporter is the group.
    const actor = actorOf(ctx);
    const anonymousAdmin = actor === null || (!ctx.callbackQuery && isAnonymousAdmin(ctx.msg));
    return {
      ...fields,
      reporter: actor ?? `telegram:${ctx.chat?.id}`,
      source: 'telegram',
      community: communityOf(ctx.chat),
      // Only admins can post as the group; anyone else's tenure is the bot's first sighting (sightings.ts).
      reporterFacts: anonymousAdmin
        ? { vouched: true }
        : { firstSeenIn: ctx.chat?.type === 'private' ? null : `telegram:${ctx.chat?.id}` },
    };
  };

  const askCategory = async (ctx: BotContext, address: string, preface = '') => {
    // Who asked: the user, or the group itself for an anonymous admin (see actorOf).
    const askerId = (actorOf(ctx) ?? `telegram:${ctx.chat?.id}`).slice('telegram:'.length);
    await ctx.reply(`${preface}${renderCategoryPromptHtml(address)}`, {
      ...replyOptions(ctx),
      reply_markup: categoryKeyboard(askerId),
    });
  };

  composer.command('report', async (ctx) => {
    // The note keeps its own line breaks and spacing: only the first two words are split off.
    const [, addressInput, categoryInput, note] =
      /^(\S+)?(?:\s+(\S+))?(?:\s+([\s\S]*))?$/.exec(commandArgs(ctx)) ?? [];
    if (!addressInput) {
      const replied = ctx.msg.reply_to_message;
      const repliedText = replied?.text ?? replied?.caption;
      const target = repliedText ? chainwarden.reportTarget(repliedText) : null;
      if (target?.ok) return askCategory(ctx, target.value.display);
      // Ask for the missing address; the answer comes back as a reply to this prompt (no server state).
      return void (await ctx.reply(`${ADDRESS_PROMPT}\n\n${REPORT_USAGE}`, {
        ...replyOptions(ctx),
        reply_markup: {
          force_reply: true,
          selective: true,
          input_field_placeholder: 'the address to report',
        },
      }));
    }
    const target = chainwarden.reportTarget(addressInput);
    if (!target.ok) return void (await ctx.reply(renderErrorHtml(target.error), replyOptions(ctx)));
    const address = target.value.display;
    if (!categoryInput) return askCategory(ctx, address);

    const receipt = await chainwarden.submitReport(
      reportInput(ctx, { address, category: categoryInput, note: note ?? null }),
    );
    if (receipt.ok) return void (await ctx.reply(renderReportSavedHtml(receipt.value), replyOptions(ctx)));
    if (receipt.error.code === 'invalid-category') {
      return askCategory(ctx, address, `${renderErrorHtml(receipt.error)}\n\n`);
    }
    await ctx.reply(renderErrorHtml(receipt.error), replyOptions(ctx));
  });

  // A reply to the bot's "Which address…?" prompt carries the address the /report was missing.
  composer.on('message:text', async (ctx, next) => {
    const prompt = ctx.msg.reply_to_message;
    if (prompt?.from?.id !== ctx.me.id || !prompt.text?.startsWith(ADDRESS_PROMPT)) return next();
    const target = chainwarden.reportTarget(ctx.msg.text);
    if (target.ok) return askCategory(ctx, target.value.display);
    await ctx.reply(renderErrorHtml(target.error), replyOptions(ctx));
  });

  composer.callbackQuery(CALLBACK.reportAddress, async (ctx) => {
    const address = codeEntityText(ctx.callbackQuery.message);
    if (!address) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON, show_alert: true }));
    await ctx.answerCallbackQuery();
    await askCategory(ctx, address);
  });

  composer.callbackQuery(CATEGORY_CALLBACK, async (ctx) => {
    const address = codeEntityText(ctx.callbackQuery.message);
    const choice = categoryFromCallback(ctx.callbackQuery.data);
    if (!address || !choice) {
      return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON, show_alert: true }));
    }
    // In a group, only the person who asked files with these buttons. An anonymous admin taps with
    // their real account, which cannot be matched to the group: any tap counts then.
    const anyone = choice.askerId === null || choice.askerId === String(ctx.chat?.id);
    if (!anyone && choice.askerId !== String(ctx.from.id)) {
      return void (await ctx.answerCallbackQuery({
        text: 'These buttons are for the person who asked. To report this address yourself, send /report with it.',
        show_alert: true,
      }));
    }
    const { category } = choice;
    const receipt = await chainwarden.submitReport(reportInput(ctx, { address, category, note: null }));
    if (!receipt.ok) {
      await ctx.answerCallbackQuery({ text: 'Not saved, see the message.' });
      return void (await ctx.editMessageText(renderErrorHtml(receipt.error), { parse_mode: 'HTML' }));
    }
    await ctx.answerCallbackQuery({ text: receipt.value.created ? 'Report saved' : 'Report updated' });
    // Editing the question into the answer also removes the keyboard, so one tap files one report.
    await ctx.editMessageText(renderReportSavedHtml(receipt.value), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  return composer;
}
