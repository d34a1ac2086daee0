/**
 * "Flag this post": a moderator marks a chat post as a scam, and every address in it becomes a report
 * verified by that moderator, through the ordinary report rules. Telegram's /flag and Discord's
 * "Flag scam post" both call this; they check the platform permission first and render the result.
 *
 * Rules (the same on every platform):
 * - The post's text is the source of truth. A moderator may narrow the list (Discord's form), never
 *   extend it: an address that is not in the post is refused, so a flag cannot plant reports.
 * - What applies to the whole command (an address in the post, the category, the note, the evidence)
 *   is checked once, before anything is saved, and reported once, with the valid categories.
 * - Then each address is saved or updated, or fails with its own reason; the others still count.
 * - One moderation-log entry records the flag (and one the delete, when the post was deleted here).
 * - A community's moderators flag at most FLAGS_PER_HOUR addresses an hour; past it, the rest of a
 *   flag is refused with when they may flag again (a flag refused whole saves and deletes nothing).
 *   Their verifications count as verified only in this community unless the operator trusts it
 *   (reports/trust.ts).
 */
import { extractAddresses, scanText } from '../address/index.js';
import type { CommunityStore } from '../ports.js';
import { parseCategory, parseEvidence, parseNote, parseReporter } from '../reports/index.js';
import type { ReportError, ReportStatus } from '../reports/model.js';
import type { Chainwarden } from '../service.js';
import { StorageUnavailableError } from '../storage.js';
import { err, ok, type ReportCategory, type ReportSource, type Result } from '../types.js';
import type { DeleteResult } from './platform-actions.js';

/** More than this in one post is a wall of addresses; the moderator can report the rest one by one. */
export const MAX_FLAG_ADDRESSES = 25;

/** What a flag without a category is filed as. */
export const DEFAULT_FLAG_CATEGORY: ReportCategory = 'other';

export interface FlagPostInput {
  /** The flagged post's text as the platform holds it now: the only source of addresses. */
  post: string;
  /** The moderator's `platform:user id`. The platform's permission check happens before this call. */
  moderator: string;
  /** `telegram:<chat id>` / `discord:<guild id>`. */
  community: string;
  /** The group's or server's name, when the platform says it: `community list` shows it to the operator. */
  communityTitle?: string | null;
  source: ReportSource;
  /** As the moderator typed or picked it; absent means `other`. */
  category?: string | null;
  note?: string | null;
  /** A link to the post, saved with every report. */
  evidence?: string | null;
  /**
   * The addresses the moderator kept, as free text (Discord's form lists the post's addresses and the
   * moderator may remove some). Absent: every address in the post.
   */
  picked?: string | null;
  /** What the moderation log names as the flagged thing, e.g. `message:42`. */
  target: string;
  /** Platform facts for the moderation log (channel, author). */
  details?: Record<string, unknown>;
  /** Deletes the post once something was saved (Telegram's /flag does); absent: the post stays. */
  deletePost?: () => Promise<DeleteResult>;
}

/** Why one address of a flag was not saved. */
export type FlagAddressError =
  | ReportError
  | { code: 'not-in-post'; input: string; reason: string; hint: string }
  | { code: 'too-many'; input: string; reason: string; hint: string };

export type FlaggedAddress =
  | { outcome: 'saved'; address: string; status: ReportStatus }
  /** The moderator had reported this address before: that report now carries this flag. */
  | { outcome: 'updated'; address: string; status: ReportStatus }
  | { outcome: 'failed'; input: string; error: FlagAddressError };

export interface FlagReceipt {
  category: ReportCategory;
  note: string | null;
  /** One entry per address, in the order of the post (or of the moderator's list). */
  addresses: FlaggedAddress[];
  /** Whether the post was deleted; null when no delete was asked or nothing was saved. */
  deleted: boolean | null;
}

/** The report rules' errors that concern a whole flag: the ones the category, note, evidence and reporter parsers return. */
type WholeFlagReportError = Extract<
  ReportError,
  { code: 'invalid-category' | 'note-too-long' | 'invalid-evidence' | 'invalid-reporter' | 'rate-limited' }
>;

/** Failures of the whole command: nothing was saved (`rate-limited`: the community's FLAGS_PER_HOUR is used up). */
export type FlagError =
  | { code: 'no-address'; reason: string; hint: string }
  | { code: 'nothing-picked'; reason: string; hint: string }
  | WholeFlagReportError;

export type FlagPost = (input: FlagPostInput) => Promise<Result<FlagReceipt, FlagError>>;

/** The addresses a flag of this post would save, as shown to the moderator (display form, capped). */
export function flaggableAddresses(post: string): string[] {
  return extractAddresses(post)
    .slice(0, MAX_FLAG_ADDRESSES)
    .map((a) => a.display);
}

export function createFlagPost(
  service: Pick<Chainwarden, 'submitReport' | 'moderationLog'> & {
    communities: Pick<CommunityStore, 'noteTitle'>;
  },
): FlagPost {
  return async function flagPost(input) {
    const inPost = extractAddresses(input.post);
    if (inPost.length === 0) {
      return err({
        code: 'no-address',
        reason: 'the post holds no crypto address',
        hint: 'flag the post that holds the scam address, or report an address with /report',
      });
    }
    // Once for the whole flag: the same mistake would otherwise repeat for every address.
    const category = parseCategory(input.category ?? DEFAULT_FLAG_CATEGORY);
    if (!category.ok) return err(category.error as WholeFlagReportError);
    const note = parseNote(input.note);
    if (!note.ok) return err(note.error as WholeFlagReportError);
    const evidence = parseEvidence(input.evidence);
    if (!evidence.ok) return err(evidence.error as WholeFlagReportError);
    const moderator = parseReporter(input.moderator);
    if (!moderator.ok) return err(moderator.error as WholeFlagReportError);

    const addresses: FlaggedAddress[] = [];
    const candidates = chosenAddresses(input, inPost);
    if (candidates.length === 0) {
      return err({
        code: 'nothing-picked',
        reason: 'no address was left in the list',
        hint: 'keep at least one of the post’s addresses in the list',
      });
    }
    let kept = 0;
    for (const candidate of candidates) {
      if ('code' in candidate) {
        addresses.push({ outcome: 'failed', input: candidate.input, error: candidate });
        continue;
      }
      if (kept++ >= MAX_FLAG_ADDRESSES) {
        addresses.push({
          outcome: 'failed',
          input: candidate.display,
          error: {
            code: 'too-many',
            input: candidate.display,
            reason: `is past the first ${MAX_FLAG_ADDRESSES} addresses, the most one flag saves`,
            hint: 'report the others one by one with /report',
          },
        });
        continue;
      }
      const receipt = await service.submitReport({
        address: candidate.display,
        category: category.value,
        note: note.value,
        evidence: evidence.value,
        reporter: moderator.value,
        verifiedBy: moderator.value,
        source: input.source,
        community: input.community,
      });
      addresses.push(
        receipt.ok
          ? {
              outcome: receipt.value.created ? 'saved' : 'updated',
              address: receipt.value.report.address,
              status: receipt.value.status,
            }
          : { outcome: 'failed', input: candidate.display, error: receipt.error },
      );
    }

    const flagged = addresses.flatMap((a) => (a.outcome === 'failed' ? [] : [a.address]));
    if (flagged.length === 0) {
      // Over the community's limit from the first address: one refusal saying when, not one per address.
      const limited = addresses.map((a) => (a.outcome === 'failed' ? a.error : null));
      const first = limited[0];
      if (
        first?.code === 'rate-limited' &&
        limited.every((e) => e?.code === 'rate-limited' || e?.code === 'too-many')
      ) {
        return err(first);
      }
      return ok({ category: category.value, note: note.value, addresses, deleted: null });
    }
    const deletion = input.deletePost ? await input.deletePost() : null;
    const deleted = deletion ? deletion.deleted : null;
    // The reports are saved (and the post maybe deleted): if the database goes away now, the
    // moderator must still read what happened; a missing log line is the smaller loss.
    try {
      const title = input.communityTitle?.trim();
      if (title) await service.communities.noteTitle(input.community, title);
      await service.moderationLog.record({
        community: input.community,
        actor: moderator.value,
        action: 'flag',
        target: input.target,
        details: {
          ...input.details,
          addresses: flagged,
          category: category.value,
          note: note.value,
          ...(deletion ? { deleted } : {}),
          ...(deletion && !deletion.deleted ? { deleteFailed: deletion.refusal } : {}),
        },
      });
      if (deleted) {
        await service.moderationLog.record({
          community: input.community,
          actor: moderator.value,
          action: 'delete-message',
          target: input.target,
          details: { ...input.details, reason: 'flag' },
        });
      }
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
    }
    return ok({ category: category.value, note: note.value, addresses, deleted });
  };
}

type Candidate = { display: string } | (FlagAddressError & { input: string });

/** The post's addresses, or the moderator's list checked against them (mistypes and strangers refused). */
function chosenAddresses(input: FlagPostInput, inPost: Array<{ key: string; display: string }>): Candidate[] {
  if (input.picked === undefined || input.picked === null) return inPost;
  const picked = scanText(input.picked);
  const keys = new Set(inPost.map((a) => a.key));
  return [
    ...picked.addresses.map(
      (address): Candidate =>
        keys.has(address.key)
          ? address
          : {
              code: 'not-in-post',
              input: address.display,
              reason: 'is not in the flagged post',
              hint: 'a flag covers the post’s own addresses; report other addresses with /report',
            },
    ),
    ...picked.rejected,
  ];
}
