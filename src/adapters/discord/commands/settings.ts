/**
 * `/settings` (Manage Server): the mod-log channel, what auto-moderation does with posts holding
 * risky addresses (off / warn / delete) and the level that triggers it. Without options it shows the
 * current settings.
 */
import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { type CommunitySettings, SCAN_MODES, SCAN_TRIGGER_LEVELS } from '../../../core/index.js';
import { LEVEL_EMOJI } from '../../presentation.js';
import { discordUser, NO_MENTIONS, permittedCommunity, type SlashCommand } from '../command.js';
import { logModeration } from '../mod-log.js';

const SCAN_MODE_TEXT: Record<CommunitySettings['scanMode'], string> = {
  off: 'off: posts are not scanned',
  warn: 'warn: I reply to posts with risky addresses',
  delete: 'delete: I delete posts with risky addresses and say why in the channel',
};

export const settings: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription('Mod-log channel and auto-moderation for this server')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addChannelOption((o) =>
      o
        .setName('mod_log_channel')
        .setDescription('Where I post flags, deletions and timeouts')
        .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
    )
    .addBooleanOption((o) => o.setName('clear_mod_log').setDescription('Stop posting to a mod-log channel'))
    .addStringOption((o) =>
      o
        .setName('auto_moderation')
        .setDescription('What to do with posts holding risky addresses')
        .addChoices(...SCAN_MODES.map((m) => ({ name: m, value: m }))),
    )
    .addStringOption((o) =>
      o
        .setName('trigger_level')
        .setDescription('The lowest risk level that triggers auto-moderation')
        .addChoices(...SCAN_TRIGGER_LEVELS.map((l) => ({ name: l, value: l }))),
    ),

  async execute(interaction, deps) {
    const community = await permittedCommunity(
      interaction,
      PermissionFlagsBits.ManageGuild,
      'Changing settings needs the Manage Server permission.',
    );
    if (!community) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const patch: Partial<CommunitySettings> = {};
    const channel = interaction.options.getChannel('mod_log_channel');
    if (channel) patch.modLogChannel = channel.id;
    if (interaction.options.getBoolean('clear_mod_log')) patch.modLogChannel = null;
    const mode = interaction.options.getString('auto_moderation');
    if (mode) patch.scanMode = parseChoice(mode, SCAN_MODES);
    const level = interaction.options.getString('trigger_level');
    if (level) patch.minLevel = parseChoice(level, SCAN_TRIGGER_LEVELS);

    const changed = Object.keys(patch).length > 0;
    const current = changed
      ? await deps.chainwarden.settings.update(community, patch)
      : await deps.chainwarden.settings.get(community);
    if (changed) {
      await logModeration(
        deps,
        interaction.client.rest,
        {
          community,
          actor: discordUser(interaction.user.id),
          action: 'settings',
          target: community,
          details: { ...patch },
        },
        `⚙️ <@${interaction.user.id}> changed settings: ${describeSettings(current).join('; ')}`,
      );
    }

    const notes: string[] = [];
    if (current.scanMode !== 'off') {
      notes.push(
        'Auto-moderation reads message text: the bot needs the Message Content intent (enabled by the bot owner in the developer portal).',
      );
    }
    if (
      current.scanMode === 'delete' &&
      !interaction.appPermissions.has(PermissionFlagsBits.ManageMessages)
    ) {
      notes.push('⚠️ I lack Manage Messages here, so I can warn but not delete.');
    }
    await interaction.editReply({
      embeds: [
        {
          title: changed ? '⚙️ Settings saved' : '⚙️ Settings',
          description: [...describeSettings(current), ...(notes.length ? ['', ...notes] : [])].join('\n'),
          color: 0x5865f2,
        },
      ],
      allowedMentions: NO_MENTIONS,
    });
  },
};

function describeSettings(s: CommunitySettings): string[] {
  return [
    `Mod-log channel: ${s.modLogChannel ? `<#${s.modLogChannel}>` : 'none'}`,
    `Auto-moderation: ${SCAN_MODE_TEXT[s.scanMode]}`,
    `Trigger level: ${LEVEL_EMOJI[s.minLevel]} ${s.minLevel} and above`,
  ];
}

/** Discord only sends registered choices; anything else means the registered commands are stale. */
function parseChoice<T extends string>(value: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (!found) throw new Error(`unexpected choice "${value}"; re-run chainwarden discord:register`);
  return found;
}
