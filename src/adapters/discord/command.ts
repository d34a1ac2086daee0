/**
 * What a Discord command is: one file exporting `{ data, execute }` (plus the buttons and modals it
 * owns), typed against discord.js. The static list lives in `commands.ts`; registration and dispatch
 * both read it.
 */
import {
  type APIInteractionGuildMember,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildMember,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type MessageMentionOptions,
  type ModalSubmitInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
  SnowflakeUtil,
} from 'discord.js';
import type { Chainwarden, ReporterFacts } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { UserRateLimit, UserRateLimiter } from '../user-rate-limit.js';
import type { WebLoginIssuer } from '../web-sign-in.js';
import type { CustomIdSigner } from './signed-ids.js';

/**
 * What every handler receives: the core, a logger child for this interaction, a clock, the id
 * signer, and the per-user limit on traces (costlier than anything else a member can start).
 */
export interface DiscordDeps {
  chainwarden: Chainwarden;
  logger: Logger;
  now: () => Date;
  customIds: CustomIdSigner;
  traces: { limiter: UserRateLimiter; rate: UserRateLimit };
  /** The web page's public address (`PUBLIC_URL`), for links to it; null when not set. */
  publicUrl: string | null;
  /** Issues web sign-in links (`/weblogin`); null when PUBLIC_URL is not set. */
  webLogin: WebLoginIssuer | null;
}

/** Buttons and modals a command creates: their custom ids are `<prefix>:<action>:<args...>`. */
export interface ComponentHandlers {
  prefix: string;
  button?(interaction: ButtonInteraction, deps: DiscordDeps, action: string, args: string[]): Promise<void>;
  modal?(
    interaction: ModalSubmitInteraction,
    deps: DiscordDeps,
    action: string,
    args: string[],
  ): Promise<void>;
}

export interface SlashCommand {
  kind: 'slash';
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void>;
  components?: ComponentHandlers;
}

export interface MessageMenuCommand {
  kind: 'message';
  data: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  execute(interaction: MessageContextMenuCommandInteraction, deps: DiscordDeps): Promise<void>;
  components?: ComponentHandlers;
}

export type DiscordCommand = SlashCommand | MessageMenuCommand;

/** Nothing we send may ping anyone: user text can hold `@everyone` or `<@id>`. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** `discord:<guild id>`, the community id the core uses for a guild. */
export function guildCommunity(guildId: string): string {
  return `discord:${guildId}`;
}

/** The community of an interaction's guild; null in DMs. */
export function communityOf(guildId: string | null): string | null {
  return guildId ? guildCommunity(guildId) : null;
}

/**
 * The community of a server where the member holds `permission`, or null after telling them
 * (ephemeral) `refusal`. Commands check at run time: server admins can override a command's
 * default member permissions.
 */
export async function permittedCommunity(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  permission: bigint,
  refusal: string,
): Promise<string | null> {
  const community = communityOf(interaction.guildId);
  if (interaction.inGuild() && community && interaction.memberPermissions.has(permission)) return community;
  await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  return null;
}

export function discordUser(userId: string): string {
  return `discord:${userId}`;
}

/**
 * What Discord tells about a reporter (core/reports/weight.ts): the account's creation time is in its
 * id (a snowflake), and a guild member's `joined_at` is in every guild interaction. In a DM there is
 * no membership, so only the account's age counts.
 */
export function reporterFactsOf(interaction: {
  user: { id: string };
  member: GuildMember | APIInteractionGuildMember | null;
}): ReporterFacts {
  const member = interaction.member;
  const joinedAt = member ? ('joinedAt' in member ? member.joinedAt : member.joined_at) : null;
  const joined = joinedAt ? new Date(joinedAt) : null;
  return {
    accountCreatedAt: new Date(Number(SnowflakeUtil.timestampFrom(interaction.user.id))),
    memberSince: joined && !Number.isNaN(joined.getTime()) ? joined : null,
  };
}

/** A custom id for a component or modal; Discord allows 100 characters, snowflakes keep it short. */
export function customId(prefix: string, action: string, ...args: string[]): string {
  return [prefix, action, ...args].join(':');
}
