/**
 * `/trace address:<text> hops:<1|2> public:<bool>` and the "Trace funds" button under every check
 * answer (`address-actions.ts`): where the address's funds came from and went, 1 or 2 hops out.
 * The reply is deferred at once (a trace may take TRACE_BUDGET_MS, Discord allows 3 s), then
 * edited into one embed; when flagged addresses were found, the diagram is attached as a PNG and
 * shown as the embed's image. Ephemeral unless the member asks for a public answer.
 */
import {
  AttachmentBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { TraceHops } from '../../../core/index.js';
import { renderPng } from '../../diagram-png.js';
import { renderExposureSvg } from '../../exposure-diagram.js';
import { traceLimitText } from '../../user-rate-limit.js';
import { type DiscordDeps, NO_MENTIONS, type SlashCommand } from '../command.js';
import { DIAGRAM_FILE_NAME, renderExposureEmbed, renderTraceProblemEmbed } from '../render-exposure.js';

export const trace: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('trace')
    .setDescription(
      'Trace where an address’s funds came from and went: sanctioned, scam or reported addresses',
    )
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o.setName('address').setDescription('The address to trace').setRequired(true).setMaxLength(200),
    )
    .addIntegerOption((o) =>
      o
        .setName('hops')
        .setDescription('How far to follow the funds (default 2)')
        .addChoices({ name: '1: direct counterparties', value: 1 }, { name: '2: theirs too', value: 2 }),
    )
    .addBooleanOption((o) =>
      o.setName('public').setDescription('Show the answer to everyone in the channel (default: only you)'),
    ),

  async execute(interaction, deps) {
    const input = interaction.options.getString('address', true);
    const hops: TraceHops = interaction.options.getInteger('hops') === 1 ? 1 : 2;
    const isPublic = interaction.options.getBoolean('public') ?? false;
    await replyWithTrace(interaction, deps, input, hops, isPublic);
  },
};

/** Limits, defers, traces and edits the reply; shared by `/trace` and the "Trace funds" button. */
export async function replyWithTrace(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  deps: DiscordDeps,
  input: string,
  hops: TraceHops,
  isPublic: boolean,
): Promise<void> {
  if (!deps.traces.limiter.take(interaction.user.id).allowed) {
    await interaction.reply({
      content: traceLimitText(deps.traces.rate),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
  const result = await deps.chainwarden.trace(input, { hops });
  if (!result.ok) {
    await interaction.editReply({
      embeds: [renderTraceProblemEmbed(result.error)],
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const exposure = result.value;
  let png: Buffer | null = null;
  if (exposure.hits.length > 0) {
    try {
      png = (await renderPng(renderExposureSvg(exposure).svg)).png;
    } catch (error) {
      // The answer stands without its picture.
      deps.logger.warn({ err: error, address: exposure.address }, 'could not draw the trace diagram');
    }
  }
  await interaction.editReply({
    embeds: [renderExposureEmbed(exposure, { diagram: png !== null })],
    ...(png ? { files: [new AttachmentBuilder(png, { name: DIAGRAM_FILE_NAME })] } : {}),
    allowedMentions: NO_MENTIONS,
  });
}
