/**
 * The operator trusts or stops trusting a community (`chainwarden community trust|untrust|list`):
 * a trusted community's moderator verifications count as verified in every screen, the HTTP API's
 * and the CLI's included; an untrusted one's count only within that community (reports/trust.ts).
 */
import { type CommunityRecord, type InvalidCommunity, parseCommunityId } from '../community.js';
import type { CommunityStore } from '../ports.js';
import { ok, type Result } from '../types.js';

export interface TrustChange {
  community: string;
  trusted: boolean;
  /** It already was (or was not) trusted: nothing changed. */
  unchanged: boolean;
  /** Nothing was known of it yet (no report, flag, setting or title). */
  unknown: boolean;
}

export interface CommunityTrust {
  trust(input: string): Promise<Result<TrustChange, InvalidCommunity>>;
  untrust(input: string): Promise<Result<TrustChange, InvalidCommunity>>;
  list(): Promise<CommunityRecord[]>;
}

export function createCommunityTrust(store: CommunityStore): CommunityTrust {
  async function setTrusted(input: string, trusted: boolean): Promise<Result<TrustChange, InvalidCommunity>> {
    const community = parseCommunityId(input);
    if (!community.ok) return community;
    const before = await store.setTrusted(community.value, trusted);
    return ok({
      community: community.value,
      trusted,
      unchanged: before.wasTrusted === trusted,
      unknown: !before.known,
    });
  }
  return {
    trust: (input) => setTrusted(input, true),
    untrust: (input) => setTrusted(input, false),
    list: () => store.list(),
  };
}
