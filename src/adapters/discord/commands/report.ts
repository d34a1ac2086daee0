/**
 * `/report address category note evidence`: files a community report. The core decides whether it is
 * valid, a duplicate or rate-limited; the reply says which, privately.
 */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import {
  MAX_EVIDENCE_LENGTH,
  MAX_NOTE_LENGTH,
  REPORT_CATEGORIES,
  REPORT_CATEGORY_LABELS,
} from '../../../core/index.js';
import { communityOf, discordUser, NO_MENTIONS, reporterFactsOf, type SlashCommand } from '../command.js';
import { renderProblemEmbed, renderReportReceiptEmbed } from '../render.js';

export const report: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('report')
    .setDescription('Report a scam address')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o.setName('address').setDescription('The scam address').setRequired(true).setMaxLength(200),
    )
    .addStringOption((o) =>
      o
        .setName('category')
        .setDescription('What kind of scam')
        .setRequired(true)
        .addChoices(...REPORT_CATEGORIES.map((c) => ({ name: REPORT_CATEGORY_LABELS[c], value: c }))),
    )
    .addStringOption((o) =>
      o.setName('note').setDescription('What happened (optional)').setMaxLength(MAX_NOTE_LENGTH),
    )
    .addStringOption((o) =>
      o
        .setName('evidence')
        .setDescription('A link or transaction hash (optional)')
        .setMaxLength(MAX_EVIDENCE_LENGTH),
    ),

  async execute(interaction, { chainwarden }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await chainwarden.submitReport({
      address: interaction.options.getString('address', true),
      category: interaction.options.getString('category', true),
      note: interaction.options.getString('note'),
      evidence: interaction.options.getString('evidence'),
      reporter: discordUser(interaction.user.id),
      source: 'discord',
      community: communityOf(interaction.guildId),
      reporterFacts: reporterFactsOf(interaction),
    });
    if (!result.ok) {
      await interaction.editReply({
        embeds: [renderProblemEmbed(result.error)],
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    await interaction.editReply({
      embeds: [renderReportReceiptEmbed(result.value)],
      allowedMentions: NO_MENTIONS,
    });
  },
};
