/**
 * `check` and `report`: screen an address or text (the core's `checkInput` decides which it is),
 * and file community reports. One address prints one summary; text prints an array.
 */
import { Option } from 'commander';
import { REPORT_CATEGORIES, StorageUnavailableError } from '../../../core/index.js';
import { HELD_LABEL, notScreenedNotice } from '../../presentation.js';
import { BadInput, type RegisterCommands } from '../context.js';
import { renderError, renderSummaryText } from '../render.js';

const json = (value: unknown): string => JSON.stringify(value, null, 2);

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
        const outcome = await chainwarden.checkInput(input);
        switch (outcome.kind) {
          case 'address':
            io.stdout(`${options.json ? json(outcome.summary) : renderSummaryText(outcome.summary)}\n`);
            return;
          case 'text': {
            const { summaries, notScreened } = outcome;
            io.stdout(`${options.json ? json(summaries) : summaries.map(renderSummaryText).join('\n\n')}\n`);
            // With --json, stdout stays the JSON array; the notice goes beside it.
            if (notScreened > 0)
              (options.json ? io.stderr : io.stdout)(`${notScreenedNotice(notScreened)}\n`);
            return;
          }
          case 'invalid':
            throw new BadInput(renderError(outcome.error));
          case 'no-address':
            throw new BadInput(`error: ${outcome.reason} (expected ${outcome.hint})`);
          case 'empty':
            throw new BadInput(`error: no address given (expected ${outcome.hint})`);
        }
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
              // Whoever runs the CLI operates the service: their reports count at once.
              reporterFacts: { vouched: true },
            });
            if (!result.ok) {
              // Not the user's input: the database is away. Exit 1 with the plain sentence, like any command.
              if (result.error.code === 'storage-unavailable') throw new StorageUnavailableError('report');
              throw new BadInput(renderError(result.error));
            }
            const { report, created, status, heldFor } = result.value;
            if (options.json) {
              io.stdout(`${json({ created, ...report })}\n`);
              return;
            }
            io.stdout(
              `${created ? 'Saved' : 'Updated'} report #${report.id}: ${report.address} as ${report.category}` +
                `${status === 'review' && heldFor ? ` (held for moderator review: ${HELD_LABEL[heldFor]})` : ''}\n`,
            );
          },
          { withChain: false },
        );
      },
    );
};
