/** What a moderator reads after "Flag scam post": the core's results as Discord text, user text escaped. */
import { describe, expect, it } from 'vitest';
import {
  failureLines,
  flagErrorText,
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
      '🚩 Saved 1 address as verified phishing reports:',
      `\`${REPORTED}\``,
      'Not saved:',
      `\`${SECOND_REPORTED}ˋ<@1>\`: is not in the flagged post`,
    ]);
    expect(failureLines({ ...receipt, addresses: receipt.addresses.slice(0, 1) })).toEqual([]);
  });
});
