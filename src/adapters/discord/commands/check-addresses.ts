/**
 * Message context menu "Check addresses": screens every address in the chosen post, privately, or
 * explains the post's mistyped address (the core's `checkInput`, as for `/check`).
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
import { renderProblemEmbed } from '../render.js';
import { addressActions, summariesReply } from './address-actions.js';

export const checkAddresses: MessageMenuCommand = {
  kind: 'message',
  data: new ContextMenuCommandBuilder()
    .setName('Check addresses')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction, { chainwarden }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await chainwarden.checkInput(interaction.targetMessage.content, {
      community: communityOf(interaction.guildId),
    });
    if (outcome.kind === 'invalid') {
      await interaction.editReply({
        embeds: [renderProblemEmbed(outcome.error)],
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    if (outcome.kind === 'no-address' || outcome.kind === 'empty') {
      await interaction.editReply({
        content:
          'No crypto address found in this post (only the message text is read, not images or embeds).',
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    const summaries = outcome.kind === 'address' ? [outcome.summary] : outcome.summaries;
    const notScreened = outcome.kind === 'text' ? outcome.notScreened : 0;
    await interaction.editReply(summariesReply(summaries, notScreened, 'check them with /check'));
  },

  components: addressActions,
};
