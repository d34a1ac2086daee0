/**
 * Appeals: an address's owner proves control by signing a one-time challenge in their wallet and
 * disputes the community reports; a moderator upholds (the reports filed until then stop counting)
 * or rejects it. What a challenge, an appeal and a decision are, the expected failures with their
 * reasons and hints, and who must be asked to delist an address on an imported list: an appeal
 * never changes a sanctions or scam list, only its publisher can.
 */
import type { ListHit } from './lists.js';
import type { OwnershipError, OwnershipMethod } from './ownership/model.js';
import type { StorageUnavailable } from './storage.js';
import type { Chain, InvalidAddress } from './types.js';

/** How long a challenge may be signed and submitted. */
export const CHALLENGE_TTL_SECONDS = 3600;
export const MAX_STATEMENT_LENGTH = 1000;
export const MAX_CONTACT_LENGTH = 200;

export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const APPEAL_OUTCOMES = ['upheld', 'rejected'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
/** Where the appeal came from; the person is kept private like a reporter. */
export type AppealSource = 'api' | 'telegram' | 'discord' | 'cli' | 'web';

export interface AppealChallenge {
  nonce: string;
  addressKey: string;
  address: string;
  chain: Chain;
  /** The exact text to sign: names Chainwarden, the address, the nonce and the expiry. */
  message: string;
  /** Who asked (`telegram:<user>`, `discord:<user>`, `api:<key>`), or null (an anonymous API client). */
  requestedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface NewAppeal {
  addressKey: string;
  address: string;
  chain: Chain;
  nonce: string;
  message: string;
  signature: string;
  method: OwnershipMethod;
  statement: string;
  contact: string | null;
  source: AppealSource;
  submittedBy: string | null;
}

export interface StoredAppeal extends NewAppeal {
  id: number;
  status: AppealStatus;
  /** When the signature was verified and the appeal filed. */
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  note: string | null;
  /** Community reports an upheld decision dismissed. */
  dismissedReports: number;
}

/**
 * One community's decision on an appeal: it covers only the reports filed in that community, and
 * takes the appeal out of that community's review queue. The appeal's own `status` stays pending
 * until the operator decides or every community with disputed reports has decided.
 */
export interface CommunityAppealDecision {
  appealId: number;
  community: string;
  status: AppealOutcome;
  decidedAt: Date;
  /** That community's reports it dismissed (upheld), else 0. */
  dismissedReports: number;
}

/** The latest appeal of an address that is not rejected, as a screen reads it. */
export interface AppealSignal {
  id: number;
  status: 'pending' | 'upheld';
  createdAt: Date;
  decidedAt: Date | null;
  /** Communities whose moderators decided it for their own reports while it stays pending for others. */
  communitiesDecided?: number;
}

/** Who must be asked to remove an address from an imported list. */
export interface DelistNotice {
  source: string;
  kind: ListHit['kind'];
  publisher: string;
  url: string | null;
  text: string;
}

export type AppealError =
  | InvalidAddress
  | Exclude<OwnershipError, InvalidAddress>
  | { code: 'signature-mismatch'; reason: string; hint: string }
  | { code: 'challenge-not-found'; reason: string; hint: string }
  | { code: 'challenge-expired'; reason: string; hint: string }
  | { code: 'challenge-used'; reason: string; hint: string }
  | { code: 'appeal-pending'; reason: string; hint: string; appealId: number }
  | { code: 'invalid-statement'; reason: string; hint: string }
  | { code: 'appeal-not-found'; reason: string; hint: string }
  | { code: 'appeal-decided'; reason: string; hint: string; status: AppealStatus }
  | { code: 'invalid-outcome'; input: string; reason: string; hint: string }
  | StorageUnavailable;

interface Publisher {
  name: string;
  /** How to ask, when the publisher has a procedure. */
  how: string | null;
  url: string | null;
}

/** Publishers of the lists the service bundles or refreshes; an operator's own list is named by its source. */
const PUBLISHERS: Array<[RegExp, Publisher]> = [
  [
    /^ofac/,
    {
      name: 'OFAC (US Treasury)',
      how: 'by a petition for removal',
      url: 'https://ofac.treasury.gov/specially-designated-nationals-list-sdn-list/filing-a-petition-for-removal-from-an-ofac-list',
    },
  ],
  [
    /^mew-darklist$/,
    {
      name: 'MyEtherWallet (ethereum-lists)',
      how: null,
      url: 'https://github.com/MyEtherWallet/ethereum-lists',
    },
  ],
  [/^etherscamdb$/, { name: 'EtherScamDB', how: null, url: 'https://github.com/MrLuit/EtherScamDB' }],
];

/** Who must delist the address for each sanctions or scam list it is on (allowlists need nothing). */
export function delistNotices(hits: readonly ListHit[]): DelistNotice[] {
  const seen = new Set<string>();
  const notices: DelistNotice[] = [];
  for (const hit of hits) {
    if (hit.kind === 'allow' || seen.has(hit.source)) continue;
    seen.add(hit.source);
    const publisher = PUBLISHERS.find(([pattern]) => pattern.test(hit.source))?.[1] ?? {
      name: `the publisher of list ${hit.source}`,
      how: null,
      url: null,
    };
    const what = hit.kind === 'sanctions' ? 'sanctions list' : 'scam list';
    notices.push({
      source: hit.source,
      kind: hit.kind,
      publisher: publisher.name,
      url: publisher.url,
      text:
        `An appeal does not change the ${what} ${hit.source}: only its publisher can delist the address, ` +
        `${publisher.name}${publisher.how ? ` ${publisher.how}` : ''}${publisher.url ? ` (${publisher.url})` : ''}. ` +
        'It stays listed here until an edition without it is imported.',
    });
  }
  return notices;
}

/** The one-line text the owner signs: one line, so no wallet or chat client changes its line breaks. */
export function challengeText(address: string, nonce: string, expiresAt: Date): string {
  return (
    `Chainwarden appeal: I control ${address} and dispute the reports against it. ` +
    `Nonce ${nonce}. Expires ${expiresAt.toISOString()}.`
  );
}

/** The nonce a challenge text carries, or null. */
export function challengeNonce(message: string): string | null {
  return /\bNonce ([0-9a-z]{16,64})\./.exec(message)?.[1] ?? null;
}

/** How to sign the challenge, per chain, in words a wallet's menus use. */
export const SIGNING_HOWTO: Record<'evm' | 'bitcoin' | 'tron' | 'solana', string> = {
  evm: 'MetaMask, Rabby or a hardware wallet: “Sign message” (personal_sign), or etherscan.io/verifiedSignatures. Paste the 0x… signature.',
  bitcoin:
    'Sparrow, Electrum, Bitcoin Core (signmessage) or a hardware wallet: “Sign message” with this address. Paste the base64 signature (BIP-322 or legacy).',
  tron: 'TronLink: sign the text as a message (signMessageV2). Paste the hex signature.',
  solana: 'Phantom, Solflare or Backpack: “Sign message”. Paste the signature (base58, base64 or hex).',
};
