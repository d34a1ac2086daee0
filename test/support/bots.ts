/**
 * The real bots against the wire-level fakes, started in one call for tests that need a bot as one
 * entry point among others (faults, limits): a Telegram bot polling a fake Bot API, and a Discord
 * client on a fake gateway with one guild and one channel. `answerOf` waits for what a Discord
 * user finally reads for an interaction: the reply, or the deferred reply's edit.
 */
import { PermissionFlagsBits } from 'discord.js';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { startTelegram, type TelegramHandle, type UserRateLimit } from '../../src/adapters/telegram/index.js';
import type { WebLoginIssuer } from '../../src/adapters/web-sign-in.js';
import type { AlertChannel, Chainwarden } from '../../src/core/index.js';
import type { Logger } from '../../src/logger.js';
import { type Actor, FakeDiscord, type InteractionScope, type RecordedCall } from './fake-discord.js';
import { createFakeTelegram, type FakeTelegram } from './fake-telegram.js';

export interface TelegramHarness {
  fake: FakeTelegram;
  token: string;
  username: string;
  close(): Promise<void>;
}

/** `id` keeps bots of different test files apart (their tokens and usernames). */
export async function startTelegramHarness(
  chainwarden: Chainwarden,
  options: {
    id: number;
    logger: Logger;
    rateLimit?: UserRateLimit;
    traceRateLimit?: UserRateLimit;
    /** `/weblogin` issues its links with this (absent: no web sign-in, as without PUBLIC_URL). */
    webLogin?: WebLoginIssuer;
  },
): Promise<TelegramHarness> {
  const token = `${7000000000 + options.id}:AAtest-token-for-a-fault-test_${options.id}`;
  const username = `ChainwardenTest${options.id}Bot`;
  const fake = await createFakeTelegram();
  fake.addBot(token, { id: 7000000000 + options.id, username, first_name: 'Chainwarden' });
  let telegram: TelegramHandle | undefined;
  try {
    telegram = await startTelegram({
      chainwarden,
      token,
      apiRoot: fake.apiRoot,
      logger: options.logger,
      webhook: null,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.traceRateLimit ? { traceRateLimit: options.traceRateLimit } : {}),
      ...(options.webLogin ? { webLogin: options.webLogin } : {}),
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    token,
    username,
    async close() {
      await telegram?.stop();
      await fake.close();
    },
  };
}

export interface DiscordHarness {
  fake: FakeDiscord;
  appId: string;
  guildId: string;
  channelId: string;
  scope: InteractionScope;
  member: Actor;
  moderator: Actor;
  /** The bot's watch-alert channel (what the service hands the outbox). */
  alerts: AlertChannel;
  answerOf(interaction: { id: string; token: string }, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

const BASIC = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

/** `id` (1-9) keeps the snowflakes of different test files apart. */
export async function startDiscordHarness(
  chainwarden: Chainwarden,
  options: {
    id: number;
    logger: Logger;
    rateLimit?: UserRateLimit;
    traceRateLimit?: UserRateLimit;
    /** `/weblogin` issues its links with this (absent: no web sign-in, as without PUBLIC_URL). */
    webLogin?: WebLoginIssuer;
    /** More channels of the guild, beside #general. */
    channels?: Array<{ id: string; name: string }>;
  },
): Promise<DiscordHarness> {
  const appId = `110000000000000000${options.id}`;
  const guildId = `120000000000000000${options.id}`;
  const channelId = `130000000000000000${options.id}`;
  const fake = await FakeDiscord.start({
    applicationId: appId,
    bot: { id: appId, username: 'chainwarden' },
    guild: {
      id: guildId,
      name: 'Test DAO',
      channels: [{ id: channelId, name: 'general' }, ...(options.channels ?? [])],
    },
  });
  let discord: Awaited<ReturnType<typeof startDiscord>>;
  try {
    discord = await startDiscord({
      chainwarden,
      token: 'fake-token',
      applicationId: appId,
      apiRoot: fake.apiRoot,
      logger: options.logger,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.traceRateLimit ? { traceRateLimit: options.traceRateLimit } : {}),
      ...(options.webLogin ? { webLogin: options.webLogin } : {}),
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    appId,
    guildId,
    channelId,
    scope: {
      applicationId: appId,
      guildId,
      channelId,
      appPermissions: BASIC | PermissionFlagsBits.EmbedLinks,
    },
    member: { user: { id: `140000000000000000${options.id}`, username: 'member' }, permissions: BASIC },
    moderator: {
      user: { id: `140000000000000001${options.id}`, username: 'mod' },
      permissions: BASIC | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ManageGuild,
    },
    alerts: discord.alerts,
    answerOf(interaction, timeoutMs = 15_000) {
      return fake.waitForCall(
        (c) =>
          (c.method === 'PATCH' && c.path === `/webhooks/${appId}/${interaction.token}/messages/@original`) ||
          (c.method === 'POST' &&
            c.path === `/interactions/${interaction.id}/${interaction.token}/callback` &&
            c.body?.type === 4),
        timeoutMs,
      );
    },
    async close() {
      await discord.stop();
      await fake.close();
    },
  };
}
