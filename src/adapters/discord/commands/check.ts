/**
 * `/check address:<text> public:<bool>`: screens one address (or every address in the text; the
 * core's `checkInput` decides which, and explains a mistyped address). Ephemeral unless the user
 * asks for a public answer. Each summary carries [Report] and [Details]
 * buttons (`address-actions.ts`); on a public answer anyone who reads it can use them.
 */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { communityOf, NO_MENTIONS, type SlashCommand } from '../command.js';
import { renderProblemEmbed, renderSummaryEmbed } from '../render.js';
import { addressActionRows, addressActions, summariesReply } from './address-actions.js';

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
    const outcome = await chainwarden.checkInput(input, { community: communityOf(interaction.guildId) });
    switch (outcome.kind) {
      case 'address':
        await interaction.editReply({
          embeds: [renderSummaryEmbed(outcome.summary)],
          components: addressActionRows([outcome.summary]),
          allowedMentions: NO_MENTIONS,
        });
        return;
      case 'text': {
        await interaction.editReply(
          summariesReply(outcome.summaries, outcome.notScreened, 'check them one by one'),
        );
        return;
      }
      case 'invalid':
        await interaction.editReply({
          embeds: [renderProblemEmbed(outcome.error)],
          allowedMentions: NO_MENTIONS,
        });
        return;
      case 'no-address':
      case 'empty':
        await interaction.editReply({
          content: `${outcome.kind === 'empty' ? 'Nothing to check.' : 'No address found in that text.'} ${outcome.hint}`,
          allowedMentions: NO_MENTIONS,
        });
        return;
    }
  },

  components: addressActions,
};
