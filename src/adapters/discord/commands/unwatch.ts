/** `/unwatch address` (Manage Server): stop the alerts on an address this server watches. */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { NO_MENTIONS, type SlashCommand } from '../command.js';
import { renderWatchErrorEmbed, renderWatchRemovedEmbed } from '../watch-render.js';
import { watchScope } from './watch-access.js';

export const unwatch: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('unwatch')
    .setDescription('Stop the alerts on a watched address')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((o) =>
      o
        .setName('address')
        .setDescription('The watched address (or its id, w_…)')
        .setRequired(true)
        .setMaxLength(200),
    ),

  async execute(interaction, deps) {
    const scope = await watchScope(interaction);
    if (!scope) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await deps.chainwarden.watching.removeWatch(
      scope.owner,
      interaction.options.getString('address', true),
    );
    await interaction.editReply({
      embeds: [result.ok ? renderWatchRemovedEmbed(result.value) : renderWatchErrorEmbed(result.error)],
      allowedMentions: NO_MENTIONS,
    });
  },
};
