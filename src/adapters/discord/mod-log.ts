/**
 * The moderation trail: every flag, delete, timeout, auto-moderation action and settings change is
 * recorded through the core's ModerationLog and, when the guild set one, posted to its mod-log channel.
 * The core's use cases (flagPost, moderateMessage) record their own entries; the adapter then only
 * posts the line.
 */
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { ModerationAction } from '../../core/index.js';
import type { DiscordDeps } from './command.js';

/** Records the action, then posts `line` to the mod-log channel. */
export async function logModeration(
  deps: Pick<DiscordDeps, 'chainwarden' | 'logger'>,
  rest: REST,
  action: ModerationAction,
  line: string,
): Promise<void> {
  await deps.chainwarden.moderationLog.record(action);
  await postModLogLine(deps, rest, action.community, action.action, line);
}

/** Posts `line` to the guild's mod-log channel, if it set one. A failed post is logged, never thrown:
 * the action itself already happened and the moderator must still get an answer. */
export async function postModLogLine(
  deps: Pick<DiscordDeps, 'chainwarden' | 'logger'>,
  rest: REST,
  community: string,
  action: ModerationAction['action'],
  line: string,
): Promise<void> {
  const { modLogChannel } = await deps.chainwarden.settings.get(community);
  if (!modLogChannel) return;
  try {
    await rest.post(Routes.channelMessages(modLogChannel), {
      body: { content: line.slice(0, 2000), allowed_mentions: { parse: [] } },
    });
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    deps.logger.warn(
      { err: error, channelId: modLogChannel, action },
      'could not post to the mod-log channel',
    );
  }
}

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}
