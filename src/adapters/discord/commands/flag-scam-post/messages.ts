/**
 * What the moderator and the mod-log channel read during "Flag scam post": the core's flag result and
 * errors as Discord text, and Discord's expected refusals (post gone, author gone, missing permission)
 * as a sentence. Everything a user or a post supplied is escaped; nothing here pings anyone.
 */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import {
  type FlagError,
  type FlaggedAddress,
  type FlagReceipt,
  REPORT_CATEGORY_LABELS,
} from '../../../../core/index.js';
import { sentence, truncate } from '../../../presentation.js';
import type { DiscordDeps } from '../../command.js';
import { codeSpan, escapeUserText, noteMarkdown } from '../../render.js';
import type { PostIds } from './access.js';

/** Discord's limit on a message's content. */
export const MAX_CONTENT = 2000;

export const NO_ADDRESS_IN_POST = 'No crypto address found in this post, so there is nothing to flag.';

/** A flag the core refused as a whole: nothing was saved. */
export function flagErrorText(error: FlagError): string {
  switch (error.code) {
    case 'no-address':
      return NO_ADDRESS_IN_POST;
    case 'nothing-picked':
      return 'No valid address was left in the form, so nothing was saved.';
    default:
      return `Nothing was saved. ${escapeUserText(sentence(error.reason))} ${escapeUserText(sentence(error.hint))}`;
  }
}

export const flaggedAddresses = (receipt: FlagReceipt) =>
  receipt.addresses.flatMap((a) => (a.outcome === 'failed' ? [] : [a.address]));

/** One line per address the core did not save, with its reason. */
export function failureLines(receipt: FlagReceipt): string[] {
  return receipt.addresses
    .filter((a): a is Extract<FlaggedAddress, { outcome: 'failed' }> => a.outcome === 'failed')
    .map((a) => `${codeSpan(truncate(a.input, 100))}: ${escapeUserText(a.error.reason)}`);
}

/** The moderator's private answer after the form: what was saved, what was not, and why. */
export function flagReplyLines(receipt: FlagReceipt): string[] {
  const saved = flaggedAddresses(receipt);
  const failed = failureLines(receipt);
  if (saved.length === 0) return ['Nothing was saved.', ...failed];
  const lines = [
    `🚩 Saved ${saved.length} address${saved.length === 1 ? '' : 'es'} as ${REPORT_CATEGORY_LABELS[receipt.category]} reports verified in this server (elsewhere one report each unless the operator trusts this server):`,
    ...saved.map(codeSpan),
  ];
  if (failed.length > 0) lines.push('Not saved:', ...failed);
  return lines;
}

/** The mod-log channel's line for a flag. */
export function flagModLogLine(
  receipt: FlagReceipt,
  moderatorId: string,
  ids: PostIds,
  link: string,
): string {
  const head = `🚩 <@${moderatorId}> flagged a post by <@${ids.authorId}> in <#${ids.channelId}> as ${REPORT_CATEGORY_LABELS[receipt.category]}: ${link}`;
  // Cut user text before escaping it, never after: a cut escaped line can end inside `\_` or a code span.
  const note = receipt.note ? `Note: ${noteMarkdown(truncate(receipt.note, 300))}` : null;
  let budget = MAX_CONTENT - [...head].length - (note ? [...note].length + 1 : 0) - 1;
  const spans: string[] = [];
  const addresses = flaggedAddresses(receipt);
  for (const [i, address] of addresses.entries()) {
    const span = codeSpan(address);
    const more = addresses.length - i - 1;
    // Keep room for "+N more" whenever an address may not fit after this one.
    if (span.length + 1 + (more > 0 ? 12 : 0) > budget) {
      spans.push(`+${addresses.length - i} more`);
      break;
    }
    spans.push(span);
    budget -= span.length + 1;
  }
  return [head, spans.join(' '), note].filter(Boolean).join('\n');
}

export interface Refusal {
  /** The sentence the moderator reads. */
  text: string;
  /** Whether the button stays: a permission can be fixed, a deleted post cannot come back. */
  retry: boolean;
}

/** Refusals when reading the post again as the form is submitted. */
export const READ_POST_REFUSALS: Partial<Record<number, Refusal>> = {
  [RESTJSONErrorCodes.UnknownMessage]: {
    text: 'The post was deleted before the form was sent, so nothing was saved. Report its addresses with /report.',
    retry: false,
  },
  [RESTJSONErrorCodes.MissingAccess]: {
    text: 'I could not read the post again: I need View Channel and Read Message History in that channel.',
    retry: true,
  },
  [RESTJSONErrorCodes.MissingPermissions]: {
    text: 'I could not read the post again: I need View Channel and Read Message History in that channel.',
    retry: true,
  },
};

export const DELETE_REFUSALS: Partial<Record<number, Refusal>> = {
  [RESTJSONErrorCodes.UnknownMessage]: { text: 'The post was already deleted.', retry: false },
  [RESTJSONErrorCodes.MissingPermissions]: {
    text: 'I could not delete the post: I lack Manage Messages in that channel.',
    retry: true,
  },
};

export const TIMEOUT_REFUSALS: Partial<Record<number, Refusal>> = {
  [RESTJSONErrorCodes.UnknownMember]: { text: 'The author has already left the server.', retry: false },
  [RESTJSONErrorCodes.MissingPermissions]: {
    text:
      'I could not time out the author: I lack Timeout Members, their highest role is at or above mine, ' +
      'or they are an administrator.',
    retry: true,
  },
};

/** Discord's expected refusals become a sentence for the moderator; anything else is unexpected. */
export function explainRefusal(
  deps: Pick<DiscordDeps, 'logger'>,
  error: unknown,
  known: Partial<Record<number, Refusal>>,
): Refusal {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') {
    const refusal = known[error.code];
    if (refusal) {
      deps.logger.warn({ err: error, discordCode: error.code }, 'discord refused a moderation action');
      return refusal;
    }
  }
  throw new Error('Discord refused a moderation action', { cause: error });
}
