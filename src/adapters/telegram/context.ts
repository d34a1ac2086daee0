/**
 * The context every feature receives, plus the few chat facts features share: which community a
 * chat is, who counts as its admin, and where an address sits in a message the bot sent earlier.
 */

import type { Context } from 'grammy';
import type { Chat, ChatMember, Message, MessageEntity } from 'grammy/types';
import type { Chainwarden } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { WebLoginIssuer } from '../web-sign-in.js';

export interface BotContextFlavor {
  /** A child of the root logger carrying `{ updateId }`. */
  logger: Logger;
}

export type BotContext = Context & BotContextFlavor;

/** What every feature factory receives. */
export interface FeatureDeps {
  chainwarden: Chainwarden;
  /** The web page's public address (`PUBLIC_URL`), for links to it; null when not set. */
  publicUrl?: string | null;
  /** Issues web sign-in links (`/weblogin`); null when PUBLIC_URL is not set. */
  webLogin?: WebLoginIssuer | null;
}

export function isGroupChat(chat: Chat | undefined): chat is Chat.GroupChat | Chat.SupergroupChat {
  return chat?.type === 'group' || chat?.type === 'supergroup';
}

/** `telegram:<chat id>` in groups; private chats are no community. */
export function communityOf(chat: Chat | undefined): string | null {
  return isGroupChat(chat) ? `telegram:${chat.id}` : null;
}

/**
 * An anonymous admin posts as the group itself (`sender_chat` is the chat, the user is
 * GroupAnonymousBot): Telegram only lets admins do that, so it counts as an admin.
 */
export function isAnonymousAdmin(message: Pick<Message, 'sender_chat' | 'chat'> | undefined): boolean {
  return message?.sender_chat !== undefined && message.sender_chat.id === message.chat.id;
}

/**
 * Who acts, as `telegram:<user id>`; a post sent as a chat is that chat's (`sender_chat`: the group
 * itself for an anonymous admin, a channel for a post sent as the channel, whose `from` is only the
 * placeholder Channel_Bot or Telegram's 777000 that every channel shares).
 */
export function actorOf(ctx: BotContext): string | null {
  const senderChat = ctx.msg?.sender_chat;
  if (senderChat && !ctx.callbackQuery) return `telegram:${senderChat.id}`;
  return ctx.from ? `telegram:${ctx.from.id}` : null;
}

/** An admin right a moderation step needs: deleting posts (`/flag`), changing the group (`/settings`). */
export type AdminRight = 'can_delete_messages' | 'can_change_info';

/** `admin` holds the right; `not-admin` is no admin; `missing-right` is an admin without it. */
export type AdminCheck = 'admin' | 'not-admin' | 'missing-right';

const holds = (member: ChatMember, right: AdminRight | null) =>
  member.status === 'creator' || (member.status === 'administrator' && (right === null || member[right]));

/**
 * Whether the sender is the group's creator, or an admin holding `right` (any admin when null).
 * An anonymous admin could be any of the group's anonymous admins, so it holds a right only when
 * every one of them does (getChatAdministrators); otherwise one admin without the right could act
 * anonymously as if they had it.
 */
export async function adminCheck(ctx: BotContext, right: AdminRight | null): Promise<AdminCheck> {
  if (!isGroupChat(ctx.chat)) return 'not-admin';
  if (isAnonymousAdmin(ctx.msg)) {
    const anonymous = (await ctx.api.getChatAdministrators(ctx.chat.id)).filter((m) => m.is_anonymous);
    return anonymous.length > 0 && anonymous.every((m) => holds(m, right)) ? 'admin' : 'missing-right';
  }
  if (!ctx.from) return 'not-admin';
  const member = await ctx.api.getChatMember(ctx.chat.id, ctx.from.id);
  if (holds(member, right)) return 'admin';
  return holds(member, null) ? 'missing-right' : 'not-admin';
}

/** Another bot's message; an anonymous admin (GroupAnonymousBot posting as the group) is not one. */
export function isFromOtherBot(ctx: BotContext): boolean {
  if (!ctx.from?.is_bot) return false;
  if (ctx.callbackQuery) return false;
  return !isAnonymousAdmin(ctx.msg);
}

/** The text of the first `code` entity: where the bot put the full address in its own replies. */
export function codeEntityText(
  message: { text?: string; entities?: MessageEntity[] } | undefined,
): string | null {
  const entity = message?.entities?.find((e) => e.type === 'code');
  if (!message?.text || !entity) return null;
  // Entity offsets are UTF-16 code units, the same unit as JavaScript string indices.
  return message.text.slice(entity.offset, entity.offset + entity.length);
}

/** Options for every HTML reply: threaded to the message that asked (or whose button was tapped), no link previews. */
export function replyOptions(ctx: BotContext) {
  const messageId = ctx.msg?.message_id;
  return {
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(messageId !== undefined
      ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }
      : {}),
  };
}

/** The arguments after a command, trimmed. */
export function commandArgs(ctx: BotContext): string {
  return typeof ctx.match === 'string' ? ctx.match.trim() : '';
}
