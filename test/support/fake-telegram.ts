/**
 * A fake Telegram Bot API server on 127.0.0.1 speaking the real wire protocol:
 * `POST /bot<token>/<method>` with a JSON or form body, answered `{ ok: true, result }` or
 * `{ ok: false, error_code, description }`. getUpdates long-polls (held until an update is queued
 * or its timeout passes, honouring `offset`). HTML in sendMessage/editMessageText is parsed into
 * text + entities the way Telegram does, and malformed HTML is refused with Telegram's 400, so an
 * unescaped `<` or `&` from user text fails a test just as it would fail in production (the fake
 * is stricter than Telegram: a bare `&` or `>` is refused too), and plain URLs outside code become
 * `url` entities, clickable, as Telegram makes them. sendPhoto takes a PNG uploaded as multipart
 * form data and applies Telegram's size and caption limits. Every call is recorded.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBotInfo {
  id: number;
  username: string;
  first_name: string;
}

export interface MessageEntityShape {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

export interface InlineButtonShape {
  text: string;
  callback_data?: string;
  url?: string;
}

/** The fields of Bot API requests the tests look at; anything else stays reachable by key. */
export interface ApiPayload {
  [key: string]: unknown;
  chat_id?: number | string;
  message_id?: number;
  text?: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard?: InlineButtonShape[][] };
  reply_parameters?: { message_id: number };
  callback_query_id?: string;
  show_alert?: boolean;
  user_id?: number;
  url?: string;
  secret_token?: string;
  offset?: number;
  limit?: number;
  timeout?: number;
}

export interface ChatShape {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
  username?: string;
}

/** A photo message as sendPhoto returns it: the photo's one size (the upload's) and its caption. */
export interface SentPhoto extends Omit<SentMessage, 'text' | 'entities' | 'edit_date'> {
  photo: Array<{ file_id: string; file_unique_id: string; width: number; height: number; file_size: number }>;
  caption?: string;
  caption_entities?: MessageEntityShape[];
}

/** A message as the fake returns it (what Telegram would put into later updates). */
export interface SentMessage {
  message_id: number;
  date: number;
  chat: ChatShape;
  from: FakeBotInfo & { is_bot: true };
  text: string;
  entities?: MessageEntityShape[];
  reply_markup?: ApiPayload['reply_markup'];
  edit_date?: number;
}

export interface RecordedCall {
  token: string;
  method: string;
  payload: ApiPayload;
  /** `result` on success, or the error answer. */
  response: { ok: true; result: unknown } | { ok: false; error_code: number; description: string };
  at: number;
}

export type UpdateShape = { update_id?: number } & Record<string, unknown>;

/** The rights of a ChatMemberAdministrator (https://core.telegram.org/bots/api#chatmemberadministrator). */
export interface AdminRights {
  can_manage_chat: boolean;
  can_delete_messages: boolean;
  can_manage_video_chats: boolean;
  can_restrict_members: boolean;
  can_promote_members: boolean;
  can_change_info: boolean;
  can_invite_users: boolean;
  can_post_stories: boolean;
  can_edit_stories: boolean;
  can_delete_stories: boolean;
  can_pin_messages: boolean;
  can_manage_topics: boolean;
}

const ALL_RIGHTS: AdminRights = {
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: true,
  can_edit_stories: true,
  can_delete_stories: true,
  can_pin_messages: true,
  can_manage_topics: true,
};

interface MemberState {
  status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left';
  rights: AdminRights;
  anonymous: boolean;
}

/** A ChatMember object as Telegram serialises it for this status. */
function chatMemberObject(userId: number, member: MemberState | undefined) {
  const user = { id: userId, is_bot: false, first_name: 'Member' };
  switch (member?.status ?? 'member') {
    case 'creator':
      return { status: 'creator', user, is_anonymous: member?.anonymous ?? false };
    case 'administrator':
      return {
        status: 'administrator',
        user,
        can_be_edited: false,
        is_anonymous: member?.anonymous ?? false,
        ...(member?.rights ?? ALL_RIGHTS),
      };
    case 'restricted':
      return {
        status: 'restricted',
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_change_info: false,
        can_invite_users: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    default:
      return { status: member?.status ?? 'member', user };
  }
}

type Failure = { error_code: number; description: string; parameters?: Record<string, unknown> };

interface BotState {
  info: FakeBotInfo;
  queue: Array<UpdateShape & { update_id: number }>;
  nextUpdateId: number;
  waiters: Set<() => void>;
  webhook: { url: string; secret: string | null } | null;
}

export interface FakeTelegram {
  /** Pass as the bot's apiRoot. */
  apiRoot: string;
  calls: RecordedCall[];
  addBot(token: string, info: FakeBotInfo): void;
  /** Queues an update for getUpdates; returns its update_id. */
  pushUpdate(token: string, update: UpdateShape): number;
  /** Index to pass to `waitForCall`/`callsSince` so only later calls count. */
  mark(): number;
  callsSince(mark: number, method?: string): RecordedCall[];
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    options?: { since?: number; timeoutMs?: number },
  ): Promise<RecordedCall>;
  /**
   * What getChatMember answers for this user, and whether getChatAdministrators lists them. An
   * administrator holds every right unless `rights` turns one off; `anonymous` admins post as the group.
   */
  setChatMember(
    chatId: number,
    userId: number,
    status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left',
    options?: { rights?: Partial<AdminRights>; anonymous?: boolean },
  ): void;
  /** deleteMessage in this chat answers 400 "message can't be deleted" (the bot lacks the right). */
  refuseDelete(chatId: number): void;
  /** The next call of `method` fails once with this answer (e.g. 429 with retry_after). */
  failNext(method: string, failure: Failure): void;
  sentMessage(chatId: number, messageId: number): SentMessage | undefined;
  sentPhoto(chatId: number, messageId: number): SentPhoto | undefined;
  close(): Promise<void>;
}

export async function createFakeTelegram(): Promise<FakeTelegram> {
  const bots = new Map<string, BotState>();
  const calls: RecordedCall[] = [];
  const events = new EventEmitter();
  const members = new Map<string, MemberState>();
  const noDelete = new Set<number>();
  const failures = new Map<string, Failure[]>();
  const chats = new Map<number, ChatShape>();
  const messages = new Map<string, SentMessage>();
  const photos = new Map<string, SentPhoto>();
  let nextMessageId = 10_000;

  const record = (token: string, method: string, payload: ApiPayload, response: RecordedCall['response']) => {
    const call = { token, method, payload, response, at: Date.now() };
    calls.push(call);
    events.emit('call', call);
  };

  const chatFor = (chatId: unknown): ChatShape => {
    const id = Number(chatId);
    return (
      chats.get(id) ??
      (id > 0 ? { id, type: 'private', first_name: 'User' } : { id, type: 'supergroup', title: 'Group' })
    );
  };

  const rememberChats = (value: unknown) => {
    // Chats seen in pushed updates, so replies carry the same chat object back.
    if (!value || typeof value !== 'object') return;
    const chat = (value as { chat?: ChatShape }).chat;
    if (chat && typeof chat.id === 'number') chats.set(chat.id, chat);
    for (const nested of Object.values(value))
      if (nested && typeof nested === 'object') rememberChats(nested);
  };

  function methodResult(state: BotState, method: string, p: ApiPayload): unknown {
    const now = Math.floor(Date.now() / 1000);
    switch (method) {
      case 'getMe':
        return {
          ...state.info,
          is_bot: true,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'deleteWebhook':
        state.webhook = null;
        return true;
      case 'setWebhook':
        if (typeof p.url !== 'string' || !p.url.startsWith('https://')) {
          throw apiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        }
        state.webhook = { url: p.url, secret: p.secret_token ?? null };
        return true;
      case 'getWebhookInfo':
        return {
          url: state.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: state.queue.length,
        };
      case 'sendMessage': {
        const parsed = renderText(p);
        const message: SentMessage = {
          message_id: nextMessageId++,
          date: now,
          chat: chatFor(p.chat_id),
          from: { ...state.info, is_bot: true },
          ...parsed,
          ...(p.reply_markup ? { reply_markup: checkKeyboard(p.reply_markup) } : {}),
        };
        messages.set(`${message.chat.id}:${message.message_id}`, message);
        return message;
      }
      case 'sendPhoto': {
        const photo = checkPhoto(p.photo);
        const caption = renderCaption(p);
        const message: SentPhoto = {
          message_id: nextMessageId++,
          date: now,
          chat: chatFor(p.chat_id),
          from: { ...state.info, is_bot: true },
          photo: [
            {
              file_id: `photo-${nextMessageId}`,
              file_unique_id: `u-photo-${nextMessageId}`,
              width: photo.width,
              height: photo.height,
              file_size: photo.size,
            },
          ],
          ...caption,
          ...(p.reply_markup ? { reply_markup: checkKeyboard(p.reply_markup) } : {}),
        };
        photos.set(`${message.chat.id}:${message.message_id}`, message);
        return message;
      }
      case 'editMessageText': {
        const key = `${Number(p.chat_id)}:${p.message_id}`;
        const before = messages.get(key);
        if (!before && photos.has(key))
          throw apiError(400, 'Bad Request: there is no text in the message to edit');
        if (!before) throw apiError(400, 'Bad Request: message to edit not found');
        const parsed = renderText(p);
        const markup = p.reply_markup ? checkKeyboard(p.reply_markup) : undefined;
        if (parsed.text === before.text && JSON.stringify(markup) === JSON.stringify(before.reply_markup)) {
          throw apiError(400, 'Bad Request: message is not modified');
        }
        const { reply_markup: _dropped, entities: _old, ...rest } = before;
        const after: SentMessage = {
          ...rest,
          ...parsed,
          edit_date: now,
          ...(markup ? { reply_markup: markup } : {}),
        };
        messages.set(key, after);
        return after;
      }
      case 'answerCallbackQuery':
        if (typeof p.callback_query_id !== 'string') throw apiError(400, 'Bad Request: query is too old');
        if (typeof p.text === 'string' && p.text.length > 200)
          throw apiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        return true;
      case 'getChatMember':
        return chatMemberObject(Number(p.user_id), members.get(`${Number(p.chat_id)}:${Number(p.user_id)}`));
      case 'getChatAdministrators': {
        const prefix = `${Number(p.chat_id)}:`;
        return [...members]
          .filter(
            ([key, m]) => key.startsWith(prefix) && (m.status === 'creator' || m.status === 'administrator'),
          )
          .map(([key, m]) => chatMemberObject(Number(key.slice(prefix.length)), m));
      }
      case 'deleteMessage':
        if (noDelete.has(Number(p.chat_id))) throw apiError(400, "Bad Request: message can't be deleted");
        messages.delete(`${Number(p.chat_id)}:${p.message_id}`);
        photos.delete(`${Number(p.chat_id)}:${p.message_id}`);
        return true;
      default:
        throw apiError(404, 'Not Found: method not found');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token = '', rawMethod = ''] = match;
    const method = rawMethod.charAt(0).toLowerCase() + rawMethod.slice(1);
    const state = bots.get(token);
    let payload: ApiPayload;
    try {
      payload = { ...Object.fromEntries(url.searchParams), ...(await readPayload(req)) };
    } catch (error) {
      return send(400, {
        ok: false,
        error_code: 400,
        description: `Bad Request: ${(error as Error).message}`,
      });
    }
    if (!state) {
      const response = { ok: false as const, error_code: 401, description: 'Unauthorized' };
      record(token, method, payload, response);
      return send(401, response);
    }

    const injected = failures.get(method)?.shift();
    if (injected) {
      const response = { ok: false as const, ...injected };
      record(token, method, payload, {
        ok: false,
        error_code: injected.error_code,
        description: injected.description,
      });
      return send(injected.error_code, response);
    }

    if (method === 'getUpdates')
      return longPoll(state, payload, req, (updates) => {
        record(token, method, payload, { ok: true, result: updates });
        send(200, { ok: true, result: updates });
      });

    try {
      const result = methodResult(state, method, payload);
      record(token, method, payload, { ok: true, result });
      send(200, { ok: true, result });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const response = { ok: false as const, error_code: error.code, description: error.message };
      record(token, method, payload, response);
      send(error.code, response);
    }
  }

  function longPoll(
    state: BotState,
    p: ApiPayload,
    req: IncomingMessage,
    answer: (updates: unknown[]) => void,
  ) {
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    // Telegram confirms every update below `offset` and forgets it.
    if (offset > 0) state.queue = state.queue.filter((u) => u.update_id >= offset);
    const ready = () => state.queue.filter((u) => u.update_id >= offset).slice(0, limit);
    const now = ready();
    const timeoutSeconds = Number(p.timeout ?? 0);
    if (now.length > 0 || timeoutSeconds <= 0) return answer(now);
    const done = () => {
      clearTimeout(timer);
      state.waiters.delete(wake);
      req.off('close', abandoned);
    };
    const wake = () => {
      const updates = ready();
      if (updates.length === 0) return;
      done();
      answer(updates);
    };
    const abandoned = () => done();
    const timer = setTimeout(() => {
      done();
      answer([]);
    }, timeoutSeconds * 1000);
    state.waiters.add(wake);
    // The client aborted (the runner stopped): forget the waiter so no update is handed to nobody.
    req.on('close', abandoned);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.writableEnded) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: false,
            error_code: 500,
            description: `Internal Server Error: ${String(error)}`,
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    addBot(token, info) {
      bots.set(token, { info, queue: [], nextUpdateId: 1, waiters: new Set(), webhook: null });
    },
    pushUpdate(token, update) {
      const state = bots.get(token);
      if (!state) throw new Error(`no fake bot with token ${token}`);
      const update_id = state.nextUpdateId++;
      rememberChats(update);
      state.queue.push({ ...update, update_id });
      for (const wake of [...state.waiters]) wake();
      return update_id;
    },
    mark: () => calls.length,
    callsSince: (mark, method) =>
      calls.slice(mark).filter((c) => method === undefined || c.method === method),
    waitForCall(predicate, { since = 0, timeoutMs = 5_000 } = {}) {
      const found = calls.slice(since).find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onCall = (call: RecordedCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          events.off('call', onCall);
          resolve(call);
        };
        const timer = setTimeout(() => {
          events.off('call', onCall);
          const seen = calls
            .slice(since)
            .map((c) => `${c.method} ${JSON.stringify(c.payload).slice(0, 200)}`);
          reject(
            new Error(
              `no matching Bot API call within ${timeoutMs} ms; calls since mark:\n${seen.join('\n')}`,
            ),
          );
        }, timeoutMs);
        events.on('call', onCall);
      });
    },
    setChatMember(chatId, userId, status, options = {}) {
      members.set(`${chatId}:${userId}`, {
        status,
        rights: { ...ALL_RIGHTS, ...options.rights },
        anonymous: options.anonymous ?? false,
      });
    },
    refuseDelete(chatId) {
      noDelete.add(chatId);
    },
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    sentMessage: (chatId, messageId) => messages.get(`${chatId}:${messageId}`),
    sentPhoto: (chatId, messageId) => photos.get(`${chatId}:${messageId}`),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
  ) {
    super(description);
  }
}

const apiError = (code: number, description: string) => new ApiError(code, description);

/** A file uploaded in a multipart request, as the fake records it in the call's payload. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data);
}

/** Form fields carry nested objects (reply_markup, reply_parameters) as JSON text, as Telegram accepts. */
const formValue = (value: string): unknown =>
  /^[[{]/.test(value) ? JSON.parse(value) : /^-?\d+$/.test(value) ? Number(value) : value;

async function readPayload(req: IncomingMessage): Promise<ApiPayload> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const body = raw.toString('utf8');
  if (body.trim() === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(body) as ApiPayload;
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: ApiPayload = {};
    for (const [key, value] of new URLSearchParams(body)) out[key] = formValue(value);
    return out;
  }
  if (type.includes('multipart/form-data')) {
    // How files are uploaded (core.telegram.org/bots/api#sending-files): a part named after the
    // field (`photo`), or any name that a field refers to as `attach://<name>`.
    const fields: ApiPayload = {};
    const files = new Map<string, UploadedFile>();
    for (const part of parseMultipart(raw, type)) {
      if (part.filename === null) fields[part.name] = formValue(part.data.toString('utf8'));
      else files.set(part.name, { filename: part.filename, contentType: part.contentType, data: part.data });
    }
    for (const [key, value] of Object.entries(fields)) {
      const attached = typeof value === 'string' && /^attach:\/\/(.+)$/.exec(value)?.[1];
      if (attached) {
        const file = files.get(attached);
        if (!file) throw new Error(`field "${key}" refers to ${value}, which was not uploaded`);
        fields[key] = file;
        files.delete(attached);
      }
    }
    for (const [key, file] of files) fields[key] ??= file;
    return fields;
  }
  throw new Error(`content type "${type}" is not supported by this fake (send JSON, a form or multipart)`);
}

/**
 * RFC 7578 multipart/form-data, read as Telegram's server reads it. Hand-written because undici's
 * parser (`Response.formData`) refuses what grammY sends and Telegram accepts: header values
 * without spaces and an unquoted `filename=trace.png`.
 */
function parseMultipart(
  raw: Buffer,
  contentType: string,
): Array<{ name: string; filename: string | null; contentType: string; data: Buffer }> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let at = raw.indexOf(delimiter);
  if (at < 0) throw new Error('multipart body without its boundary');
  for (;;) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) throw new Error('multipart body not closed');
    // Each part: CRLF, headers, CRLF CRLF, body, CRLF before the next delimiter.
    const part = raw.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new Error('multipart part without headers');
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /(?:^|;)\s*name="?([^";]*)"?/.exec(disposition)?.[1];
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = /(?:^|;)\s*filename="?([^";]*)"?/.exec(disposition)?.[1] ?? null;
    const partType = /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? 'text/plain';
    parts.push({ name, filename, contentType: partType, data: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/** Width and height from a PNG's IHDR chunk, or null when `data` is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(signature)) return null;
  if (data.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/**
 * sendPhoto's checks (core.telegram.org/bots/api#sendphoto): an uploaded photo is at most 10 MB,
 * its width and height add up to at most 10,000 and their ratio is at most 20. This fake reads PNG
 * only (what Chainwarden sends); any other upload is refused as Telegram refuses a broken image.
 */
function checkPhoto(photo: unknown): { width: number; height: number; size: number } {
  if (typeof photo === 'string') throw apiError(400, 'Bad Request: this fake takes uploaded photos only');
  if (!isUploadedFile(photo)) throw apiError(400, 'Bad Request: there is no photo in the request');
  if (photo.data.length > 10_000_000) throw apiError(413, 'Request Entity Too Large');
  const size = pngSize(photo.data);
  if (!size) throw apiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
  const { width, height } = size;
  if (width + height > 10_000 || Math.max(width / height, height / width) > 20)
    throw apiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
  return { width, height, size: photo.data.length };
}

/** A caption as Telegram reads it: parse mode applied, at most 1024 characters. */
function renderCaption(p: ApiPayload): { caption?: string; caption_entities?: MessageEntityShape[] } {
  if (typeof p.caption !== 'string' || p.caption === '') return {};
  const parsed = renderText({ ...p, text: p.caption });
  if (parsed.text.length > 1024) throw apiError(400, 'Bad Request: message caption is too long');
  return parsed.entities
    ? { caption: parsed.text, caption_entities: parsed.entities }
    : { caption: parsed.text };
}

function renderText(p: ApiPayload): { text: string; entities?: MessageEntityShape[] } {
  if (typeof p.text !== 'string' || p.text.trim() === '')
    throw apiError(400, 'Bad Request: message text is empty');
  const parsed =
    p.parse_mode?.toUpperCase() === 'HTML' ? parseTelegramHtml(p.text) : { text: p.text, entities: [] };
  if ('error' in parsed) throw apiError(400, `Bad Request: can't parse entities: ${parsed.error}`);
  if (parsed.text.length > 4096) throw apiError(400, 'Bad Request: message is too long');
  const entities = withDetectedLinks(parsed.text, parsed.entities);
  return entities.length > 0 ? { text: parsed.text, entities } : { text: parsed.text };
}

/** Plain URLs and bare domains, as Telegram's server finds them to make `url` entities. */
const DETECTED_LINK =
  /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#][^\s<>]*)?/gi;

/**
 * Telegram makes every URL in a message's text a clickable `url` entity, except where another
 * entity that cannot contain one (code, pre, a text link) already covers it.
 */
function withDetectedLinks(text: string, entities: MessageEntityShape[]): MessageEntityShape[] {
  const covered = entities.filter((e) => e.type === 'code' || e.type === 'pre' || e.type === 'text_link');
  const links: MessageEntityShape[] = [];
  for (const match of text.matchAll(DETECTED_LINK)) {
    const [start, end] = [match.index, match.index + match[0].length];
    if (covered.some((e) => start < e.offset + e.length && e.offset < end)) continue;
    links.push({ type: 'url', offset: start, length: match[0].length });
  }
  return [...entities, ...links].sort((a, b) => a.offset - b.offset || b.length - a.length);
}

function checkKeyboard(
  markup: NonNullable<ApiPayload['reply_markup']>,
): NonNullable<ApiPayload['reply_markup']> {
  for (const row of markup.inline_keyboard ?? []) {
    for (const button of row) {
      if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) {
        throw apiError(400, 'Bad Request: BUTTON_DATA_INVALID');
      }
      if (!button.text) throw apiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
    }
  }
  return markup;
}

const TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};

/** Telegram's HTML parse mode: the supported tags and the four named entities (plus numeric ones). */
export function parseTelegramHtml(
  html: string,
): { text: string; entities: MessageEntityShape[] } | { error: string } {
  let text = '';
  const entities: MessageEntityShape[] = [];
  const open: Array<{ tag: string; type: string; offset: number; url?: string }> = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) return { error: `Can't find end of the tag starting at byte offset ${i}` };
      const inner = html.slice(i + 1, end);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        const top = open.pop();
        if (!top || top.tag !== name)
          return {
            error: `Unmatched end tag at byte offset ${i}, expected "</${top?.tag ?? ''}>", found "</${name}>"`,
          };
        if (text.length > top.offset) {
          entities.push({
            type: top.type,
            offset: top.offset,
            length: text.length - top.offset,
            ...(top.url !== undefined ? { url: top.url } : {}),
          });
        }
      } else {
        const name = (/^[a-zA-Z-]+/.exec(inner)?.[0] ?? '').toLowerCase();
        const spoilerSpan = name === 'span' && /class\s*=\s*"tg-spoiler"/.test(inner);
        const type = spoilerSpan ? 'spoiler' : TAGS[name];
        if (!type) return { error: `Unsupported start tag "${name || inner}" at byte offset ${i}` };
        let url: string | undefined;
        if (name === 'a') {
          const href = /href\s*=\s*"([^"]*)"/.exec(inner)?.[1];
          if (href === undefined)
            return { error: `Can't find href attribute of the tag "a" at byte offset ${i}` };
          url = href;
        }
        open.push({ tag: name, type, offset: text.length, ...(url !== undefined ? { url } : {}) });
      }
      i = end + 1;
    } else if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i, i + 12));
      if (!entity) return { error: `Unsupported or unescaped "&" at byte offset ${i}` };
      const name = entity[1]!;
      text +=
        name === 'lt'
          ? '<'
          : name === 'gt'
            ? '>'
            : name === 'amp'
              ? '&'
              : name === 'quot'
                ? '"'
                : String.fromCodePoint(
                    name.startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)),
                  );
      i += entity[0].length;
    } else if (ch === '>') {
      return { error: `Unescaped ">" at byte offset ${i}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  const unclosed = open.pop();
  if (unclosed) return { error: `Can't find end tag corresponding to start tag "${unclosed.tag}"` };
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}
