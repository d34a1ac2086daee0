/**
 * Auto-moderation on MESSAGE_CREATE (needs the privileged MessageContent intent): a post holding an
 * address at or above the guild's trigger level is warned about or deleted, per `/settings`, and the
 * action is logged. Bots, webhooks and DMs are ignored. Channel notices are rate-limited per channel so
 * a flood of scam posts cannot make the bot flood the channel too; every action is still logged.
 */
import { DiscordAPIError, type Message } from 'discord.js';
import type { Chainwarden } from '../../core/service.js';
import { RISK_LEVELS, type RiskLevel, type RiskSummary } from '../../core/types.js';
import type { Logger } from '../../logger.js';
import { NO_MENTIONS } from './command.js';
import { logModeration, messageLink } from './mod-log.js';
import { codeSpan, renderSummaryEmbed, truncate } from './render.js';

export interface AutoModeratorOptions {
  chainwarden: Chainwarden;
  logger: Logger;
  now?: () => Date;
  /** At most one notice per channel in this window (default one minute). */
  noticeIntervalMs?: number;
}

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);

export function createAutoModerator(options: AutoModeratorOptions): (message: Message) => Promise<void> {
  const { chainwarden } = options;
  const now = options.now ?? (() => new Date());
  const notices = createChannelRateLimit(options.noticeIntervalMs ?? 60_000, now);

  return async function autoModerate(message) {
    if (message.author.bot || message.webhookId || message.system || !message.inGuild()) return;
    // Cheap, pure pre-check: most messages hold no address and must not cost a database round trip.
    if (chainwarden.extractAddresses(message.content).length === 0) return;
    const logger = options.logger.child({
      messageId: message.id,
      guildId: message.guildId,
      channelId: message.channelId,
    });
    try {
      const community = `discord:${message.guildId}`;
      const settings = await chainwarden.settings.get(community);
      if (settings.scanMode === 'off') return;
      const summaries = await chainwarden.screenText(message.content, { community });
      const risky = summaries
        .filter((s) => rank(s.level) >= rank(settings.minLevel))
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
            ...(deleteFailed ? { deleteFailed } : {}),
          },
        },
        truncate(
          `🤖 Auto-moderation ${deleted ? 'deleted' : 'warned about'} a post by <@${message.author.id}> in <#${message.channelId}>` +
            `${deleted ? '' : ` (${link})`}: ${risky.map((s) => `${codeSpan(s.address)} ${s.level}`).join(', ')}`,
          2000,
        ),
      );
    } catch (error) {
      logger.error({ err: error }, 'auto-moderation failed');
    }
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
