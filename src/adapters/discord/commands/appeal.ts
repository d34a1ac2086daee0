/**
 * `/appeal address [signature] [statement]`: the owner of a reported address disputes the reports,
 * proved by a wallet signature, like Telegram's /appeal. Every reply is ephemeral (a signature and a
 * statement are nobody else's business). `/appeal address` gives the one-line challenge and how to
 * sign it on that chain; `/appeal address signature statement` files it: the sender's newest
 * challenge for that address is meant (stored with their Discord id), so no text is pasted back.
 */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { MAX_SIGNATURE_LENGTH, MAX_STATEMENT_LENGTH } from '../../../core/index.js';
import {
  type AppealMarkup,
  appealChallengeText,
  appealErrorText,
  appealFiledText,
} from '../../presentation.js';
import { discordUser, NO_MENTIONS, type SlashCommand } from '../command.js';
import { codeSpan, escapeUserText } from '../render.js';

const MARKDOWN: AppealMarkup = {
  code: codeSpan,
  // The challenge holds no backtick (an address, a hex nonce, an ISO time); one would be replaced.
  block: (text) => `\`\`\`\n${text.replace(/`/g, 'ˋ')}\n\`\`\``,
  strong: (text) => `**${escapeUserText(text)}**`,
  text: escapeUserText,
};

export const appeal: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('appeal')
    .setDescription('Dispute the reports against an address you control, proved by a wallet signature')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o.setName('address').setDescription('The address you control').setRequired(true).setMaxLength(200),
    )
    .addStringOption((o) =>
      o
        .setName('signature')
        .setDescription('Your wallet’s signature of the text /appeal gave you (second step)')
        .setMaxLength(MAX_SIGNATURE_LENGTH),
    )
    .addStringOption((o) =>
      o
        .setName('statement')
        .setDescription('Why the reports are wrong (second step)')
        .setMaxLength(MAX_STATEMENT_LENGTH),
    ),

  async execute(interaction, { chainwarden }) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const address = interaction.options.getString('address', true).trim();
    const signature = interaction.options.getString('signature')?.trim() ?? '';
    const who = discordUser(interaction.user.id);
    const reply = (content: string) => interaction.editReply({ content, allowedMentions: NO_MENTIONS });
    if (signature === '') {
      const result = await chainwarden.appeals.challenge({ address, requestedBy: who });
      if (!result.ok) return void (await reply(appealErrorText(result.error, MARKDOWN)));
      const c = result.value;
      return void (await reply(
        appealChallengeText(
          c,
          `/appeal address:${c.address} signature:SIGNATURE statement:why the reports are wrong`,
          MARKDOWN,
        ),
      ));
    }
    const result = await chainwarden.appeals.submit({
      address,
      signature,
      statement: interaction.options.getString('statement') ?? '',
      source: 'discord',
      submittedBy: who,
    });
    await reply(
      result.ok ? appealFiledText(result.value, MARKDOWN) : appealErrorText(result.error, MARKDOWN),
    );
  },
};
