/**
 * `/weblogin` (Manage Messages, in a server): answers only the moderator (ephemeral) with a link
 * button to the web page's review queue for this server: valid 15 minutes, usable once, bound to
 * their Discord account and this server.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { WEB_LOGIN_TEXT, WEB_LOGIN_UNAVAILABLE } from '../../web-sign-in.js';
import { NO_MENTIONS, permittedCommunity, type SlashCommand } from '../command.js';

export const webLogin: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('weblogin')
    .setDescription('Get a one-time link to the web review queue for this server (moderators)')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages),

  async execute(interaction, deps) {
    const reply = (content: string) =>
      interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    if (!deps.webLogin) return void (await reply(WEB_LOGIN_UNAVAILABLE));
    const community = await permittedCommunity(
      interaction,
      PermissionFlagsBits.ManageMessages,
      'The web review queue is for moderators: it needs the Manage Messages permission.',
    );
    if (!community) return;
    const { url } = await deps.webLogin.issue({
      identity: `discord:${interaction.user.id}`,
      name: interaction.user.globalName ?? interaction.user.username,
      communities: [community],
    });
    await interaction.reply({
      content: WEB_LOGIN_TEXT,
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setStyle(ButtonStyle.Link).setURL(url).setLabel('Sign in to the web page'),
        ),
      ],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
};
