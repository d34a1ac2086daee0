/**
 * The [Report], [Details] and [Trace funds] buttons under every risk summary (`/check`, "Check
 * addresses"). "Report" opens a form (category, note, evidence) that files a community report;
 * "Details" answers privately with every reason and source and the latest reports; "Trace funds"
 * answers privately with the address's 2-hop trace and its diagram (`trace.ts`).
 *
 * Stateless across replicas and restarts: each custom id carries the address key
 * (`addr:report:<key>`, `addr:details:<key>`, `addr:trace:<key>`, the form's `addr:file:<key>`), so
 * any process can handle the click. The category is a text input rather than a select: it renders on every client,
 * accepts the labels and aliases people type, and the core gives the precise reason when it is wrong.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  ComponentType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import {
  MAX_EVIDENCE_LENGTH,
  MAX_NOTE_LENGTH,
  type ParsedAddress,
  REPORT_CATEGORIES,
  type RiskSummary,
  reportTarget,
  shortAddress,
} from '../../../core/index.js';
import { HISTORY_IN_DETAILS, notScreenedNotice, webAddressUrl } from '../../presentation.js';
import {
  type ComponentHandlers,
  communityOf,
  customId,
  type DiscordDeps,
  discordUser,
  NO_MENTIONS,
  reporterFactsOf,
} from '../command.js';
import {
  renderDetailsEmbed,
  renderProblemEmbed,
  renderReportReceiptEmbed,
  renderSummaryEmbeds,
} from '../render.js';
import { replyWithTrace } from './trace.js';

const PREFIX = 'addr';
/**
 * Discord's limit on custom ids; every chain's key fits with the prefix (the longest: a 62-character
 * bech32, a 66-character raw TON key). Keys may hold a colon (TON, CashAddr): the handler joins the
 * id's arguments back.
 */
const CUSTOM_ID_MAX = 100;
/** One row per summary (Report, Details, Trace funds), at most Discord's five rows. */
const MAX_ROWS = 5;
/** Reports listed under Details. */
const DETAILS_REPORTS = 5;
const PLACEHOLDER_MAX = 100;

/** Every valid category in the input's placeholder, in the first spelling that fits Discord's 100 characters. */
export const CATEGORY_PLACEHOLDER = ((): string => {
  for (const separator of [', ', '/']) {
    const joined = REPORT_CATEGORIES.join(separator);
    if (joined.length <= PLACEHOLDER_MAX) return joined;
  }
  return `${REPORT_CATEGORIES.join('/').slice(0, PLACEHOLDER_MAX - 1)}…`;
})();

/** A form's optional note (custom id `note`), as the Report and the Flag forms ask for it. */
export function noteField(label: string, description?: string): LabelBuilder {
  const field = new LabelBuilder().setLabel(label);
  if (description) field.setDescription(description);
  return field.setTextInputComponent(
    new TextInputBuilder()
      .setCustomId('note')
      .setStyle(TextInputStyle.Paragraph)
      .setRequired(false)
      .setMaxLength(MAX_NOTE_LENGTH),
  );
}

/**
 * The reply to a check of several addresses: their embeds with buttons, and one line each for the
 * summaries that did not fit (`moreHint` says how to see them) and the addresses past the most one
 * check screens.
 */
export function summariesReply(summaries: readonly RiskSummary[], notScreened: number, moreHint: string) {
  const { embeds, omitted } = renderSummaryEmbeds([...summaries]);
  const notes = [
    omitted > 0 ? `${omitted} more address(es) not shown: ${moreHint}.` : null,
    notScreened > 0 ? notScreenedNotice(notScreened) : null,
  ];
  return {
    content: notes.filter((note) => note !== null).join('\n'),
    embeds,
    components: addressActionRows(summaries.slice(0, embeds.length)),
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * One row per summary: Report, Details and Trace funds, for the first five summaries (Discord's
 * most rows). A summary gets none when its address has no key that fits a custom id (a verbatim
 * listed string of a chain the core does not parse).
 */
export function addressActionRows(summaries: readonly RiskSummary[]): ActionRowBuilder<ButtonBuilder>[] {
  const targets = new Map<string, ParsedAddress>();
  for (const summary of summaries) {
    if (summary.chain === 'other') continue;
    const parsed = reportTarget(summary.address);
    if (!parsed.ok) continue;
    if (customId(PREFIX, 'details', parsed.value.key).length > CUSTOM_ID_MAX) continue;
    targets.set(parsed.value.key, parsed.value);
  }
  const single = targets.size === 1;
  return [...targets.values()].slice(0, MAX_ROWS).map((address) => {
    const suffix = single ? '' : ` ${shortAddress(address.display)}`;
    return new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(customId(PREFIX, 'report', address.key))
        .setLabel(`Report${suffix}`)
        .setStyle(ButtonStyle.Secondary),
      new ButtonBuilder()
        .setCustomId(customId(PREFIX, 'details', address.key))
        .setLabel(`Details${suffix}`)
        .setStyle(ButtonStyle.Secondary),
      new ButtonBuilder()
        .setCustomId(customId(PREFIX, 'trace', address.key))
        .setLabel(`Trace funds${suffix}`)
        .setStyle(ButtonStyle.Secondary),
    );
  });
}

/** Shared by every command whose replies carry these buttons; the dispatcher routes `addr:` ids here. */
export const addressActions: ComponentHandlers = {
  prefix: PREFIX,
  async button(interaction, deps, action, args) {
    const key = args.join(':');
    if (action === 'report') return openReportForm(interaction, deps, key);
    if (action === 'details') return showDetails(interaction, deps, key);
    if (action === 'trace') return replyWithTrace(interaction, deps, key, 2, false);
    throw new Error(`unknown address button action "${action}"`);
  },
  async modal(interaction, deps, action, args) {
    if (action !== 'file') throw new Error(`unknown address form action "${action}"`);
    await fileReport(interaction, deps, args.join(':'));
  },
};

async function openReportForm(interaction: ButtonInteraction, deps: DiscordDeps, key: string) {
  const parsed = deps.chainwarden.reportTarget(key);
  if (!parsed.ok) {
    await interaction.reply({
      embeds: [renderProblemEmbed(parsed.error)],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  // A modal must be the first answer to an interaction: no defer before it, and nothing slow here.
  await interaction.showModal(
    new ModalBuilder()
      .setCustomId(customId(PREFIX, 'file', parsed.value.key))
      .setTitle(`Report ${shortAddress(parsed.value.display)}`)
      .addLabelComponents(
        new LabelBuilder()
          .setLabel('Category')
          .setDescription('What kind of scam: one of the categories shown in the box')
          .setTextInputComponent(
            new TextInputBuilder()
              .setCustomId('category')
              .setStyle(TextInputStyle.Short)
              .setRequired(true)
              .setMaxLength(40)
              .setPlaceholder(CATEGORY_PLACEHOLDER),
          ),
        noteField('What happened (optional)'),
        new LabelBuilder()
          .setLabel('Evidence (optional)')
          .setTextInputComponent(
            new TextInputBuilder()
              .setCustomId('evidence')
              .setStyle(TextInputStyle.Short)
              .setRequired(false)
              .setMaxLength(MAX_EVIDENCE_LENGTH)
              .setPlaceholder('A link or transaction hash'),
          ),
      ),
  );
}

async function fileReport(interaction: ModalSubmitInteraction, deps: DiscordDeps, key: string) {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await deps.chainwarden.submitReport({
    address: key,
    category: optionalField(interaction, 'category') ?? '',
    note: optionalField(interaction, 'note'),
    evidence: optionalField(interaction, 'evidence'),
    reporter: discordUser(interaction.user.id),
    source: 'discord',
    community: communityOf(interaction.guildId),
    reporterFacts: reporterFactsOf(interaction),
  });
  await interaction.editReply({
    embeds: [result.ok ? renderReportReceiptEmbed(result.value) : renderProblemEmbed(result.error)],
    allowedMentions: NO_MENTIONS,
  });
}

async function showDetails(interaction: ButtonInteraction, deps: DiscordDeps, key: string) {
  // Screening may wait on a chain node (up to its timeout): defer to stay inside Discord's 3 seconds.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { chainwarden } = deps;
  const community = communityOf(interaction.guildId);
  const summary = await chainwarden.screenAddress(key, { community });
  if (!summary.ok) {
    await interaction.editReply({
      embeds: [renderProblemEmbed(summary.error)],
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const [reports, history] = await Promise.all([
    chainwarden.listReports(key, DETAILS_REPORTS),
    chainwarden.addressHistory(key, HISTORY_IN_DETAILS),
  ]);
  await interaction.editReply({
    embeds: [
      renderDetailsEmbed(
        summary.value,
        reports.ok ? reports.value : [],
        community,
        webAddressUrl(deps.publicUrl, summary.value.address),
        history.ok ? history.value : [],
      ),
    ],
    allowedMentions: NO_MENTIONS,
  });
}

/** An empty optional input is absent, not an empty string; a client that omits a field is tolerated. */
function optionalField(interaction: ModalSubmitInteraction, id: string): string | null {
  const field = interaction.fields.fields.get(id);
  const value = field?.type === ComponentType.TextInput ? field.value.trim() : '';
  return value === '' ? null : value;
}
