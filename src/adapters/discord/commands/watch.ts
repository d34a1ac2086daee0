/**
 * `/watch address [label] [all_incoming]` (Manage Server): alerts in this channel when the address
 * sends funds, receives from a risky address (any incoming transfer with all_incoming), is reported
 * or listed, or when a look-alike of it is posted or checked in this server.
 */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { discordUser, NO_MENTIONS, type SlashCommand } from '../command.js';
import { renderWatchAddedEmbed, renderWatchErrorEmbed } from '../watch-render.js';
import { watchScope } from './watch-access.js';

export const watch: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('watch')
    .setDescription('Alert this channel when an address moves funds, is reported or listed')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((o) =>
      o
        .setName('address')
        .setDescription('The address to watch, e.g. your treasury')
        .setRequired(true)
        .setMaxLength(200),
    )
    .addStringOption((o) => o.setName('label').setDescription('A short name, e.g. treasury').setMaxLength(64))
    .addBooleanOption((o) =>
      o
        .setName('all_incoming')
        .setDescription('Every incoming transfer, not only those from risky addresses'),
    ),

  async execute(interaction, deps) {
    const scope = await watchScope(interaction);
    if (!scope) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await deps.chainwarden.watching.addWatch({
      address: interaction.options.getString('address', true),
      label: interaction.options.getString('label'),
      allIncoming: interaction.options.getBoolean('all_incoming') === true,
      owner: scope.owner,
      destination: { kind: 'discord', channelId: scope.channelId },
      community: scope.owner,
      createdBy: discordUser(interaction.user.id),
    });
    await interaction.editReply({
      embeds: [result.ok ? renderWatchAddedEmbed(result.value) : renderWatchErrorEmbed(result.error)],
      allowedMentions: NO_MENTIONS,
    });
  },
};
