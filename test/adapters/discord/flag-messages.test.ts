/** What a moderator reads after "Flag scam post": the core's results as Discord text, user text escaped. */
import { describe, expect, it } from 'vitest';
import {
  failureLines,
  flagErrorText,
  flagModLogLine,
  flagReplyLines,
} from '../../../src/adapters/discord/commands/flag-scam-post/messages.js';
import { REPORTED, SECOND_REPORTED } from './fixtures/addresses.js';

describe('flag messages', () => {
  it('shows a refused category once, escaped, with the valid categories', () => {
    const text = flagErrorText({
      code: 'invalid-category',
      input: '@everyone **now**',
      reason: '"@everyone **now**" is not a report category',
      hint: 'one of: phishing, other',
    });
    expect(text).toBe(
      'Nothing was saved. "@\u200beveryone \\*\\*now\\*\\*" is not a report category. One of: phishing, other.',
    );
  });

  it('lists what was saved, then each address not saved with its reason', () => {
    const receipt = {
      category: 'phishing' as const,
      note: null,
      deleted: null,
      addresses: [
        { outcome: 'saved' as const, address: REPORTED, status: 'active' as const },
        {
          outcome: 'failed' as const,
          input: `${SECOND_REPORTED}\`<@1>`,
          error: {
            code: 'not-in-post' as const,
            input: SECOND_REPORTED,
            reason: 'is not in the flagged post',
            hint: 'report other addresses with /report',
          },
        },
      ],
    };
    expect(flagReplyLines(receipt)).toEqual([
      '🚩 Saved 1 address as phishing reports verified in this server (elsewhere one report each unless the operator trusts this server):',
      `\`${REPORTED}\``,
      'Not saved:',
      `\`${SECOND_REPORTED}ˋ<@1>\`: is not in the flagged post`,
    ]);
    expect(failureLines({ ...receipt, addresses: receipt.addresses.slice(0, 1) })).toEqual([]);
  });

  it('keeps the mod-log line under 2000 characters at the largest flag, never cutting an escape', () => {
    // 25 of the longest addresses (62-character bech32) and a 500-character note of characters Discord escapes.
    const address = 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3';
    const receipt = {
      category: 'phishing' as const,
      note: '_*'.repeat(250),
      deleted: null,
      addresses: Array.from({ length: 25 }, () => ({
        outcome: 'saved' as const,
        address,
        status: 'active' as const,
      })),
    };
    const line = flagModLogLine(
      receipt,
      '1',
      { channelId: '2', messageId: '3', authorId: '4' },
      'https://discord.com/channels/5/2/3',
    );
    expect([...line].length).toBeLessThanOrEqual(2000);
    const note = line.split('\n').at(-1) ?? '';
    expect(note.startsWith('Note: \\_\\*')).toBe(true);
    // Every escape is whole: no backslash ends the line, and no character is cut in two.
    expect(note.endsWith('\\')).toBe(false);
    expect(line.split('\n')[1]).toMatch(/\+\d+ more$/);
  });
});
