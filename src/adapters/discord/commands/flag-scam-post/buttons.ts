/**
 * The moderation buttons under a flag's private answer: delete the post, time out its author. When
 * Discord refuses (already deleted, author gone, missing permission or role too low), the moderator's
 * reply says why and nothing is written to the moderation log or the mod-log channel: they record
 * actions taken, not attempts. The refusal goes to the app log. After a permission refusal the button
 * stays, so the moderator can retry once it is fixed.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  ComponentType,
  type Message,
  MessageFlags,
  PermissionFlagsBits,
  type PermissionsBitField,
  Routes,
} from 'discord.js';
import { truncate } from '../../../presentation.js';
import { type DiscordDeps, discordUser, guildCommunity, NO_MENTIONS } from '../../command.js';
import { logModeration } from '../../mod-log.js';
import type { CustomIdSigner } from '../../signed-ids.js';
import { canModerate, FLAG_PREFIX, type PostIds, refuse } from './access.js';
import { DELETE_REFUSALS, explainRefusal, MAX_CONTENT, TIMEOUT_REFUSALS } from './messages.js';

const TIMEOUT_HOURS = [1, 24] as const;

/** The buttons the bot and the moderator have the rights for; with the sentence to show when delete is missing. */
export function moderationButtons(
  ids: PostIds,
  rights: { app: Readonly<PermissionsBitField>; member: Readonly<PermissionsBitField> },
  customIds: CustomIdSigner,
): { rows: ActionRowBuilder<ButtonBuilder>[]; missing: string | null } {
  const canDelete = rights.app.has(PermissionFlagsBits.ManageMessages);
  const canTimeout =
    rights.app.has(PermissionFlagsBits.ModerateMembers) &&
    rights.member.has(PermissionFlagsBits.ModerateMembers);
  const buttons = [
    canDelete
      ? new ButtonBuilder()
          .setCustomId(customIds.sign(FLAG_PREFIX, 'delete', ids.channelId, ids.messageId, ids.authorId))
          .setLabel('Delete post')
          .setStyle(ButtonStyle.Danger)
      : null,
    ...TIMEOUT_HOURS.map((hours) =>
      canTimeout
        ? new ButtonBuilder()
            .setCustomId(
              customIds.sign(
                FLAG_PREFIX,
                'timeout',
                ids.channelId,
                ids.messageId,
                ids.authorId,
                String(hours),
              ),
            )
            .setLabel(`Timeout author ${hours}h`)
            .setStyle(ButtonStyle.Secondary)
        : null,
    ),
  ].filter((b): b is ButtonBuilder => b !== null);
  return {
    rows: buttons.length > 0 ? [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)] : [],
    missing: canDelete
      ? null
      : 'Give me the Manage Messages permission to offer deleting the post from here.',
  };
}

export async function deletePost(
  interaction: ButtonInteraction,
  deps: DiscordDeps,
  ids: PostIds,
): Promise<void> {
  if (!canModerate(interaction)) return refuse(interaction);
  await interaction.deferUpdate();
  let outcome: string;
  let retry = false;
  try {
    await interaction.client.rest.delete(Routes.channelMessage(ids.channelId, ids.messageId), {
      reason: `Scam post flagged by ${interaction.user.username}`,
    });
    outcome = '🗑️ Post deleted.';
    await logModeration(
      deps,
      interaction.client.rest,
      {
        community: guildCommunity(interaction.guildId),
        actor: discordUser(interaction.user.id),
        action: 'delete-message',
        target: ids.messageId,
        details: { channelId: ids.channelId, authorId: ids.authorId },
      },
      `🗑️ <@${interaction.user.id}> deleted a flagged post by <@${ids.authorId}> in <#${ids.channelId}>.`,
    );
  } catch (error) {
    ({ text: outcome, retry } = explainRefusal(deps, error, DELETE_REFUSALS));
  }
  await showOutcome(interaction, outcome, retry ? null : 'delete');
}

export async function timeoutAuthor(
  interaction: ButtonInteraction,
  deps: DiscordDeps,
  ids: PostIds,
  hours: number,
): Promise<void> {
  if (!TIMEOUT_HOURS.some((h) => h === hours)) throw new Error(`unexpected timeout length ${hours}`);
  if (!interaction.inGuild() || !interaction.memberPermissions.has(PermissionFlagsBits.ModerateMembers)) {
    await interaction.reply({
      content: 'Timing out members needs the Timeout Members permission.',
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await interaction.deferUpdate();
  const until = new Date(deps.now().getTime() + hours * 3_600_000);
  let outcome: string;
  let retry = false;
  try {
    const refusal = await hierarchyRefusal(interaction, ids.authorId);
    if (refusal) {
      deps.logger.info({ authorId: ids.authorId, refusal }, 'timeout refused by the role hierarchy');
      return void (await showOutcome(interaction, refusal, null));
    }
    await interaction.client.rest.patch(Routes.guildMember(interaction.guildId, ids.authorId), {
      body: { communication_disabled_until: until.toISOString() },
      reason: `Posted a flagged scam, timeout by ${interaction.user.username}`,
    });
    outcome = `⏳ Author timed out for ${hours}h.`;
    await logModeration(
      deps,
      interaction.client.rest,
      {
        community: guildCommunity(interaction.guildId),
        actor: discordUser(interaction.user.id),
        action: 'timeout',
        target: ids.authorId,
        details: { hours, until: until.toISOString(), channelId: ids.channelId, messageId: ids.messageId },
      },
      `⏳ <@${interaction.user.id}> timed out <@${ids.authorId}> for ${hours}h after a flagged scam post in <#${ids.channelId}>.`,
    );
  } catch (error) {
    ({ text: outcome, retry } = explainRefusal(deps, error, TIMEOUT_REFUSALS));
  }
  await showOutcome(interaction, outcome, retry ? null : 'timeout');
}

/**
 * Discord's own rules for a timeout, which the bot (acting with its own, usually higher, role) must
 * apply for the moderator: nobody times out the owner or an administrator, and only the owner or a
 * member whose highest role is above the target's may. Members are read fresh (the bot has no
 * member events to keep a cache true); roles come from the guild's cache, which role events keep.
 */
async function hierarchyRefusal(interaction: ButtonInteraction<'cached' | 'raw'>, targetId: string) {
  const guild = interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
  const [invoker, target] = await Promise.all([
    guild.members.fetch({ user: interaction.user.id, force: true }),
    guild.members.fetch({ user: targetId, force: true }),
  ]);
  if (target.id === guild.ownerId) return 'The author owns this server: nobody can time them out.';
  if (target.permissions.has(PermissionFlagsBits.Administrator)) {
    return 'The author is an administrator: Discord does not let anyone time out administrators.';
  }
  if (invoker.id !== guild.ownerId && invoker.roles.highest.comparePositionTo(target.roles.highest) <= 0) {
    return 'Your highest role must be above the author’s to time them out.';
  }
  return null;
}

/** Adds the outcome to the moderator's reply; the button just used goes (`used`), the others stay. */
async function showOutcome(
  interaction: ButtonInteraction,
  outcome: string,
  used: 'delete' | 'timeout' | null,
): Promise<void> {
  await interaction.editReply({
    content: truncate(`${interaction.message.content}\n${outcome}`, MAX_CONTENT),
    components: remainingButtons(
      interaction.message,
      (id) => used !== null && id.startsWith(`${FLAG_PREFIX}:${used}:`),
    ),
    allowedMentions: NO_MENTIONS,
  });
}

/** The reply's buttons minus the ones just used. */
function remainingButtons(message: Message, used: (customId: string) => boolean) {
  const buttons = message.components
    .flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []))
    .flatMap((component) =>
      component.type === ComponentType.Button && component.customId && !used(component.customId)
        ? [ButtonBuilder.from(component)]
        : [],
    );
  return buttons.length > 0 ? [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)] : [];
}
