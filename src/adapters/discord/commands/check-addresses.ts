/**
 * Message context menu "Check addresses": screens every address in the chosen post, privately.
 * Works without the MessageContent intent: Discord includes the target message in the interaction.
 * Each summary carries [Report] and [Details] buttons (`address-actions.ts`).
 */
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { communityOf, type MessageMenuCommand, NO_MENTIONS } from '../command.js';
import { renderSummaryEmbeds } from '../render.js';
import { addressActionRows, addressActions } from './address-actions.js';

export const checkAddresses: MessageMenuCommand = {
  kind: 'message',
  data: new ContextMenuCommandBuilder()
    .setName('Check addresses')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction, { chainwarden }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const summaries = await chainwarden.screenText(interaction.targetMessage.content, {
      community: communityOf(interaction.guildId),
    });
    if (summaries.length === 0) {
      await interaction.editReply({
        content:
          'No crypto address found in this post (only the message text is read, not images or embeds).',
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    const { embeds, omitted } = renderSummaryEmbeds(summaries);
    await interaction.editReply({
      content: omitted > 0 ? `${omitted} more address(es) not shown: check them with /check.` : '',
      embeds,
      components: addressActionRows(summaries.slice(0, embeds.length), chainwarden),
      allowedMentions: NO_MENTIONS,
    });
  },

  components: addressActions,
};
