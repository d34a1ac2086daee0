/**
 * `/review` (Manage Messages): the reports waiting for this server's review, and owners' appeals
 * against reports filed here, privately, with Approve (Uphold) / Reject buttons. Button ids are signed (signed-ids.ts) and every tap re-checks Manage
 * Messages; the core decides only this server's waiting reports, and the list is edited to what
 * still waits.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { MAX_REVIEW_ITEMS, type ReviewDecision, type ReviewItem } from '../../../core/index.js';
import { describeReviewOutcome, reviewApproveLabel } from '../../presentation.js';
import {
  type DiscordDeps,
  discordUser,
  NO_MENTIONS,
  permittedCommunity,
  type SlashCommand,
} from '../command.js';
import { renderReviewEmbed } from '../render.js';

const PREFIX = 'review';
/** Discord allows five rows of buttons: one row (Approve, Reject) per item. */
const REVIEW_PAGE = 5;
const REFUSAL = 'Reviewing reports needs the Manage Messages permission.';

/** A report is signed by its number (as before appeals joined), an appeal as `appeal-<id>`. */
const signedArg = (item: ReviewItem): string => (item.kind === 'appeal' ? item.id : String(item.reportId));
const reviewIdOf = (arg: string): string => (arg.startsWith('appeal-') ? arg : `report-${arg}`);

function reviewButtons(items: ReviewItem[], deps: Pick<DiscordDeps, 'customIds'>) {
  return items.map((item, i) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(deps.customIds.sign(PREFIX, 'approve', signedArg(item)))
        .setLabel(`${reviewApproveLabel(item)} ${i + 1}`)
        .setStyle(ButtonStyle.Success),
      new ButtonBuilder()
        .setCustomId(deps.customIds.sign(PREFIX, 'reject', signedArg(item)))
        .setLabel(`Reject ${i + 1}`)
        .setStyle(ButtonStyle.Danger),
    ),
  );
}

/** The first page of the queue, and how many wait in all (up to the core's maximum). */
async function queueOf(deps: DiscordDeps, community: string) {
  const all = await deps.chainwarden.review.listReviews({ community }, MAX_REVIEW_ITEMS);
  return { items: all.slice(0, REVIEW_PAGE), total: all.length };
}

async function decide(
  interaction: ButtonInteraction,
  deps: DiscordDeps,
  decision: ReviewDecision,
  args: string[],
): Promise<void> {
  const community = await permittedCommunity(interaction, PermissionFlagsBits.ManageMessages, REFUSAL);
  if (!community) return;
  const signed = deps.customIds.verify(PREFIX, decision, args);
  if (!signed?.[0]) {
    deps.logger.warn({ customId: interaction.customId }, 'refused a review button the bot did not sign');
    await interaction.reply({
      content: 'This button is not valid. Open the queue again with /review.',
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await interaction.deferUpdate();
  const result = await deps.chainwarden.review.decideReview({
    id: reviewIdOf(signed[0]),
    decision,
    reviewer: discordUser(interaction.user.id),
    community,
  });
  const outcome = result.ok
    ? describeReviewOutcome(result.value, 'this server')
    : `Not changed: ${result.error.reason}.`;
  const { items, total } = await queueOf(deps, community);
  await interaction.editReply({
    embeds: [renderReviewEmbed(items, { total, outcome })],
    components: reviewButtons(items, deps),
    allowedMentions: NO_MENTIONS,
  });
}

export const review: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('review')
    .setDescription('Reports and appeals waiting for review in this server: decide them')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages),

  async execute(interaction, deps) {
    const community = await permittedCommunity(interaction, PermissionFlagsBits.ManageMessages, REFUSAL);
    if (!community) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { items, total } = await queueOf(deps, community);
    await interaction.editReply({
      embeds: [renderReviewEmbed(items, { total })],
      components: reviewButtons(items, deps),
      allowedMentions: NO_MENTIONS,
    });
  },

  components: {
    prefix: PREFIX,
    async button(interaction, deps, action, args) {
      // An unknown action fails the signature check like any altered id.
      await decide(
        interaction,
        deps,
        action === 'approve' ? 'approve' : 'reject',
        action === 'approve' || action === 'reject' ? args : [],
      );
    },
  },
};
