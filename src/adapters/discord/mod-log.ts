/**
 * The moderation trail: every flag, delete, timeout, auto-moderation action and settings change is
 * recorded through the core's ModerationLog and, when the guild set one, posted to its mod-log channel.
 */
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { ModerationAction } from '../../core/index.js';
import type { DiscordDeps } from './command.js';

/** Records the action, then posts `line` to the mod-log channel. A failed post is logged, never thrown:
 * the action itself already happened and the moderator must still get an answer. */
export async function logModeration(
  deps: Pick<DiscordDeps, 'chainwarden' | 'logger'>,
  rest: REST,
  action: ModerationAction,
  line: string,
): Promise<void> {
  await deps.chainwarden.moderationLog.record(action);
  const { modLogChannel } = await deps.chainwarden.settings.get(action.community);
  if (!modLogChannel) return;
  try {
    await rest.post(Routes.channelMessages(modLogChannel), {
      body: { content: line.slice(0, 2000), allowed_mentions: { parse: [] } },
    });
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    deps.logger.warn(
      { err: error, channelId: modLogChannel, action: action.action },
      'could not post to the mod-log channel',
    );
  }
}

export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}
