/**
 * The "Flag scam post" form: the category, a note, and the post's addresses (the moderator may remove
 * the ones that are not the scammer's). On submit the post is read again from Discord, because the
 * core takes the post's text as the source of truth (an address typed into the form that is not in
 * the post is refused), and the core's flagPost saves the reports and logs the flag. The answer is
 * private and carries the moderation buttons.
 */
import {
  type APIMessage,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { REPORT_CATEGORIES, REPORT_CATEGORY_LABELS } from '../../../../core/index.js';
import { truncate } from '../../../presentation.js';
import { type DiscordDeps, discordUser, guildCommunity, NO_MENTIONS } from '../../command.js';
import { messageLink, postModLogLine } from '../../mod-log.js';
import type { CustomIdSigner } from '../../signed-ids.js';
import { noteField } from '../address-actions.js';
import { canModerate, FLAG_PREFIX, type PostIds, refuse } from './access.js';
import { moderationButtons } from './buttons.js';
import {
  explainRefusal,
  flagErrorText,
  flaggedAddresses,
  flagModLogLine,
  flagReplyLines,
  MAX_CONTENT,
  READ_POST_REFUSALS,
} from './messages.js';

/** The form, prefilled with the addresses a flag of the post would save. */
export function flagForm(ids: PostIds, addresses: string[], customIds: CustomIdSigner): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(customIds.sign(FLAG_PREFIX, 'submit', ids.channelId, ids.messageId, ids.authorId))
    .setTitle('Flag scam post')
    .addLabelComponents(
      new LabelBuilder().setLabel('Category').setStringSelectMenuComponent(
        new StringSelectMenuBuilder()
          .setCustomId('category')
          .setRequired(true)
          .addOptions(
            REPORT_CATEGORIES.map((c) => ({
              label: REPORT_CATEGORY_LABELS[c],
              value: c,
              default: c === 'phishing',
            })),
          ),
      ),
      noteField('Note (optional)', 'What the post claimed; shown to moderators and with the reports'),
      new LabelBuilder()
        .setLabel('Addresses to flag')
        .setDescription('Found in the post; remove any that are not the scammer’s')
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId('addresses')
            .setStyle(TextInputStyle.Paragraph)
            .setRequired(true)
            .setMaxLength(4000)
            .setValue(addresses.join('\n')),
        ),
    );
}

export async function submitFlag(
  interaction: ModalSubmitInteraction,
  deps: DiscordDeps,
  ids: PostIds,
): Promise<void> {
  if (!canModerate(interaction)) return refuse(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answer = (content: string, components: ReturnType<typeof moderationButtons>['rows'] = []) =>
    interaction.editReply({
      content: truncate(content, MAX_CONTENT),
      components,
      allowedMentions: NO_MENTIONS,
    });

  let post: string;
  try {
    const message = (await interaction.client.rest.get(
      Routes.channelMessage(ids.channelId, ids.messageId),
    )) as APIMessage;
    post = message.content;
  } catch (error) {
    return void (await answer(explainRefusal(deps, error, READ_POST_REFUSALS).text));
  }

  const community = guildCommunity(interaction.guildId);
  const link = messageLink(interaction.guildId, ids.channelId, ids.messageId);
  const result = await deps.chainwarden.flagPost({
    post,
    moderator: discordUser(interaction.user.id),
    community,
    communityTitle: interaction.guild?.name ?? null,
    source: 'discord',
    // The select is required, so only a forged form lacks it: the core then says a category is missing.
    category: interaction.fields.getStringSelectValues('category')[0] ?? '',
    note: interaction.fields.getTextInputValue('note'),
    evidence: link,
    picked: interaction.fields.getTextInputValue('addresses'),
    target: ids.messageId,
    details: { channelId: ids.channelId, authorId: ids.authorId },
  });
  if (!result.ok) return void (await answer(flagErrorText(result.error)));
  const receipt = result.value;
  const lines = flagReplyLines(receipt);
  if (flaggedAddresses(receipt).length === 0) return void (await answer(lines.join('\n')));

  await postModLogLine(
    deps,
    interaction.client.rest,
    community,
    'flag',
    flagModLogLine(receipt, interaction.user.id, ids, link),
  );
  const buttons = moderationButtons(
    ids,
    { app: interaction.appPermissions, member: interaction.memberPermissions },
    deps.customIds,
  );
  if (buttons.missing) lines.push(buttons.missing);
  await answer(lines.join('\n'), buttons.rows);
}
