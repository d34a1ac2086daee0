/**
 * The one boundary for interactions: limits each user's rate (as the Telegram bot does), routes
 * commands by name and buttons/modals by custom-id prefix, and catches anything unexpected. An unexpected error is logged once with its context and the user
 * gets a short apology with a reference id that finds that log line, never the error text.
 */

import { randomBytes } from 'node:crypto';
import { type Interaction, MessageFlags } from 'discord.js';
import { type Chainwarden, StorageUnavailableError } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { DATABASE_DOWN_TEXT, SLOW_DOWN_TEXT } from '../presentation.js';
import {
  createUserRateLimiter,
  DEFAULT_TRACE_RATE_LIMIT,
  DEFAULT_USER_RATE_LIMIT,
  type UserRateLimit,
} from '../user-rate-limit.js';
import type { WebLoginIssuer } from '../web-sign-in.js';
import type { ComponentHandlers, DiscordCommand, DiscordDeps } from './command.js';
import { NO_MENTIONS } from './command.js';
import { createCustomIdSigner } from './signed-ids.js';

export interface DispatcherOptions {
  chainwarden: Chainwarden;
  logger: Logger;
  commands: readonly DiscordCommand[];
  now?: () => Date;
  /** Interactions one user may start per window (default: Telegram's numbers, 8 per 10 s). */
  rateLimit?: UserRateLimit;
  /** Traces one user may start per window (default 3 a minute), on top of `rateLimit`. */
  traceRateLimit?: UserRateLimit;
  /** Keys the signatures of moderation custom ids (the bot token: every replica has it). */
  secret: string;
  /** The web page's public address (`PUBLIC_URL`); null or absent: no web links. */
  publicUrl?: string | null;
  /** Issues web sign-in links for `/weblogin`; absent or null: it says the sign-in is not set up. */
  webLogin?: WebLoginIssuer | null;
}

const STALE_COMMAND =
  'This command is not available any more. A server admin can refresh the commands with `chainwarden discord:register`.';

export function createInteractionDispatcher(
  options: DispatcherOptions,
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(options.commands.map((c) => [c.data.name, c]));
  const byPrefix = new Map<string, ComponentHandlers>();
  for (const { components } of options.commands) {
    if (!components) continue;
    // Several commands may share one set of handlers (the address buttons), never one prefix for two.
    const existing = byPrefix.get(components.prefix);
    if (existing && existing !== components)
      throw new Error(`two component handlers share the custom id prefix "${components.prefix}"`);
    byPrefix.set(components.prefix, components);
  }
  const now = options.now ?? (() => new Date());
  const customIds = createCustomIdSigner(options.secret);
  const limiter = createUserRateLimiter(options.rateLimit ?? DEFAULT_USER_RATE_LIMIT, () => now().getTime());
  const traceRate = options.traceRateLimit ?? DEFAULT_TRACE_RATE_LIMIT;
  const traces = {
    limiter: createUserRateLimiter(traceRate, () => now().getTime()),
    rate: traceRate,
  };

  return async function dispatch(interaction) {
    // Autocomplete and other kinds: none of our commands use them, and they cannot be answered with text.
    if (!interaction.isRepliable()) return;
    const context = describe(interaction);
    const logger = options.logger.child({
      interactionId: interaction.id,
      guildId: interaction.guildId,
      userId: interaction.user.id,
      ...context,
    });
    const deps: DiscordDeps = {
      chainwarden: options.chainwarden,
      logger,
      now,
      customIds,
      traces,
      publicUrl: options.publicUrl ?? null,
      webLogin: options.webLogin ?? null,
    };
    const started = Date.now();
    const rate = limiter.take(interaction.user.id);
    if (!rate.allowed) {
      // Every interaction must be answered (Discord shows "interaction failed" otherwise), so each
      // refused one gets the private sentence; only the first of a window is logged.
      if (rate.firstRefusal) logger.info('user rate limit reached');
      await tell(interaction, SLOW_DOWN_TEXT).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not say slow down');
      });
      return;
    }
    try {
      if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (command?.kind === 'slash') await command.execute(interaction, deps);
        else
          await interaction.reply({
            content: STALE_COMMAND,
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_MENTIONS,
          });
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = byName.get(interaction.commandName);
        if (command?.kind === 'message') await command.execute(interaction, deps);
        else
          await interaction.reply({
            content: STALE_COMMAND,
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_MENTIONS,
          });
      } else if (interaction.isButton() || interaction.isModalSubmit()) {
        const [prefix = '', action = '', ...args] = interaction.customId.split(':');
        const handlers = byPrefix.get(prefix);
        if (interaction.isButton() && handlers?.button)
          await handlers.button(interaction, deps, action, args);
        else if (interaction.isModalSubmit() && handlers?.modal)
          await handlers.modal(interaction, deps, action, args);
        else {
          await interaction.reply({
            content: 'This button or form has expired. Run the command again.',
            flags: MessageFlags.Ephemeral,
            allowedMentions: NO_MENTIONS,
          });
        }
      } else {
        return;
      }
      logger.debug({ ms: Date.now() - started }, 'interaction handled');
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        logger.warn({ err: error, ms: Date.now() - started }, 'database unavailable');
        await tell(interaction, DATABASE_DOWN_TEXT).catch((replyError: unknown) => {
          logger.warn({ err: replyError }, 'could not say that the database is unavailable');
        });
        return;
      }
      const reference = randomBytes(4).toString('hex');
      logger.error({ err: error, reference, ms: Date.now() - started }, 'interaction failed');
      await apologise(interaction, reference).catch((apologyError: unknown) => {
        logger.warn({ err: apologyError, reference }, 'could not send the apology');
      });
    }
  };
}

function describe(interaction: Interaction): Record<string, string> {
  if (interaction.isCommand()) return { command: interaction.commandName };
  if (interaction.isButton() || interaction.isModalSubmit()) return { customId: interaction.customId };
  return { interactionType: String(interaction.type) };
}

function apologise(interaction: Interaction, reference: string): Promise<void> {
  return tell(
    interaction,
    `Sorry, something went wrong on our side. Please try again in a minute. Reference: \`${reference}\``,
  );
}

async function tell(interaction: Interaction, content: string): Promise<void> {
  if (!interaction.isRepliable()) return;
  // A deferred button update would overwrite the moderator's reply and its buttons: follow up instead.
  if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent()) {
    await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  }
}
