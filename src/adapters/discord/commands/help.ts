/** `/help`: what the bot does and how to use it, in one ephemeral embed. */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { NO_MENTIONS, type SlashCommand } from '../command.js';

const HELP_TEXT = [
  'Chainwarden checks crypto addresses against community reports, public scam lists and sanctions lists.',
  '',
  '**/check** `address` — check an address before you pay (only you see the answer unless `public` is on).',
  '**/report** `address` `category` — report a scam address; add a note and a link or transaction hash as evidence.',
  '**/trace** `address` `hops` — where its funds came from and went: every sanctioned, scam-listed or reported address within 2 hops (1: direct only), with a diagram of the paths.',
  '**Apps → Check addresses** (right-click a message) — check every address in a post.',
  'Under each answer, **Report** files a report on that address, **Details** shows every source and the latest reports, and **Trace funds** traces it.',
  '**Apps → Flag scam post** (moderators) — save every address in a post as a verified report, then delete the post or time out its author.',
  '**/settings** (Manage Server) — mod-log channel and automatic handling of posts with risky addresses.',
  '**/watch** `address` `label` (Manage Server) — alerts in this channel when the address sends funds, receives from a risky address, is reported or listed, or a look-alike of it is posted here; **/unwatch**, **/watches**.',
  '**/weblogin** (Manage Messages) — a one-time link to the web review queue for this server, shown only to you.',
  '**/review** (Manage Messages) — reports waiting for review and owners’ appeals against this server’s reports: approve (uphold) or reject them.',
  '**/appeal** `address` — you control a reported address? Get a text to sign in its wallet, then send `/appeal` again with the signature and why the reports are wrong.',
  '',
  'No reports is not proof of safety: always confirm an address with the recipient through another channel.',
].join('\n');

export const help: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('How to use Chainwarden')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction) {
    await interaction.reply({
      embeds: [{ title: 'Chainwarden', description: HELP_TEXT, color: 0x5865f2 }],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
};
