/**
 * Message context menu "Flag scam post" (moderators), the entry in the static command list: the
 * command opens the form (form.ts), whose answer offers the moderation buttons (buttons.ts). The core's
 * flagPost holds the rules; messages.ts turns results and Discord refusals into text.
 *
 * Stateless across replicas: every custom id carries channel, message and author ids, so any process
 * can handle the next step.
 */
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { flaggableAddresses } from '../../../../core/index.js';
import { type MessageMenuCommand, NO_MENTIONS } from '../../command.js';
import { canModerate, FLAG_PREFIX, parseIds, refuse, refuseForged, trustedIds } from './access.js';
import { deletePost, timeoutAuthor } from './buttons.js';
import { flagForm, submitFlag } from './form.js';
import { NO_ADDRESS_IN_POST } from './messages.js';

export const flagScamPost: MessageMenuCommand = {
  kind: 'message',
  data: new ContextMenuCommandBuilder()
    .setName('Flag scam post')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages),

  async execute(interaction, deps) {
    // default_member_permissions is only a default: server admins can override it, so check again.
    if (!canModerate(interaction)) return refuse(interaction);
    const post = interaction.targetMessage;
    const addresses = flaggableAddresses(post.content);
    if (addresses.length === 0) {
      await interaction.reply({
        content: NO_ADDRESS_IN_POST,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    // A modal must be the first answer to an interaction: no defer before it, and nothing slow here.
    await interaction.showModal(
      flagForm(
        { channelId: post.channelId, messageId: post.id, authorId: post.author.id },
        addresses,
        deps.customIds,
      ),
    );
  },

  components: {
    prefix: FLAG_PREFIX,
    async modal(interaction, deps, action, args) {
      if (action !== 'submit') throw new Error(`unknown flag modal action "${action}"`);
      const signed = trustedIds(interaction, deps, action, args);
      if (!signed) return refuseForged(interaction, deps);
      await submitFlag(interaction, deps, parseIds(signed));
    },
    async button(interaction, deps, action, args) {
      const signed = trustedIds(interaction, deps, action, args);
      if (!signed) return refuseForged(interaction, deps);
      if (action === 'delete') return deletePost(interaction, deps, parseIds(signed));
      if (action === 'timeout') return timeoutAuthor(interaction, deps, parseIds(signed), Number(signed[3]));
      throw new Error(`unknown flag button action "${action}"`);
    },
  },
};
