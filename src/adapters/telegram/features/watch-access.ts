/**
 * Who may change or see a chat's watch-list: anyone in a private chat (it is their own), admins in
 * a group (an anonymous admin included: it posts as the group, which only admins can).
 */
import { adminCheck, type BotContext, isGroupChat, replyOptions } from '../context.js';

export interface WatchScope {
  /** `telegram:<chat id>`: whose limit and list. */
  owner: string;
  chatId: string;
  /** The group as a community (look-alikes posted there); null in a private chat. */
  community: string | null;
}

/** The chat's watch scope, or null after telling a non-admin in a group why not. */
export async function watchScope(ctx: BotContext): Promise<WatchScope | null> {
  const chat = ctx.chat;
  if (!chat || chat.type === 'channel') return null;
  if (isGroupChat(chat) && (await adminCheck(ctx, null)) === 'not-admin') {
    await ctx.reply('Sorry, only admins of this group can change or see what it watches.', replyOptions(ctx));
    return null;
  }
  return {
    owner: `telegram:${chat.id}`,
    chatId: String(chat.id),
    community: isGroupChat(chat) ? `telegram:${chat.id}` : null,
  };
}
