/**
 * Auto-moderation on MESSAGE_CREATE and MESSAGE_UPDATE (needs the privileged MessageContent intent):
 * each post goes to the core's moderateMessage, which applies the guild's `/settings`, screens, logs
 * and decides; this file deletes the post when told to, posts the channel notice unless the core's
 * per-channel throttle held it back (so a flood of scam posts cannot make the bot flood the channel
 * too), and posts the mod-log line. Edits are screened too, or a harmless post could be edited into
 * a scam after the create-time check. Every guild post is screened but the bot's own: members',
 * other bots' and webhooks' (a compromised integration posting a drainer address is a known scam),
 * although the bot never answers another bot's commands. System messages and DMs are ignored.
 */
import { DiscordAPIError, type Message, type PartialMessage, RESTJSONErrorCodes } from 'discord.js';
import type { Chainwarden, DeleteResult, RiskSummary } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { truncate } from '../presentation.js';
import { discordUser, guildCommunity, NO_MENTIONS } from './command.js';
import { messageLink, postModLogLine } from './mod-log.js';
import { codeSpan, escapeUserText, renderSummaryEmbed } from './render.js';

export interface AutoModeratorOptions {
  chainwarden: Chainwarden;
  logger: Logger;
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

  /**
   * `previousText` is the text before the edit when known (the core then screens only an edit that
   * adds something); null for a new post or an edit of a post not in the cache.
   */
  async function moderate(message: Message, edited: boolean, previousText: string | null): Promise<void> {
    if (message.author.id === message.client.user.id || message.system || !message.inGuild()) return;
    const logger = options.logger.child({
      messageId: message.id,
      guildId: message.guildId,
      channelId: message.channelId,
      edited,
    });
    try {
      const community = guildCommunity(message.guildId);
      const outcome = await chainwarden.moderateMessage({
        community,
        channel: message.channelId,
        text: message.content,
        previousText,
        author: discordUser(message.author.id),
        target: message.id,
        details: {
          channelId: message.channelId,
          edited,
          ...(message.webhookId ? { webhookId: message.webhookId } : message.author.bot ? { bot: true } : {}),
        },
        deleteMessage: () => deletePost(message, logger),
      });
      if (outcome.action === 'none') return;
      const deleted = outcome.action === 'deleted';
      const worst = outcome.risky[0];
      if (outcome.warn && worst) await postNotice(message, worst, deleted);
      else logger.debug('auto-moderation notice suppressed by the per-channel rate limit');

      const link = messageLink(message.guildId, message.channelId, message.id);
      await postModLogLine(
        { chainwarden, logger },
        message.client.rest,
        community,
        deleted ? 'auto-delete' : 'auto-warn',
        truncate(
          `🤖 Auto-moderation ${deleted ? 'deleted' : 'warned about'} ${edited ? 'an edited' : 'a'} post by ${poster(message)} in <#${message.channelId}>` +
            `${deleted ? '' : ` (${link})`}: ${outcome.risky.map((s) => `${codeSpan(s.address)} ${s.level}`).join(', ')}`,
          2000,
        ),
      );
    } catch (error) {
      logger.error({ err: error }, 'auto-moderation failed');
    }
  }

  return {
    onMessage: (message) => moderate(message, false, null),
    async onMessageEdit(before, after) {
      try {
        // Discord used to send only the changed fields; discord.js then hands over a partial message.
        const message = after.partial ? await after.fetch() : after;
        if (before.partial) {
          // Not in the cache (posted before this process started, or evicted), so the old text is
          // unknown. Discord also sends updates for link previews and pins; only an edit has new text.
          if (message.editedTimestamp !== null) await moderate(message, true, null);
          return;
        }
        if (before.content === message.content) return;
        await moderate(message, true, before.content);
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

/**
 * Who posted, as a mention (never pinging: NO_MENTIONS), or for a webhook, which has no member to
 * mention, its display name.
 */
function poster(message: Message): string {
  if (message.webhookId) return `the webhook “${escapeUserText(truncate(message.author.username, 80))}”`;
  return `<@${message.author.id}>`;
}

/** Discord refusing the delete (already gone, missing permission) is expected: the post is warned about instead. */
async function deletePost(message: Message, logger: Logger): Promise<DeleteResult> {
  try {
    await message.delete();
    return { deleted: true };
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    logger.warn({ err: error }, 'auto-moderation could not delete a post; warning instead');
    return { deleted: false, refusal: error.message };
  }
}

async function postNotice(message: Message<true>, worst: RiskSummary, deleted: boolean): Promise<void> {
  const level = worst.level.toUpperCase();
  if (deleted) {
    // The address is not repeated: the point of deleting is that nobody copies it.
    await message.channel.send({
      content:
        `⛔ I removed a post by ${poster(message)}: it contained a ${level} risk address. ` +
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
