/**
 * Message context menu "Flag scam post" (moderators): a modal asks the category and a note, every
 * address in the post is saved as a verified report, and buttons offer to delete the post or time out
 * its author. Each step is written to the moderation log and the guild's mod-log channel.
 *
 * Stateless across replicas: the modal carries the post's addresses in a prefilled field and every
 * custom id carries channel, message and author ids, so any process can handle the next step.
 *
 * When Discord refuses a delete or timeout (already deleted, author gone, missing permission or role
 * too low), the moderator's private reply says why and nothing is written to the moderation log or
 * the mod-log channel: they record actions taken, not attempts. The refusal goes to the app log.
 * After a permission refusal the button stays, so the moderator can retry once it is fixed.
 */
import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  ComponentType,
  ContextMenuCommandBuilder,
  DiscordAPIError,
  InteractionContextType,
  LabelBuilder,
  type Message,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type PermissionsBitField,
  RESTJSONErrorCodes,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import {
  MAX_NOTE_LENGTH,
  REPORT_CATEGORIES,
  REPORT_CATEGORY_LABELS,
  type ReportCategory,
} from '../../../core/index.js';
import { truncate } from '../../presentation.js';
import {
  communityOf,
  customId,
  type DiscordDeps,
  discordUser,
  guildCommunity,
  type MessageMenuCommand,
  NO_MENTIONS,
} from '../command.js';
import { logModeration, messageLink } from '../mod-log.js';
import { codeSpan, escapeUserText } from '../render.js';

const PREFIX = 'flag';
const TIMEOUT_HOURS = [1, 24] as const;
/** More than this in one post is a wall of addresses; the moderator can flag the rest with /report. */
const MAX_ADDRESSES = 25;

const REFUSAL =
  'Flagging posts needs the Manage Messages permission. To warn others about an address, use /report.';

export const flagScamPost: MessageMenuCommand = {
  kind: 'message',
  data: new ContextMenuCommandBuilder()
    .setName('Flag scam post')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages),

  async execute(interaction, { chainwarden }) {
    // default_member_permissions is only a default: server admins can override it, so check again.
    if (!canModerate(interaction)) return refuse(interaction);
    const post = interaction.targetMessage;
    const found = chainwarden.extractAddresses(post.content).slice(0, MAX_ADDRESSES);
    if (found.length === 0) {
      await interaction.reply({
        content: 'No crypto address found in this post, so there is nothing to flag.',
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    // A modal must be the first answer to an interaction: no defer before it, and nothing slow here.
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(customId(PREFIX, 'submit', post.channelId, post.id, post.author.id))
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
          new LabelBuilder()
            .setLabel('Note (optional)')
            .setDescription('What the post claimed; shown to moderators and with the reports')
            .setTextInputComponent(
              new TextInputBuilder()
                .setCustomId('note')
                .setStyle(TextInputStyle.Paragraph)
                .setRequired(false)
                .setMaxLength(MAX_NOTE_LENGTH),
            ),
          new LabelBuilder()
            .setLabel('Addresses to flag')
            .setDescription('Found in the post; remove any that are not the scammer’s')
            .setTextInputComponent(
              new TextInputBuilder()
                .setCustomId('addresses')
                .setStyle(TextInputStyle.Paragraph)
                .setRequired(true)
                .setMaxLength(4000)
                .setValue(found.map((a) => a.display).join('\n')),
            ),
        ),
    );
  },

  components: {
    prefix: PREFIX,
    async modal(interaction, deps, action, args) {
      if (action !== 'submit') throw new Error(`unknown flag modal action "${action}"`);
      await submitFlag(interaction, deps, parseIds(args));
    },
    async button(interaction, deps, action, args) {
      if (action === 'delete') return deletePost(interaction, deps, parseIds(args));
      if (action === 'timeout') return timeoutAuthor(interaction, deps, parseIds(args), Number(args[3]));
      throw new Error(`unknown flag button action "${action}"`);
    },
  },
};

interface PostIds {
  channelId: string;
  messageId: string;
  authorId: string;
}

function parseIds(args: string[]): PostIds {
  const [channelId, messageId, authorId] = args;
  if (!channelId || !messageId || !authorId)
    throw new Error(`malformed flag custom id args: ${args.join(':')}`);
  return { channelId, messageId, authorId };
}

async function submitFlag(
  interaction: ModalSubmitInteraction,
  deps: DiscordDeps,
  ids: PostIds,
): Promise<void> {
  if (!canModerate(interaction)) return refuse(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { chainwarden } = deps;
  const category = interaction.fields.getStringSelectValues('category')[0] ?? '';
  const note = interaction.fields.getTextInputValue('note');
  const addresses = chainwarden
    .extractAddresses(interaction.fields.getTextInputValue('addresses'))
    .slice(0, MAX_ADDRESSES);
  if (addresses.length === 0) {
    await interaction.editReply({
      content: 'No valid address was left in the form, so nothing was saved.',
      allowedMentions: NO_MENTIONS,
    });
    return;
  }

  const moderator = discordUser(interaction.user.id);
  const community = communityOf(interaction.guildId);
  const link = messageLink(interaction.guildId, ids.channelId, ids.messageId);
  const saved: string[] = [];
  const refused: string[] = [];
  let savedCategory: ReportCategory | null = null;
  for (const address of addresses) {
    const result = await chainwarden.submitReport({
      address: address.display,
      category,
      note,
      evidence: link,
      reporter: moderator,
      verifiedBy: moderator,
      source: 'discord',
      community,
    });
    if (result.ok) {
      saved.push(result.value.report.address);
      savedCategory = result.value.category;
    } else {
      refused.push(`${codeSpan(address.display)}: ${escapeUserText(result.error.reason)}`);
    }
  }
  if (saved.length === 0 || !community || !savedCategory) {
    await interaction.editReply({
      content: truncate(['Nothing was saved.', ...refused].join('\n'), 2000),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }

  const label = REPORT_CATEGORY_LABELS[savedCategory];
  await logModeration(
    deps,
    interaction.client.rest,
    {
      community,
      actor: moderator,
      action: 'flag',
      target: ids.messageId,
      details: {
        channelId: ids.channelId,
        authorId: ids.authorId,
        category: savedCategory,
        addresses: saved,
        note,
      },
    },
    truncate(
      [
        `🚩 <@${interaction.user.id}> flagged a post by <@${ids.authorId}> in <#${ids.channelId}> as ${label}: ${link}`,
        saved.map(codeSpan).join(' '),
        note.trim() ? `Note: ${escapeUserText(note.trim())}` : null,
      ]
        .filter(Boolean)
        .join('\n'),
      2000,
    ),
  );

  const lines = [
    `🚩 Saved ${saved.length} address${saved.length === 1 ? '' : 'es'} as verified ${label} reports:`,
    ...saved.map(codeSpan),
  ];
  if (refused.length > 0) lines.push('Not saved:', ...refused);
  const canDelete = interaction.appPermissions.has(PermissionFlagsBits.ManageMessages);
  const canTimeout =
    interaction.appPermissions.has(PermissionFlagsBits.ModerateMembers) &&
    interaction.memberPermissions.has(PermissionFlagsBits.ModerateMembers);
  if (!canDelete) lines.push('Give me the Manage Messages permission to offer deleting the post from here.');
  const buttons = [
    canDelete
      ? new ButtonBuilder()
          .setCustomId(customId(PREFIX, 'delete', ids.channelId, ids.messageId, ids.authorId))
          .setLabel('Delete post')
          .setStyle(ButtonStyle.Danger)
      : null,
    ...TIMEOUT_HOURS.map((hours) =>
      canTimeout
        ? new ButtonBuilder()
            .setCustomId(
              customId(PREFIX, 'timeout', ids.channelId, ids.messageId, ids.authorId, String(hours)),
            )
            .setLabel(`Timeout author ${hours}h`)
            .setStyle(ButtonStyle.Secondary)
        : null,
    ),
  ].filter((b): b is ButtonBuilder => b !== null);
  await interaction.editReply({
    content: truncate(lines.join('\n'), 2000),
    components: buttons.length > 0 ? [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)] : [],
    allowedMentions: NO_MENTIONS,
  });
}

async function deletePost(interaction: ButtonInteraction, deps: DiscordDeps, ids: PostIds): Promise<void> {
  if (!canModerate(interaction)) return refuse(interaction);
  await interaction.deferUpdate();
  let outcome: string;
  let retry = false;
  try {
    await interaction.client.rest.delete(Routes.channelMessage(ids.channelId, ids.messageId), {
      reason: `Scam post flagged by ${interaction.user.username}`,
    });
    outcome = '🗑️ Post deleted.';
    const community = communityOf(interaction.guildId);
    if (community) {
      await logModeration(
        deps,
        interaction.client.rest,
        {
          community,
          actor: discordUser(interaction.user.id),
          action: 'delete-message',
          target: ids.messageId,
          details: { channelId: ids.channelId, authorId: ids.authorId },
        },
        `🗑️ <@${interaction.user.id}> deleted a flagged post by <@${ids.authorId}> in <#${ids.channelId}>.`,
      );
    }
  } catch (error) {
    ({ outcome, retry } = explainRefusal(deps, error, {
      [RESTJSONErrorCodes.UnknownMessage]: { text: 'The post was already deleted.', retry: false },
      [RESTJSONErrorCodes.MissingPermissions]: {
        text: 'I could not delete the post: I lack Manage Messages in that channel.',
        retry: true,
      },
    }));
  }
  await interaction.editReply({
    content: truncate(`${interaction.message.content}\n${outcome}`, 2000),
    components: remainingButtons(interaction.message, (id) => !retry && id.startsWith(`${PREFIX}:delete:`)),
    allowedMentions: NO_MENTIONS,
  });
}

async function timeoutAuthor(
  interaction: ButtonInteraction,
  deps: DiscordDeps,
  ids: PostIds,
  hours: number,
): Promise<void> {
  if (!TIMEOUT_HOURS.some((h) => h === hours)) throw new Error(`unexpected timeout length ${hours}`);
  if (!interaction.inGuild() || !interaction.memberPermissions.has(PermissionFlagsBits.ModerateMembers)) {
    await interaction.reply({
      content: 'Timing out members needs the Timeout Members permission.',
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await interaction.deferUpdate();
  const until = new Date(deps.now().getTime() + hours * 3_600_000);
  let outcome: string;
  let retry = false;
  try {
    await interaction.client.rest.patch(Routes.guildMember(interaction.guildId, ids.authorId), {
      body: { communication_disabled_until: until.toISOString() },
      reason: `Posted a flagged scam, timeout by ${interaction.user.username}`,
    });
    outcome = `⏳ Author timed out for ${hours}h.`;
    await logModeration(
      deps,
      interaction.client.rest,
      {
        community: guildCommunity(interaction.guildId),
        actor: discordUser(interaction.user.id),
        action: 'timeout',
        target: ids.authorId,
        details: { hours, until: until.toISOString(), channelId: ids.channelId, messageId: ids.messageId },
      },
      `⏳ <@${interaction.user.id}> timed out <@${ids.authorId}> for ${hours}h after a flagged scam post in <#${ids.channelId}>.`,
    );
  } catch (error) {
    ({ outcome, retry } = explainRefusal(deps, error, {
      [RESTJSONErrorCodes.UnknownMember]: { text: 'The author has already left the server.', retry: false },
      [RESTJSONErrorCodes.MissingPermissions]: {
        text:
          'I could not time out the author: I lack Timeout Members, their highest role is at or above mine, ' +
          'or they are an administrator.',
        retry: true,
      },
    }));
  }
  await interaction.editReply({
    content: truncate(`${interaction.message.content}\n${outcome}`, 2000),
    components: remainingButtons(interaction.message, (id) => !retry && id.startsWith(`${PREFIX}:timeout:`)),
    allowedMentions: NO_MENTIONS,
  });
}

interface Refusal {
  /** The sentence the moderator reads. */
  text: string;
  /** Whether the button stays: a permission can be fixed, a deleted post cannot come back. */
  retry: boolean;
}

/** Discord's expected refusals become a sentence for the moderator; anything else is unexpected. */
function explainRefusal(
  deps: DiscordDeps,
  error: unknown,
  known: Partial<Record<number, Refusal>>,
): { outcome: string; retry: boolean } {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') {
    const refusal = known[error.code];
    if (refusal) {
      deps.logger.warn({ err: error, discordCode: error.code }, 'discord refused a moderation action');
      return { outcome: refusal.text, retry: refusal.retry };
    }
  }
  throw new Error('Discord refused a moderation action', { cause: error });
}

/** The reply's buttons minus the ones just used. */
function remainingButtons(message: Message, used: (customId: string) => boolean) {
  const buttons = message.components
    .flatMap((row) => (row.type === ComponentType.ActionRow ? row.components : []))
    .flatMap((component) =>
      component.type === ComponentType.Button && component.customId && !used(component.customId)
        ? [ButtonBuilder.from(component)]
        : [],
    );
  return buttons.length > 0 ? [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)] : [];
}

type FlagInteraction = MessageContextMenuCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

/** Every step re-checks Manage Messages at run time: server admins can override the command default. */
function canModerate<T extends FlagInteraction>(
  interaction: T,
): interaction is T & { guildId: string; memberPermissions: Readonly<PermissionsBitField> } {
  return interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageMessages);
}

async function refuse(interaction: FlagInteraction): Promise<void> {
  await interaction.reply({ content: REFUSAL, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
