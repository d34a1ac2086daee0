/**
 * /trace <address> [1|2] (also as a reply to a message with an address), and the "Trace funds"
 * button under every check reply: where the address's funds came from and went, 1 or 2 hops out.
 * The reply "Tracing…" goes out at once and is edited into the answer; when flagged addresses were
 * found, the diagram of the paths follows as a photo. The core's `trace` does the work; this parses,
 * limits each person's traces (they are costly) and renders.
 */
import { randomBytes } from 'node:crypto';
import { Composer, InputFile } from 'grammy';
import { type Exposure, parseHops, type TraceHops } from '../../../core/index.js';
import { renderPng } from '../../diagram-png.js';
import { renderExposureSvg } from '../../exposure-diagram.js';
import {
  createUserRateLimiter,
  DEFAULT_TRACE_RATE_LIMIT,
  traceLimitText,
  type UserRateLimit,
} from '../../user-rate-limit.js';
import {
  actorOf,
  type BotContext,
  codeEntityText,
  commandArgs,
  type FeatureDeps,
  replyOptions,
} from '../context.js';
import { CALLBACK } from '../keyboards.js';
import { escapeHtml, renderApologyHtml } from '../render.js';
import {
  renderDiagramCaptionHtml,
  renderExposureHtml,
  renderTraceErrorHtml,
  renderTracingHtml,
} from '../render-exposure.js';

export const TRACE_USAGE =
  'Send <code>/trace &lt;address&gt; [1|2]</code>, e.g. <code>/trace 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</code>: where its funds came from and went, 2 hops out (1: direct counterparties only). Or reply <code>/trace</code> to a message with an address.';

const STALE_BUTTON = 'That message is too old to read. Send /trace <address> instead.';

export interface TraceFeatureDeps extends FeatureDeps {
  /** Traces one person may start per window (default DEFAULT_TRACE_RATE_LIMIT). */
  traceRateLimit?: UserRateLimit;
}

export function traceFeature({ chainwarden, traceRateLimit }: TraceFeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const rate = traceRateLimit ?? DEFAULT_TRACE_RATE_LIMIT;
  const limiter = createUserRateLimiter(rate);
  const allowed = (ctx: BotContext) => limiter.take(actorOf(ctx) ?? `telegram:${ctx.chat?.id}`).allowed;

  composer.command('trace', async (ctx) => {
    const [, addressInput, hopsInput, rest] =
      /^(\S+)?(?:\s+(\S+))?(?:\s+([\s\S]*))?$/.exec(commandArgs(ctx)) ?? [];
    const replied = ctx.msg.reply_to_message;
    const input = addressInput ?? replied?.text ?? replied?.caption;
    if (!input) return void (await ctx.reply(TRACE_USAGE, replyOptions(ctx)));
    const hops = parseHops(hopsInput);
    if (typeof hops !== 'number' || rest) {
      const problem = typeof hops === 'number' ? 'Only an address and a hop count are read.' : hops.error;
      return void (await ctx.reply(`❌ ${escapeHtml(problem)}\n${TRACE_USAGE}`, replyOptions(ctx)));
    }
    const target = chainwarden.reportTarget(input);
    if (!target.ok) return void (await ctx.reply(renderTraceErrorHtml(target.error), replyOptions(ctx)));
    if (!allowed(ctx)) return void (await ctx.reply(escapeHtml(traceLimitText(rate)), replyOptions(ctx)));
    await startTrace(ctx, target.value.display, hops);
  });

  // Exactly the button's data: anything else a client sends is not this button.
  composer.callbackQuery(CALLBACK.trace, async (ctx) => {
    const address = codeEntityText(ctx.callbackQuery.message);
    if (!address) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON, show_alert: true }));
    if (!allowed(ctx))
      return void (await ctx.answerCallbackQuery({ text: traceLimitText(rate), show_alert: true }));
    await ctx.answerCallbackQuery({ text: 'Tracing…' });
    await startTrace(ctx, address, 2);
  });

  /**
   * Sends "Tracing…" and runs the trace without holding up the chat: updates of one chat are
   * handled in order (bot.ts), and a trace may take TRACE_BUDGET_MS, during which the group's other
   * messages (scam posts among them) must still be screened. The detached part reports its own failures.
   */
  async function startTrace(ctx: BotContext, address: string, hops: TraceHops): Promise<void> {
    const placeholder = await ctx.reply(renderTracingHtml(address, hops), replyOptions(ctx));
    const chatId = placeholder.chat.id;
    const edit = (html: string) =>
      ctx.api.editMessageText(chatId, placeholder.message_id, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
    void (async () => {
      const result = await chainwarden.trace(address, { hops });
      if (!result.ok) return void (await edit(renderTraceErrorHtml(result.error)));
      await edit(renderExposureHtml(result.value));
      if (result.value.hits.length > 0) await sendDiagram(ctx, chatId, placeholder.message_id, result.value);
    })().catch(async (error: unknown) => {
      // As the bot's error boundary does, which this detached part is outside of.
      const reference = randomBytes(4).toString('hex');
      ctx.logger.error({ err: error, address, hops, reference }, 'trace failed');
      await edit(renderApologyHtml(reference)).catch((editError: unknown) => {
        ctx.logger.warn({ err: editError, reference }, 'could not send the apology');
      });
    });
  }

  return composer;
}

/** The diagram as a photo under the answer; a picture that cannot be drawn or sent is only logged. */
async function sendDiagram(ctx: BotContext, chatId: number, replyTo: number, exposure: Exposure) {
  try {
    const { png } = await renderPng(renderExposureSvg(exposure).svg);
    await ctx.api.sendPhoto(chatId, new InputFile(png, 'trace.png'), {
      caption: renderDiagramCaptionHtml(exposure),
      parse_mode: 'HTML',
      reply_parameters: { message_id: replyTo, allow_sending_without_reply: true },
    });
  } catch (error) {
    ctx.logger.warn({ err: error, address: exposure.address }, 'could not send the trace diagram');
  }
}
