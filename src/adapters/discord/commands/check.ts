/**
 * `/check address:<text> public:<bool>`: screens one address (or every address in the text).
 * Ephemeral unless the user asks for a public answer. Each summary carries [Report] and [Details]
 * buttons (`address-actions.ts`); on a public answer anyone who reads it can use them.
 */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { communityOf, NO_MENTIONS, type SlashCommand } from '../command.js';
import { renderProblemEmbed, renderSummaryEmbed, renderSummaryEmbeds } from '../render.js';
import { addressActionRows, addressActions } from './address-actions.js';

export const check: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('check')
    .setDescription('Check a crypto address for scam reports and sanctions')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o
        .setName('address')
        .setDescription('The address (or a message with addresses) to check')
        .setRequired(true)
        .setMaxLength(2000),
    )
    .addBooleanOption((o) =>
      o.setName('public').setDescription('Show the answer to everyone in the channel (default: only you)'),
    ),

  async execute(interaction, { chainwarden }) {
    const input = interaction.options.getString('address', true);
    const isPublic = interaction.options.getBoolean('public') ?? false;
    // Screening may wait on a chain node (up to its timeout): defer to stay inside Discord's 3 seconds.
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
    const context = { community: communityOf(interaction.guildId) };

    const one = await chainwarden.screenAddress(input, context);
    if (one.ok) {
      await interaction.editReply({
        embeds: [renderSummaryEmbed(one.value)],
        components: addressActionRows([one.value], chainwarden),
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    // Not one address: maybe a pasted message holding some.
    const many = await chainwarden.screenText(input, context);
    if (many.length === 0) {
      await interaction.editReply({ embeds: [renderProblemEmbed(one.error)], allowedMentions: NO_MENTIONS });
      return;
    }
    const { embeds, omitted } = renderSummaryEmbeds(many);
    await interaction.editReply({
      content: omitted > 0 ? `${omitted} more address(es) not shown: check them one by one.` : '',
      embeds,
      components: addressActionRows(many.slice(0, embeds.length), chainwarden),
      allowedMentions: NO_MENTIONS,
    });
  },

  components: addressActions,
};
