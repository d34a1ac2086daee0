/**
 * A local fake of Discord for end-to-end tests: REST under /api/v10 (node:http) and a WebSocket
 * gateway (ws) on the same port, speaking Discord's real wire shapes, so the real discord.js Client
 * connects to it with `rest: { api: fake.apiRoot }`. It records every REST call for assertions and
 * lets a test push gateway dispatches (INTERACTION_CREATE, MESSAGE_CREATE, MESSAGE_UPDATE) and serve
 * messages on GET. Payload builders for the interaction kinds and message events the bot handles live
 * here too.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, without the query: `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON the tests inspect by shape
  body: any;
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
}

/** A guild role as Discord sends it; `position` orders the hierarchy (higher is above). */
export interface FakeRole {
  id: string;
  name: string;
  position: number;
  permissions: bigint;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  /** Roles besides @everyone (whose id is the guild's). */
  roles?: FakeRole[];
  /** Default '1', a user no test acts as. */
  ownerId?: string;
}

export interface FakeDiscordOptions {
  applicationId: string;
  bot: FakeUser;
  guild: FakeGuild;
}

export interface ScriptedFailure {
  method: string;
  path: RegExp;
  status: number;
  code: number;
  message: string;
}

let counter = 0n;
/** A snowflake-shaped id (timestamp since the Discord epoch, shifted), unique within the process. */
/** A user id minted at `at` (a snowflake's top bits are its creation time): an account made then. */
export function snowflakeAt(at: Date): string {
  counter += 1n;
  return ((BigInt(at.getTime() - 1_420_070_400_000) << 22n) | (counter & 0x3fffffn)).toString();
}

export function snowflake(): string {
  counter += 1n;
  return ((BigInt(Date.now() - 1_420_070_400_000) << 22n) | (counter & 0x3fffffn)).toString();
}

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  /** IDENTIFY payloads received (intents, token). */
  readonly identifies: Array<Record<string, unknown>> = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly failures: ScriptedFailure[] = [];
  /** Messages `GET /channels/:channel/messages/:id` answers with, keyed by message id. */
  private readonly messages = new Map<string, unknown>();
  /** Guild members `GET /guilds/:guild/members/:user` answers with: their user and role ids. */
  private readonly members = new Map<string, { user: FakeUser; roles: string[] }>();
  private sequence = 0;
  private readonly wss: WebSocketServer;

  private constructor(
    private readonly server: Server,
    readonly options: FakeDiscordOptions,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket) => this.onGateway(socket));
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    let fake: FakeDiscord | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const reply = fake?.handleRest(
          req.method ?? 'GET',
          req.url ?? '/',
          req.headers,
          Buffer.concat(chunks),
        );
        const { status, body } = reply ?? { status: 503, body: null };
        if (body === null) {
          res.writeHead(status).end();
        } else {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        }
      });
    });
    fake = new FakeDiscord(server, options);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What the bot gets as `DISCORD_API_ROOT`; discord.js appends `/v10`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The next matching REST call answers with this Discord error (e.g. 404 code 10008 Unknown Message). */
  failNext(failure: ScriptedFailure): void {
    this.failures.push(failure);
  }

  /** Lets the bot fetch this message over REST (any other id answers 404 Unknown Message, code 10008). */
  serveMessage(message: { id: string }): void {
    this.messages.set(message.id, message);
  }

  /** Makes `user` a member of the guild with these roles (others answer 404 Unknown Member, code 10007). */
  setMember(user: FakeUser, roles: string[] = []): void {
    this.members.set(user.id, { user, roles });
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  async waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => `${c.method} ${c.path}`).join('\n  ');
        throw new Error(`no matching REST call within ${timeoutMs} ms; calls so far:\n  ${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
    );
  }

  /** Sends a gateway dispatch (op 0) to every connected client. */
  dispatch(event: string, data: unknown): void {
    this.sequence += 1;
    const packet = JSON.stringify({ op: 0, t: event, s: this.sequence, d: data });
    for (const socket of this.sockets) socket.send(packet);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private onGateway(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        this.identifies.push(packet.d);
        const { guild, bot, applicationId } = this.options;
        this.dispatch('READY', {
          v: 10,
          user: { ...bot, discriminator: '0', global_name: null, avatar: null, bot: true },
          guilds: [{ id: guild.id, unavailable: true }],
          session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
        });
        this.dispatch('GUILD_CREATE', this.guildPayload());
      }
    });
  }

  private guildPayload() {
    const { guild, bot } = this.options;
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: guild.ownerId ?? '1',
      unavailable: false,
      member_count: 2,
      large: false,
      joined_at: new Date().toISOString(),
      features: [],
      emojis: [],
      stickers: [],
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          color: 0,
          hoist: false,
          position: 0,
          permissions: '104324673',
          managed: false,
          mentionable: false,
          flags: 0,
        },
        ...(guild.roles ?? []).map((role) => ({
          id: role.id,
          name: role.name,
          color: 0,
          hoist: false,
          position: role.position,
          permissions: role.permissions.toString(),
          managed: false,
          mentionable: false,
          flags: 0,
        })),
      ],
      channels: guild.channels.map((c, position) => ({
        id: c.id,
        type: 0,
        name: c.name,
        guild_id: guild.id,
        position,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      })),
      members: [
        {
          user: { ...bot, discriminator: '0', global_name: null, avatar: null, bot: true },
          roles: [],
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
      ],
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      afk_channel_id: null,
      afk_timeout: 300,
      application_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      splash: null,
      discovery_splash: null,
      max_members: 500000,
      public_updates_channel_id: null,
    };
  }

  private handleRest(
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
  ): { status: number; body: unknown } {
    const parsed = new URL(url, 'http://fake');
    const path = decodeURIComponent(parsed.pathname).replace(/^\/api\/v10/, '');
    const text = raw.toString('utf8');
    const body = text && String(headers['content-type']).includes('json') ? JSON.parse(text) : text || null;
    const call: RecordedCall = { method, path, query: parsed.searchParams, headers, body };
    this.calls.push(call);

    const failure = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return { status: f!.status, body: { message: f!.message, code: f!.code } };
    }

    const { applicationId, bot } = this.options;
    const route = `${method} ${path}`;
    if (route === 'GET /gateway/bot') {
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (route === 'GET /users/@me') return { status: 200, body: { ...bot, discriminator: '0', bot: true } };
    if (/^POST \/interactions\/\d+\/[^/]+\/callback$/.test(route)) return { status: 204, body: null };
    if (/^(PATCH|GET) \/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/.test(route)) {
      return { status: 200, body: this.messageFrom(body, applicationId) };
    }
    if (/^POST \/webhooks\/\d+\/[^/]+$/.test(route)) {
      return { status: 200, body: this.messageFrom(body, applicationId) };
    }
    if (/^DELETE \/channels\/\d+\/messages\/\d+$/.test(route)) return { status: 204, body: null };
    const messageGet = /^GET \/channels\/\d+\/messages\/(\d+)$/.exec(route);
    if (messageGet) {
      const message = this.messages.get(messageGet[1] ?? '');
      if (message) return { status: 200, body: message };
      return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    }
    const channelPost = /^POST \/channels\/(\d+)\/messages$/.exec(route);
    if (channelPost) {
      return { status: 200, body: this.messageFrom(body, null, channelPost[1]) };
    }
    const memberGet = /^GET \/guilds\/\d+\/members\/(\d+)$/.exec(route);
    if (memberGet) {
      const member = this.members.get(memberGet[1] ?? '');
      if (!member) return { status: 404, body: { message: 'Unknown Member', code: 10007 } };
      return {
        status: 200,
        body: {
          user: userPayload(member.user),
          nick: null,
          avatar: null,
          roles: member.roles,
          joined_at: '2024-01-01T00:00:00.000Z',
          premium_since: null,
          deaf: false,
          mute: false,
          flags: 0,
          pending: false,
          communication_disabled_until: null,
        },
      };
    }
    const memberPatch = /^PATCH \/guilds\/\d+\/members\/(\d+)$/.exec(route);
    if (memberPatch) {
      return {
        status: 200,
        body: {
          user: {
            id: memberPatch[1],
            username: 'member',
            discriminator: '0',
            avatar: null,
            global_name: null,
          },
          roles: this.members.get(memberPatch[1] ?? '')?.roles ?? [],
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
          communication_disabled_until: body?.communication_disabled_until ?? null,
        },
      };
    }
    if (/^PUT \/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(route)) {
      const commands = Array.isArray(body) ? body : [];
      return {
        status: 200,
        body: commands.map((c: Record<string, unknown>) => ({
          ...c,
          id: snowflake(),
          application_id: applicationId,
          version: snowflake(),
        })),
      };
    }
    return { status: 404, body: { message: `fake Discord has no route for ${route}`, code: 0 } };
  }

  private messageFrom(body: Record<string, unknown> | null, webhookId: string | null, channelId?: string) {
    const { bot, guild } = this.options;
    return {
      id: snowflake(),
      channel_id: channelId ?? guild.channels[0]?.id ?? '0',
      author: { ...bot, discriminator: '0', global_name: null, avatar: null, bot: true },
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      flags: body?.flags ?? 0,
      ...(webhookId ? { webhook_id: webhookId, application_id: webhookId } : {}),
    };
  }
}

// ---- payload builders (shapes from https://discord.com/developers/docs/interactions/receiving-and-responding)

export interface Actor {
  user: FakeUser;
  /** The member's permissions in the channel, as Discord sends them: a decimal bitfield string. */
  permissions: bigint;
  /** The member's role ids. */
  roles?: string[];
  /** When the member joined the server (`member.joined_at`); default 2024-01-01. */
  joinedAt?: Date;
}

export interface InteractionScope {
  applicationId: string;
  guildId: string;
  channelId: string;
  /** The bot's permissions in the channel (`app_permissions`). */
  appPermissions: bigint;
}

function userPayload(user: FakeUser) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

function memberPayload(actor: Actor) {
  return {
    user: userPayload(actor.user),
    roles: actor.roles ?? [],
    joined_at: (actor.joinedAt ?? new Date('2024-01-01T00:00:00.000Z')).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: actor.permissions.toString(),
  };
}

function interactionBase(type: number, scope: InteractionScope, actor: Actor) {
  return {
    id: snowflake(),
    application_id: scope.applicationId,
    type,
    token: `tok-${snowflake()}`,
    version: 1,
    guild_id: scope.guildId,
    guild: { id: scope.guildId, locale: 'en-US', features: [] },
    channel_id: scope.channelId,
    channel: { id: scope.channelId, type: 0, guild_id: scope.guildId, name: 'general' },
    member: memberPayload(actor),
    app_permissions: scope.appPermissions.toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': scope.guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

export interface MessagePayloadInput {
  id?: string;
  channelId: string;
  guildId?: string;
  author: FakeUser;
  content: string;
  webhookId?: string;
}

/** A message object as MESSAGE_CREATE and `resolved.messages` carry it. */
export function messagePayload(input: MessagePayloadInput) {
  return {
    id: input.id ?? snowflake(),
    channel_id: input.channelId,
    ...(input.guildId ? { guild_id: input.guildId } : {}),
    author: userPayload(input.author),
    content: input.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
  };
}

/**
 * MESSAGE_UPDATE as Discord sends it now: the whole edited message with `edited_timestamp` set, plus the
 * MESSAGE_CREATE extra fields (`guild_id`, `member`, `mentions`); see
 * https://discord.com/developers/docs/topics/gateway-events#message-update
 */
export function messageUpdatePayload(
  message: ReturnType<typeof messagePayload>,
  changes: { content?: string; editedAt?: Date; embeds?: unknown[] },
) {
  return {
    ...message,
    content: changes.content ?? message.content,
    embeds: changes.embeds ?? message.embeds,
    edited_timestamp: changes.editedAt ? changes.editedAt.toISOString() : message.edited_timestamp,
    member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
  };
}

/** The older partial MESSAGE_UPDATE: only the ids and the fields that changed (here, link previews). */
export function partialMessageUpdatePayload(message: { id: string; channel_id: string; guild_id?: string }) {
  return {
    id: message.id,
    channel_id: message.channel_id,
    ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    embeds: [],
  };
}

export type SlashOptionValue = string | boolean | { channelId: string };

/** Type 2 APPLICATION_COMMAND, data.type 1 (chat input). String (3), boolean (5) and channel (7) options. */
export function slashCommandInteraction(
  scope: InteractionScope,
  actor: Actor,
  name: string,
  options: Record<string, SlashOptionValue> = {},
) {
  const channels: Record<string, unknown> = {};
  const optionPayloads = Object.entries(options).map(([optionName, value]) => {
    if (typeof value === 'string') return { name: optionName, type: 3, value };
    if (typeof value === 'boolean') return { name: optionName, type: 5, value };
    channels[value.channelId] = {
      id: value.channelId,
      type: 0,
      name: 'mod-log',
      permissions: '1099511627775',
      parent_id: null,
      guild_id: scope.guildId,
    };
    return { name: optionName, type: 7, value: value.channelId };
  });
  return {
    ...interactionBase(2, scope, actor),
    data: {
      id: snowflake(),
      name,
      type: 1,
      guild_id: scope.guildId,
      options: optionPayloads,
      ...(Object.keys(channels).length ? { resolved: { channels } } : {}),
    },
  };
}

/** Type 2 APPLICATION_COMMAND, data.type 3 (message context menu) with the target in resolved.messages. */
export function messageMenuInteraction(
  scope: InteractionScope,
  actor: Actor,
  name: string,
  target: ReturnType<typeof messagePayload>,
) {
  return {
    ...interactionBase(2, scope, actor),
    data: {
      id: snowflake(),
      name,
      type: 3,
      guild_id: scope.guildId,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    },
  };
}

export type ModalField = { customId: string; value: string } | { customId: string; values: string[] };

/** Type 5 MODAL_SUBMIT with label components (type 18) wrapping text inputs (4) and string selects (3). */
export function modalSubmitInteraction(
  scope: InteractionScope,
  actor: Actor,
  customId: string,
  fields: ModalField[],
) {
  return {
    ...interactionBase(5, scope, actor),
    data: {
      custom_id: customId,
      components: fields.map((field, index) => ({
        type: 18,
        id: index * 2 + 1,
        component:
          'values' in field
            ? { type: 3, id: index * 2 + 2, custom_id: field.customId, values: field.values }
            : { type: 4, id: index * 2 + 2, custom_id: field.customId, value: field.value },
      })),
    },
  };
}

/** Type 3 MESSAGE_COMPONENT for a button (component_type 2) on `message` (the bot's earlier reply). */
export function buttonInteraction(
  scope: InteractionScope,
  actor: Actor,
  customId: string,
  message: Record<string, unknown>,
) {
  return {
    ...interactionBase(3, scope, actor),
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}
