/**
 * `createTelegramBot` builds the grammY bot from one feature Composer per file. Order of the
 * middleware: per-update logger, per-chat sequencing, then the error boundary around group
 * scanning (every post but the bot's own), dropping other bots, the per-user rate limit and the
 * features.
 */
import { randomBytes } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type BotError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { type Chainwarden, StorageUnavailableError } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { DATABASE_DOWN_TEXT, SLOW_DOWN_TEXT } from '../presentation.js';
import { DEFAULT_USER_RATE_LIMIT, type UserRateLimit } from '../user-rate-limit.js';
import type { WebLoginIssuer } from '../web-sign-in.js';
import { actorOf, type BotContext, isFromOtherBot, isGroupChat, replyOptions } from './context.js';
import { appealFeature } from './features/appeal.js';
import { checkFeature } from './features/check.js';
import { flagFeature } from './features/flag.js';
import { helpFeature } from './features/help.js';
import { privateAddressFeature } from './features/private-address.js';
import { reportFeature } from './features/report.js';
import { reviewFeature } from './features/review.js';
import { groupScanFeature } from './features/scan.js';
import { settingsFeature } from './features/settings.js';
import { traceFeature } from './features/trace.js';
import { unwatchFeature } from './features/unwatch.js';
import { watchFeature } from './features/watch.js';
import { watchesFeature } from './features/watches.js';
import { webLoginFeature } from './features/weblogin.js';
import { escapeHtml, renderApologyHtml } from './render.js';
import { noteSightings } from './sightings.js';

export { DEFAULT_USER_RATE_LIMIT, type UserRateLimit };

export interface TelegramBotDeps {
  chainwarden: Chainwarden;
  token: string;
  /** Bot API root, e.g. https://api.telegram.org, a self-hosted Bot API server or a test server. */
  apiRoot: string;
  logger: Logger;
  /** The web page's public address (`PUBLIC_URL`): Details replies link to the address's page. */
  publicUrl?: string | null;
  /** Issues web sign-in links for /weblogin; absent or null: /weblogin says it is not set up. */
  webLogin?: WebLoginIssuer | null;
  /** Known bot identity: skips the getMe call at start (tests, webhook replicas). */
  botInfo?: UserFromGetMe;
  rateLimit?: UserRateLimit;
  /** Traces one user may start per window (default DEFAULT_TRACE_RATE_LIMIT, 3 a minute). */
  traceRateLimit?: UserRateLimit;
}

/**
 * A request aimed at the bot (counted by the per-user limit), as opposed to group chatter it only
 * scans: a button tap, anything in a private chat, a command, or a reply to one of the bot's own
 * messages in a group (the answer to a "Which address…?" prompt starts a report like a command).
 */
function isDirectedAtBot(ctx: BotContext): boolean {
  if (ctx.callbackQuery) return true;
  if (!ctx.message) return false;
  if (!isGroupChat(ctx.chat)) return true;
  if (ctx.message.reply_to_message?.from?.id === ctx.me.id) return true;
  return ctx.message.entities?.[0]?.type === 'bot_command' && ctx.message.entities[0].offset === 0;
}

export function createTelegramBot(deps: TelegramBotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(deps.token, {
    client: { apiRoot: deps.apiRoot },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  // 429 (flood control) and 5xx answers are retried after Telegram's retry_after, a few times.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  bot.use(async (ctx, next) => {
    ctx.logger = deps.logger.child({ updateId: ctx.update.update_id });
    await next();
  });
  // Updates of one chat run in order (the runner is concurrent across chats).
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));

  const guarded = bot.errorBoundary(apologise);
  const features = {
    chainwarden: deps.chainwarden,
    publicUrl: deps.publicUrl ?? null,
    webLogin: deps.webLogin ?? null,
  };
  // Every group post is screened first: people's, other bots', and posts sent as a channel. Before
  // the per-user limit, so that a flood of requests cannot make a scam post skip moderation.
  guarded.use(groupScanFeature(features));
  // Everything below runs only for people: a bot never answers other bots.
  const people = guarded.drop(isFromOtherBot);
  // Before the rate limit: a refused request is still a sighting; before the features: a /report
  // reads it (reporter weight).
  people.use(noteSightings(features));
  const rate = deps.rateLimit ?? DEFAULT_USER_RATE_LIMIT;
  people.filter(
    isDirectedAtBot,
    limit<BotContext, never>({
      timeFrame: rate.windowMs,
      limit: rate.limit,
      // Anonymous admins all post as GroupAnonymousBot: count them per group, not as one user.
      keyGenerator: (ctx) => actorOf(ctx) ?? undefined,
      // Called once per window (alwaysReply is off), so the "slow down" reply cannot itself flood.
      onLimitExceeded: async (ctx) => {
        ctx.logger.info({ userId: ctx.from?.id }, 'user rate limit reached');
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: SLOW_DOWN_TEXT, show_alert: true });
        else await ctx.reply(SLOW_DOWN_TEXT, replyOptions(ctx));
      },
    }),
  );

  people.use(
    // Before help: it answers the /start deep link of an appeal.
    appealFeature(features),
    helpFeature(),
    checkFeature(features),
    reportFeature(features),
    flagFeature(features),
    settingsFeature(features),
    watchFeature(features),
    unwatchFeature(features),
    watchesFeature(features),
    traceFeature({ ...features, ...(deps.traceRateLimit ? { traceRateLimit: deps.traceRateLimit } : {}) }),
    webLoginFeature(features),
    reviewFeature(features),
  );
  // After the commands: plain messages only reach this when no command matched.
  people.use(privateAddressFeature(features));
  // must be last: unknown commands in a private chat
  people.chatType('private').on('message:text', async (ctx) => {
    await ctx.reply('I do not know that command. Send /help to see what I can do.', replyOptions(ctx));
  });

  // Outside the boundary (the logger middleware, the apology itself): log, never reply.
  bot.catch((error) => {
    (error.ctx.logger ?? deps.logger).error(
      { err: error.error, updateId: error.ctx.update.update_id },
      'telegram update failed',
    );
  });
  return bot;
}

/**
 * The one error boundary: an unreachable database is said plainly (nothing saved, try again in a
 * minute); anything else is logged with the update id and a reference, and the user gets the reference.
 */
async function apologise(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  // Another bot's post failed to screen: logged, never answered.
  if (isFromOtherBot(ctx)) {
    ctx.logger.error({ err: error.error, updateId: ctx.update.update_id }, 'telegram update failed');
    return;
  }
  if (error.error instanceof StorageUnavailableError) {
    ctx.logger.warn({ err: error.error, updateId: ctx.update.update_id }, 'database unavailable');
    // Group chatter the bot only scans gets no reply: an outage must not answer every message.
    if (isDirectedAtBot(ctx)) await tell(ctx, DATABASE_DOWN_TEXT, escapeHtml(DATABASE_DOWN_TEXT));
    return;
  }
  const reference = randomBytes(4).toString('hex');
  ctx.logger.error({ err: error.error, updateId: ctx.update.update_id, reference }, 'telegram update failed');
  await tell(ctx, `Sorry, something went wrong (reference ${reference}).`, renderApologyHtml(reference));
}

/** Answers a button tap with an alert, a message with a reply; a failure to answer is only logged. */
async function tell(ctx: BotContext, alert: string, html: string): Promise<void> {
  try {
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: alert, show_alert: true });
    } else if (ctx.chat) {
      await ctx.reply(html, replyOptions(ctx));
    }
  } catch (replyError) {
    ctx.logger.warn({ err: replyError, alert }, 'could not send the apology');
  }
}
