/** `/watches` (Manage Server): the addresses this server watches. */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { NO_MENTIONS, type SlashCommand } from '../command.js';
import { renderWatchListEmbed } from '../watch-render.js';
import { watchScope } from './watch-access.js';

export const watches: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('watches')
    .setDescription('The addresses this server watches')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),

  async execute(interaction, deps) {
    const scope = await watchScope(interaction);
    if (!scope) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const list = await deps.chainwarden.watching.listWatches(scope.owner);
    await interaction.editReply({
      embeds: [renderWatchListEmbed(list, deps.chainwarden.watching.maxPerOwner)],
      allowedMentions: NO_MENTIONS,
    });
  },
};
