/**
 * The running Discord bot: a discord.js Client on the gateway with the Guilds, GuildMessages and
 * MessageContent intents, the interaction dispatcher and auto-moderation (new posts and edits) attached. Scale out with
 * discord.js sharding; nothing here keeps state other shards would need.
 */

import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { AlertChannel, Chainwarden } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { UserRateLimit } from '../user-rate-limit.js';
import type { WebLoginIssuer } from '../web-sign-in.js';
import { createDiscordAlertChannel } from './alerts.js';
import { createAutoModerator } from './auto-moderation.js';
import { NO_MENTIONS } from './command.js';
import { commands } from './commands.js';
import { createInteractionDispatcher } from './dispatcher.js';

export interface DiscordStartOptions {
  chainwarden: Chainwarden;
  token: string;
  applicationId: string;
  /** REST root without the version, e.g. `https://discord.com/api`; discord.js appends `/v10`. */
  apiRoot: string;
  logger: Logger;
  /** The web page's public address (`PUBLIC_URL`): Details answers link to the address's page. */
  publicUrl?: string | null;
  /** Issues web sign-in links for `/weblogin`. */
  webLogin?: WebLoginIssuer | null;
  /** Interactions one user may start per window (default 8 per 10 s, as on Telegram). */
  rateLimit?: UserRateLimit;
  /** Traces one user may start per window (default 3 a minute). */
  traceRateLimit?: UserRateLimit;
  /** Gives up the start (login and gateway) when aborted: the service stops, or the attempt took too long. */
  signal?: AbortSignal;
}

export async function startDiscord(
  deps: DiscordStartOptions,
): Promise<{ stop(): Promise<void>; alerts: AlertChannel }> {
  const logger = deps.logger.child({ adapter: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    // Without it discord.js drops MESSAGE_UPDATE for messages it has not cached (posted before a
    // restart, or evicted), and an old harmless post could be edited into a scam unnoticed.
    partials: [Partials.Message],
    rest: { api: deps.apiRoot },
    allowedMentions: NO_MENTIONS,
  });
  const dispatch = createInteractionDispatcher({
    chainwarden: deps.chainwarden,
    logger,
    commands,
    secret: deps.token,
    publicUrl: deps.publicUrl ?? null,
    webLogin: deps.webLogin ?? null,
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
    ...(deps.traceRateLimit ? { traceRateLimit: deps.traceRateLimit } : {}),
  });
  // New posts and edits alike go to the core, whose per-channel throttle covers both.
  const autoModerator = createAutoModerator({ chainwarden: deps.chainwarden, logger });
  // The handlers catch their own errors; `void` marks the promise as deliberately not awaited.
  client.on(Events.InteractionCreate, (interaction) => void dispatch(interaction));
  client.on(Events.MessageCreate, (message) => void autoModerator.onMessage(message));
  client.on(Events.MessageUpdate, (before, after) => void autoModerator.onMessageEdit(before, after));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error, shardId) =>
    logger.warn({ err: error, shardId }, 'discord gateway error'),
  );

  const ready = once(client, Events.ClientReady);
  // Marked handled here so a failed login (which skips `await ready`) leaves no unhandled rejection.
  ready.catch(() => {});
  // A login stuck on an unreachable gateway would otherwise hold up the service's stop.
  const aborted = new Promise<never>((_, reject) => {
    const { signal } = deps;
    if (!signal) return;
    const fail = () => reject(signal.reason ?? new Error('Discord start aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  const connected = (async () => {
    await client.login(deps.token);
    await ready;
  })();
  connected.catch(() => {});
  try {
    await Promise.race([connected, aborted]);
  } catch (error) {
    await client.destroy();
    if (error instanceof Error && 'code' in error && error.code === 'DisallowedIntents') {
      throw new Error(
        'Discord refused the Message Content intent: enable "Message Content Intent" for the bot in the developer portal (Bot tab)',
        { cause: error },
      );
    }
    throw new Error('Could not connect to Discord; check DISCORD_TOKEN and DISCORD_API_ROOT', {
      cause: error,
    });
  }
  if (client.application && client.application.id !== deps.applicationId) {
    logger.warn(
      { configured: deps.applicationId, actual: client.application.id },
      'DISCORD_APPLICATION_ID does not match the token; commands may be registered for another application',
    );
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
  return {
    alerts: createDiscordAlertChannel(client.rest),
    async stop() {
      await client.destroy();
      logger.info('discord disconnected');
    },
  };
}
