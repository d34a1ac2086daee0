/**
 * `check` and `report`: screen addresses or text, and file community reports.
 */
import { Option } from 'commander';
import { REPORT_CATEGORIES } from '../../../core/index.js';
import { BadInput, type RegisterCommands } from '../context.js';
import { renderError, renderSummaryText } from '../render.js';

export const registerScreeningCommands: RegisterCommands = (program, { io, withApp }) => {
  program
    .command('check')
    .description('Screen an address, or every address found in a piece of text')
    .argument('<address-or-text...>', 'an address, or text containing addresses (quote it)')
    .option(
      '--json',
      'print the risk summary as JSON (for a text of several words: an array, one summary per address)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  chainwarden check 0xd9a1b0b1e1ae382dbdc898ea68012ffcb2853a91\n  chainwarden check "send to bc1q... or 0x..." --json',
    )
    .action(async (words: string[], options: { json?: boolean }) => {
      const input = words.join(' ').trim();
      await withApp(async ({ chainwarden }) => {
        const single = chainwarden.parseAddress(input);
        if (single.ok || !/\s/.test(input)) {
          const result = await chainwarden.screenAddress(input);
          if (!result.ok) throw new BadInput(renderError(result.error));
          io.stdout(
            `${options.json ? JSON.stringify(result.value, null, 2) : renderSummaryText(result.value)}\n`,
          );
          return;
        }
        const summaries = await chainwarden.screenText(input);
        if (summaries.length === 0) {
          const nearMiss = chainwarden.findInvalidAddress(input);
          if (nearMiss) throw new BadInput(renderError(nearMiss));
          throw new BadInput(
            'error: no address found in the text (expected an address such as 0x… (EVM), bc1…/1…/3… (Bitcoin), T… (Tron) or a Solana key)',
          );
        }
        io.stdout(
          `${options.json ? JSON.stringify(summaries, null, 2) : summaries.map(renderSummaryText).join('\n\n')}\n`,
        );
      });
    });

  program
    .command('report')
    .description(
      'Save a community report against an address (a second report by the same reporter updates the first)',
    )
    .argument('<address>', 'the address being reported')
    .addOption(
      new Option(
        '--category <category>',
        `what kind of scam: ${REPORT_CATEGORIES.join(', ')}`,
      ).makeOptionMandatory(),
    )
    .option('--note <text>', 'what happened (at most 500 characters)')
    .option('--evidence <tx-or-url>', 'a transaction hash or an https:// link')
    .option('--reporter <platform:id>', 'who reports, e.g. cli:alice (default cli:<your user name>)')
    .option('--json', 'print the saved report as JSON')
    .action(
      async (
        address: string,
        options: { category: string; note?: string; evidence?: string; reporter?: string; json?: boolean },
      ) => {
        await withApp(
          async ({ chainwarden }) => {
            const result = await chainwarden.submitReport({
              address,
              category: options.category,
              note: options.note ?? null,
              evidence: options.evidence ?? null,
              reporter: options.reporter ?? `cli:${io.env.USER || io.env.USERNAME || 'operator'}`,
              source: 'cli',
            });
            if (!result.ok) throw new BadInput(renderError(result.error));
            const { report, created, status } = result.value;
            if (options.json) {
              io.stdout(`${JSON.stringify({ created, ...report }, null, 2)}\n`);
              return;
            }
            io.stdout(
              `${created ? 'Saved' : 'Updated'} report #${report.id}: ${report.address} as ${report.category}` +
                `${status === 'review' ? ' (allowlisted address: held for moderator review)' : ''}\n`,
            );
          },
          { withChain: false },
        );
      },
    );
};
