/**
 * Appeals (issue 20): the owner of a reported address asks for a challenge, signs it in their
 * wallet and files an appeal with a statement; a moderator upholds or rejects it.
 *
 * Only a valid signature by the address's own key files an appeal, so a stranger cannot dispute
 * someone else's reports. A challenge names the address, expires after an hour and is used once
 * (marked used in the same transaction that files the appeal). Upholding dismisses the community
 * reports filed until the decision; sanctions and scam lists are never changed by an appeal: the
 * decision says which publisher must delist the address.
 */
import {
  type AppealChallenge,
  type AppealError,
  type AppealOutcome,
  type AppealSource,
  type AppealStatus,
  CHALLENGE_TTL_SECONDS,
  challengeNonce,
  challengeText,
  type DelistNotice,
  delistNotices,
  MAX_CONTACT_LENGTH,
  MAX_STATEMENT_LENGTH,
  type StoredAppeal,
} from '../appeals.js';
import { platformOf } from '../history.js';
import { cleanFreeText, parseUserAddress, visibleInput } from '../input.js';
import { OWNERSHIP_CHAINS } from '../ownership/model.js';
import { verifyOwnership } from '../ownership/verify.js';
import type { AppealStore, HistoryLog, ListStore, SignatureVerifier } from '../ports.js';
import { MAX_NOTE_LENGTH } from '../reports/index.js';
import type { StoredReport } from '../reports/model.js';
import { StorageUnavailableError, storageUnavailable } from '../storage.js';
import { err, ok, type ParsedAddress, type Result } from '../types.js';

export interface AppealsDeps {
  appeals: AppealStore;
  lists: Pick<ListStore, 'hitsFor'>;
  /** Checks the signed challenge (src/chain/ownership); null: no appeal can be filed. */
  signatures: SignatureVerifier | null;
  /** Where filings and decisions are logged (append-only, best effort after they are stored). */
  history: HistoryLog;
  now: () => Date;
  /** A fresh unguessable nonce; default 20 hex characters from Web Crypto. */
  nonce?: () => string;
}

export interface ChallengeRequest {
  address: string;
  /** `telegram:<user>`, `discord:<user>`, `api:<key id>`; lets a chat submit without pasting the text back. */
  requestedBy?: string | null;
}

export interface AppealSubmission {
  address: string;
  /** The signed challenge text; absent in chat flows, where the asker's latest challenge is meant. */
  message?: string | null;
  signature: string;
  statement: string;
  contact?: string | null;
  source: AppealSource;
  /** Who submits (same form as `requestedBy`); kept private. */
  submittedBy?: string | null;
}

export interface AppealDecisionInput {
  id: number | string;
  outcome: string;
  note?: string | null;
  /** `cli:<user>`, `api:<key id>`, `telegram:<user>`, `discord:<user>`. */
  decidedBy: string;
  /**
   * The review queue it is decided from: a community's moderators decide only appeals disputing
   * reports filed there, once, for those reports only (upholding dismisses only those; the appeal
   * stays pending until every such community decided); null or absent: the operator, all.
   */
  community?: string | null;
}

export interface AppealDecision {
  /**
   * The appeal after the decision: the operator's decides it; a community's decides only that
   * community's reports, and it stays `pending` while another community's disputed reports wait.
   */
  appeal: StoredAppeal;
  /** What this decision was, and how many reports it dismissed (upheld; rejected: 0). */
  outcome: AppealOutcome;
  dismissedReports: number;
  decidedAt: Date;
  /** Sanctions and scam lists the address stays on, and who must delist it from each. */
  delist: DelistNotice[];
  /** The community reports it disputed in the deciding queue (upheld: the ones it dismissed). */
  disputes: StoredReport[];
}

export interface Appeals {
  challenge(request: ChallengeRequest): Promise<Result<AppealChallenge, AppealError>>;
  submit(submission: AppealSubmission): Promise<Result<StoredAppeal, AppealError>>;
  decide(input: AppealDecisionInput): Promise<Result<AppealDecision, AppealError>>;
  list(filter?: { status?: AppealStatus | null; limit?: number }): Promise<StoredAppeal[]>;
  get(id: number): Promise<StoredAppeal | null>;
}

const randomNonce = (): string =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(10)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

const OUTCOMES: Record<string, AppealOutcome> = {
  upheld: 'upheld',
  uphold: 'upheld',
  rejected: 'rejected',
  reject: 'rejected',
};

/** Runs a store call, turning "the database is down" into the expected failure. */
async function guarded<T>(run: () => Promise<Result<T, AppealError>>): Promise<Result<T, AppealError>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StorageUnavailableError) return err(storageUnavailable());
    throw error;
  }
}

export function createAppeals(deps: AppealsDeps): Appeals {
  const nonce = deps.nonce ?? randomNonce;

  /** The history line of a filing or decision: the decision stands once stored, its line is best effort. */
  async function logged(
    appeal: StoredAppeal,
    event: 'appeal-filed' | 'appeal-upheld' | 'appeal-rejected',
    decision: { decidedBy: string; note: string | null } | null = null,
  ) {
    try {
      await deps.history.append({
        addressKey: appeal.addressKey,
        address: appeal.address,
        event,
        actorPlatform: decision === null ? appeal.source : platformOf(decision.decidedBy),
        actorWeight: null,
        reportId: null,
        category: null,
        note: decision?.note ?? null,
      });
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
    }
  }

  function appealable(input: string): Result<ParsedAddress, AppealError> {
    const parsed = parseUserAddress(input);
    if (!parsed.ok) return parsed;
    if (!(OWNERSHIP_CHAINS as readonly string[]).includes(parsed.value.chain)) {
      return err({
        code: 'unsupported-chain',
        chain: parsed.value.chain,
        reason: `appeals need a wallet signature, which is not verified for ${parsed.value.chain} addresses yet`,
        hint: `Appeals are open to ${OWNERSHIP_CHAINS.join(', ')} addresses.`,
      });
    }
    return parsed;
  }

  async function findChallenge(
    address: ParsedAddress,
    submission: AppealSubmission,
  ): Promise<Result<{ challenge: AppealChallenge; message: string }, AppealError>> {
    const message = submission.message?.trim() ?? '';
    if (message === '') {
      const by = submission.submittedBy ?? null;
      const latest = by === null ? null : await deps.appeals.latestChallenge(address.key, by);
      if (latest === null) {
        return err({
          code: 'challenge-not-found',
          reason: 'no challenge was asked for this address',
          hint: 'Ask for a challenge first, sign its text in your wallet, then send the signature.',
        });
      }
      return ok({ challenge: latest, message: latest.message });
    }
    const found = challengeNonce(message);
    const challenge = found === null ? null : await deps.appeals.findChallenge(found);
    if (challenge === null || challenge.addressKey !== address.key) {
      return err({
        code: 'challenge-not-found',
        reason:
          found === null
            ? 'the message is not a Chainwarden challenge (it carries no nonce)'
            : 'no challenge with this nonce was issued for this address',
        hint: 'Ask for a challenge for this address (POST /v1/addresses/{address}/appeals/challenge) and sign its text exactly.',
      });
    }
    if (message.replace(/\r\n?/g, '\n') !== challenge.message) {
      return err({
        code: 'challenge-not-found',
        reason: 'the message differs from the challenge issued',
        hint: 'Sign and send the challenge text exactly as it was given, without changing a character.',
      });
    }
    return ok({ challenge, message });
  }

  return {
    challenge: (request) =>
      guarded(async () => {
        const address = appealable(request.address);
        if (!address.ok) return address;
        const now = deps.now();
        const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000);
        const value = nonce();
        const challenge: AppealChallenge = {
          nonce: value,
          addressKey: address.value.key,
          address: address.value.display,
          chain: address.value.chain,
          message: challengeText(address.value.display, value, expiresAt),
          requestedBy: request.requestedBy ?? null,
          createdAt: now,
          expiresAt,
          usedAt: null,
        };
        await deps.appeals.saveChallenge(challenge);
        return ok(challenge);
      }),

    submit: (submission) =>
      guarded(async () => {
        const address = appealable(submission.address);
        if (!address.ok) return address;
        const statement = cleanFreeText(submission.statement ?? '').trim();
        if (statement === '' || [...statement].length > MAX_STATEMENT_LENGTH) {
          return err({
            code: 'invalid-statement',
            reason:
              statement === ''
                ? 'the statement is empty'
                : `the statement has ${[...statement].length} characters, more than the ${MAX_STATEMENT_LENGTH} allowed`,
            hint: `Say in up to ${MAX_STATEMENT_LENGTH} characters why the reports are wrong; moderators read it.`,
          });
        }
        const contact = cleanFreeText(submission.contact ?? '').trim();
        if ([...contact].length > MAX_CONTACT_LENGTH) {
          return err({
            code: 'invalid-statement',
            reason: `the contact has more than ${MAX_CONTACT_LENGTH} characters`,
            hint: 'Give one way to reach you (an e-mail address or a handle), or none.',
          });
        }
        const found = await findChallenge(address.value, submission);
        if (!found.ok) return found;
        const { challenge, message } = found.value;
        if (challenge.usedAt !== null) {
          return err({
            code: 'challenge-used',
            reason: 'this challenge was used already: each challenge files one appeal',
            hint: 'Ask for a new challenge to appeal again.',
          });
        }
        if (deps.now() > challenge.expiresAt) {
          return err({
            code: 'challenge-expired',
            reason: `the challenge expired at ${challenge.expiresAt.toISOString()}`,
            hint: 'Ask for a new challenge and sign it within the hour.',
          });
        }
        const verdict = await verifyOwnership(
          { address: challenge.address, message, signature: submission.signature },
          deps.signatures,
        );
        if (!verdict.ok) return verdict;
        if (!verdict.value.valid) {
          return err({
            code: 'signature-mismatch',
            reason: verdict.value.reason ?? 'the signature does not prove control of this address',
            hint: `Sign the challenge text with the wallet that holds ${challenge.address}, and paste its signature unchanged.`,
          });
        }
        const filed = await deps.appeals.fileAppeal({
          addressKey: challenge.addressKey,
          address: challenge.address,
          chain: challenge.chain,
          nonce: challenge.nonce,
          message,
          signature: submission.signature.trim(),
          method: verdict.value.method,
          statement,
          contact: contact === '' ? null : contact,
          source: submission.source,
          submittedBy: submission.submittedBy ?? null,
        });
        if (filed.filed) {
          await logged(filed.appeal, 'appeal-filed');
          return ok(filed.appeal);
        }
        if (filed.because === 'challenge-used') {
          return err({
            code: 'challenge-used',
            reason: 'this challenge was used already: each challenge files one appeal',
            hint: 'Ask for a new challenge to appeal again.',
          });
        }
        return err({
          code: 'appeal-pending',
          appealId: filed.appealId,
          reason: `appeal ${filed.appealId} for this address is already waiting for a moderator`,
          hint: 'Wait for its decision; a new appeal can be filed after it.',
        });
      }),

    decide: (input) =>
      guarded(async () => {
        const id =
          typeof input.id === 'number' ? input.id : /^\d{1,15}$/.test(input.id) ? Number(input.id) : NaN;
        if (!Number.isSafeInteger(id) || id <= 0) {
          return err({
            code: 'appeal-not-found',
            reason: `"${visibleInput(String(input.id), 20)}" is not an appeal id`,
            hint: 'Appeal ids are numbers: `chainwarden appeal list` shows them.',
          });
        }
        const outcome = OUTCOMES[input.outcome.trim().toLowerCase()];
        if (outcome === undefined) {
          return err({
            code: 'invalid-outcome',
            input: visibleInput(input.outcome, 20),
            reason: `"${visibleInput(input.outcome, 20)}" is not an outcome`,
            hint: 'The outcome is upheld (the reports are dismissed) or rejected.',
          });
        }
        const note = cleanFreeText(input.note ?? '').trim();
        if ([...note].length > MAX_NOTE_LENGTH) {
          return err({
            code: 'invalid-statement',
            reason: `the note has more than ${MAX_NOTE_LENGTH} characters`,
            hint: `Shorten the note to ${MAX_NOTE_LENGTH} characters.`,
          });
        }
        const result = await deps.appeals.decide(id, {
          outcome,
          note: note === '' ? null : note,
          decidedBy: input.decidedBy,
          community: input.community ?? null,
        });
        if (!result.decided) {
          if (result.current === null) {
            return err({
              code: 'appeal-not-found',
              reason: `there is no appeal ${id}`,
              hint: '`chainwarden appeal list` shows the appeals waiting for a decision.',
            });
          }
          if (result.earlier !== null) {
            return err({
              code: 'appeal-decided',
              status: result.earlier.status,
              reason: `appeal ${id} was ${result.earlier.status} already in this community on ${result.earlier.decidedAt.toISOString().slice(0, 10)}`,
              hint: "A community's decision is final; other communities decide for their own reports.",
            });
          }
          return err({
            code: 'appeal-decided',
            status: result.current.status,
            reason: `appeal ${id} was ${result.current.status} already${result.current.decidedAt ? ` on ${result.current.decidedAt.toISOString().slice(0, 10)}` : ''}`,
            hint: 'A decision is final; the owner may file a new appeal with a new challenge.',
          });
        }
        await logged(result.appeal, outcome === 'upheld' ? 'appeal-upheld' : 'appeal-rejected', {
          decidedBy: input.decidedBy,
          note: note === '' ? null : note,
        });
        const delist = delistNotices(await deps.lists.hitsFor(result.appeal.addressKey));
        return ok({
          appeal: result.appeal,
          outcome,
          dismissedReports: result.dismissedReports,
          decidedAt: result.decidedAt,
          delist,
          disputes: result.disputes,
        });
      }),

    list: (filter = {}) =>
      deps.appeals.listAppeals({ status: filter.status ?? null, limit: Math.min(filter.limit ?? 50, 200) }),
    get: (id) => deps.appeals.getAppeal(id),
  };
}
