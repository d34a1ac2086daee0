/**
 * Auto-moderation on MESSAGE_CREATE and MESSAGE_UPDATE (needs the privileged MessageContent intent): a
 * post holding an address at or above the guild's trigger level is warned about or deleted, per
 * `/settings`, and the action is logged. Edits are screened too, or a harmless post could be edited
 * into a scam after the create-time check. Bots, webhooks and DMs are ignored. Channel notices are
 * rate-limited per channel, edits and new posts alike, so a flood of scam posts cannot make the bot
 * flood the channel too; every action is still logged.
 */
import { DiscordAPIError, type Message, type PartialMessage, RESTJSONErrorCodes } from 'discord.js';
import type { Chainwarden, RiskSummary } from '../../core/index.js';
import { levelAtLeast } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { truncate } from '../presentation.js';
import { guildCommunity, NO_MENTIONS } from './command.js';
import { logModeration, messageLink } from './mod-log.js';
import { codeSpan, renderSummaryEmbed } from './render.js';

export interface AutoModeratorOptions {
  chainwarden: Chainwarden;
  logger: Logger;
  now?: () => Date;
  /** At most one notice per channel in this window (default one minute). */
  noticeIntervalMs?: number;
}

export interface AutoModerator {
  /** MESSAGE_CREATE: screens a new post. Never throws; failures are logged. */
  onMessage(message: Message): Promise<void>;
  /**
   * MESSAGE_UPDATE: screens an edited post when the edit may have brought in an address the post did
   * not hold before. Fetches the message when Discord sent only part of it. Never throws.
   */
  onMessageEdit(before: Message | PartialMessage, after: Message | PartialMessage): Promise<void>;
}

export function createAutoModerator(options: AutoModeratorOptions): AutoModerator {
  const { chainwarden } = options;
  const now = options.now ?? (() => new Date());
  const notices = createChannelRateLimit(options.noticeIntervalMs ?? 60_000, now);

  /** Whether an edit can have brought in an address that was not screened when it was posted. */
  function mayAddAddress(before: Message | PartialMessage, after: Message): boolean {
    if (before.partial) {
      // Not in the cache (posted before this process started, or evicted), so the old text is unknown.
      // Discord also sends updates for link previews and pins; only an edited message has new text.
      return after.editedTimestamp !== null;
    }
    if (before.content === after.content) return false;
    // A typo fixed around an address already screened on create must not warn or log a second time.
    const held = new Set(chainwarden.screenableIn(before.content));
    return chainwarden.screenableIn(after.content).some((found) => !held.has(found));
  }

  async function moderate(message: Message, edited: boolean): Promise<void> {
    if (message.author.bot || message.webhookId || message.system || !message.inGuild()) return;
    // Cheap, pure pre-check: most messages hold no address and must not cost a database round trip.
    if (chainwarden.screenableIn(message.content).length === 0) return;
    const logger = options.logger.child({
      messageId: message.id,
      guildId: message.guildId,
      channelId: message.channelId,
      edited,
    });
    try {
      const community = guildCommunity(message.guildId);
      const settings = await chainwarden.settings.get(community);
      if (settings.scanMode === 'off') return;
      const summaries = await chainwarden.screenText(message.content, { community });
      const risky = summaries
        .filter((s) => levelAtLeast(s.level, settings.minLevel))
        .sort((a, b) => b.score - a.score);
      const worst = risky[0];
      if (!worst) return;

      let deleted = false;
      let deleteFailed: string | null = null;
      if (settings.scanMode === 'delete') {
        try {
          await message.delete();
          deleted = true;
        } catch (error) {
          if (!(error instanceof DiscordAPIError)) throw error;
          deleteFailed = error.message;
          logger.warn({ err: error }, 'auto-moderation could not delete a post; warning instead');
        }
      }

      const noticeAllowed = notices.tryAcquire(message.channelId);
      if (noticeAllowed) await postNotice(message, worst, deleted);
      else logger.debug('auto-moderation notice suppressed by the per-channel rate limit');

      const link = messageLink(message.guildId, message.channelId, message.id);
      await logModeration(
        { chainwarden, logger },
        message.client.rest,
        {
          community,
          actor: 'system',
          action: deleted ? 'auto-delete' : 'auto-warn',
          target: message.id,
          details: {
            channelId: message.channelId,
            authorId: message.author.id,
            addresses: risky.map((s) => ({ address: s.address, level: s.level, score: s.score })),
            noticePosted: noticeAllowed,
            edited,
            ...(deleteFailed ? { deleteFailed } : {}),
          },
        },
        truncate(
          `🤖 Auto-moderation ${deleted ? 'deleted' : 'warned about'} ${edited ? 'an edited' : 'a'} post by <@${message.author.id}> in <#${message.channelId}>` +
            `${deleted ? '' : ` (${link})`}: ${risky.map((s) => `${codeSpan(s.address)} ${s.level}`).join(', ')}`,
          2000,
        ),
      );
    } catch (error) {
      logger.error({ err: error }, 'auto-moderation failed');
    }
  }

  return {
    onMessage: (message) => moderate(message, false),
    async onMessageEdit(before, after) {
      try {
        // Discord used to send only the changed fields; discord.js then hands over a partial message.
        const message = after.partial ? await after.fetch() : after;
        if (!mayAddAddress(before, message)) return;
        await moderate(message, true);
      } catch (error) {
        const context = { messageId: after.id, guildId: after.guildId, channelId: after.channelId };
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) {
          options.logger.debug(
            { ...context, err: error },
            'edited message was deleted before it was screened',
          );
          return;
        }
        options.logger.error({ ...context, err: error }, 'auto-moderation of an edit failed');
      }
    },
  };
}

async function postNotice(message: Message<true>, worst: RiskSummary, deleted: boolean): Promise<void> {
  const level = worst.level.toUpperCase();
  if (deleted) {
    // The address is not repeated: the point of deleting is that nobody copies it.
    await message.channel.send({
      content:
        `⛔ I removed a post by <@${message.author.id}>: it contained a ${level} risk address. ` +
        'Never pay an address posted in chat without checking it with /check.',
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await message.reply({
    content: `⚠️ Careful: this post contains a ${level} risk address. Do not send funds to it.`,
    embeds: [renderSummaryEmbed(worst)],
    allowedMentions: NO_MENTIONS,
  });
}

/** In-process and per replica by design: a TTL cache, losing it only allows one extra notice. */
export function createChannelRateLimit(intervalMs: number, now: () => Date) {
  const last = new Map<string, number>();
  return {
    tryAcquire(channelId: string): boolean {
      const at = now().getTime();
      const previous = last.get(channelId);
      if (previous !== undefined && at - previous < intervalMs) return false;
      if (last.size > 10_000) {
        for (const [id, t] of last) if (at - t >= intervalMs) last.delete(id);
      }
      last.set(channelId, at);
      return true;
    },
  };
}
