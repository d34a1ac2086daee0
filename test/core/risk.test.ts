import { describe, expect, it } from 'vitest';
import type { ListHit, LookalikeCandidate, ReportStats } from '../../src/core/index.js';
import { assessRisk, levelAtLeast, levelForScore, type RiskSignals } from '../../src/core/index.js';
import { noReports } from '../fixtures/builders.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

const reports = (total: number, extra: Partial<ReportStats> = {}): ReportStats => ({
  ...noReports,
  total,
  categories: { phishing: total },
  firstAt: daysAgo(10),
  latestAt: daysAgo(2),
  ...extra,
});

const HERE = 'telegram:-100123';
const ELSEWHERE = 'discord:80351110224678912';
const verification = (community: string, trusted = false, n = 1) => ({ community, reports: n, trusted });

const hit = (kind: ListHit['kind'], extra: Partial<ListHit> = {}): ListHit => ({
  kind,
  source: kind === 'sanctions' ? 'ofac-sdn' : kind === 'scam' ? 'mew-darklist' : 'exchange-wallets',
  listDate: '2024-09-27',
  label: null,
  category: null,
  entity: null,
  program: null,
  listedAt: null,
  ...extra,
});

const twin = (origin: LookalikeCandidate['origin'], label: string | null = null): LookalikeCandidate => ({
  key: '0xd9a1b0b1e1ae382dbdc898ea68012ffcb2853a91',
  address: '0xd9A1b0B1e1aE382DbDc898Ea68012FfcB2853a91',
  chain: 'evm',
  label,
  origin,
  source: origin === 'community' ? 'telegram:-100123' : 'otc-desks',
});

const signals = (s: Partial<RiskSignals>): RiskSignals => ({
  listHits: [],
  reports: noReports,
  lookalikes: [],
  onchain: null,
  now: NOW,
  ...s,
});

describe('assessRisk', () => {
  const table: Array<[string, Partial<RiskSignals>, string, string[]]> = [
    ['nothing known', {}, 'none', ['no-reports']],
    ['one community report', { reports: reports(1) }, 'low', ['community-reports']],
    ['two distinct reporters', { reports: reports(2) }, 'medium', ['community-reports']],
    ['five distinct reporters', { reports: reports(5) }, 'medium', ['community-reports']],
    [
      'one report verified by a moderator of the community screening it',
      { reports: reports(1, { verified: 1, verifications: [verification(HERE)] }), community: HERE },
      'high',
      ['community-reports', 'verified-report'],
    ],
    [
      'one report verified by a moderator of another community (one ordinary report)',
      { reports: reports(1, { verified: 1, verifications: [verification(HERE)] }), community: ELSEWHERE },
      'low',
      ['community-reports'],
    ],
    [
      'one report verified by a moderator of some community, screened outside any (API, CLI)',
      { reports: reports(1, { verified: 1, verifications: [verification(HERE)] }) },
      'low',
      ['community-reports'],
    ],
    [
      'one report verified by a moderator of a community the operator trusts, screened outside any',
      { reports: reports(1, { verified: 1, verifications: [verification(HERE, true)] }) },
      'high',
      ['community-reports', 'verified-report'],
    ],
    ['a scam-list hit', { listHits: [hit('scam', { category: 'phishing' })] }, 'high', ['scam-list']],
    [
      'a sanctions hit',
      { listHits: [hit('sanctions', { entity: 'Tornado Cash', program: 'CYBER2' })] },
      'severe',
      ['sanctions'],
    ],
    [
      'an allowlisted address with reports waiting for review',
      { listHits: [hit('allow', { label: 'Binance 14' })], reports: { ...noReports, underReview: 3 } },
      'none',
      ['allowlisted', 'under-review'],
    ],
    [
      'an allowlisted address is not raised by active reports',
      { listHits: [hit('allow', { label: 'Binance 14' })], reports: reports(4) },
      'none',
      ['allowlisted', 'community-reports'],
    ],
    [
      'a look-alike of an allowlisted address',
      { lookalikes: [twin('allow', 'OTC desk')] },
      'medium',
      ['look-alike', 'no-reports'],
    ],
    [
      'a look-alike of a community address',
      { lookalikes: [twin('community')] },
      'medium',
      ['look-alike', 'no-reports'],
    ],
    [
      'a look-alike of a reported address',
      { lookalikes: [twin('report')] },
      'low',
      ['look-alike', 'no-reports'],
    ],
    [
      'a community look-alike that appeared after this address',
      { lookalikes: [{ ...twin('community'), newerThanScreened: true }] },
      'low',
      ['look-alike', 'no-reports'],
    ],
    [
      'stale reports count for less',
      { reports: reports(3, { latestAt: daysAgo(800) }) },
      'low',
      ['community-reports'],
    ],
    [
      'a node that failed',
      { onchain: { available: false, source: 'evm:1', isContract: null, txCount: null, balance: null } },
      'none',
      ['onchain-unavailable', 'no-reports'],
    ],
    [
      'a contract',
      { onchain: { available: true, source: 'evm:1', isContract: true, txCount: 1, balance: '0' } },
      'none',
      ['contract', 'no-reports'],
    ],
    [
      'a fresh address',
      { onchain: { available: true, source: 'evm:1', isContract: false, txCount: 0, balance: '0' } },
      'none',
      ['unused-address', 'no-reports'],
    ],
  ];

  it.each(table)('%s', (_name, input, level, codes) => {
    const result = assessRisk(signals(input));
    expect(result.level).toBe(level);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(levelForScore(result.score)).toBe(level);
    for (const reason of result.reasons) expect(reason.source).not.toBe('');
  });

  it('says that no reports is not proof of safety', () => {
    const [reason] = assessRisk(signals({})).reasons;
    expect(reason?.text).toContain('not proof of safety');
  });

  it('names the sanctioned entity, its program and the list date', () => {
    const result = assessRisk(
      signals({
        listHits: [hit('sanctions', { entity: 'LAZARUS GROUP', program: 'DPRK3', listedAt: '2022-04-14' })],
      }),
    );
    expect(result.score).toBe(100);
    expect(result.reasons[0]?.text).toContain('LAZARUS GROUP (DPRK3)');
    expect(result.reasons[0]?.source).toBe('ofac-sdn, list of 2024-09-27');
  });

  it('describes report counts by category, verification and age', () => {
    const result = assessRisk(
      signals({
        reports: reports(3, {
          verified: 1,
          verifications: [verification(HERE)],
          categories: { phishing: 2, 'fake-airdrop': 1 },
          latestAt: daysAgo(2),
        }),
        community: HERE,
      }),
    );
    expect(result.reasons[0]?.text).toBe(
      '3 community reports (phishing ×2, fake airdrop / drainer), 1 verified by moderators of this community, latest 2 days ago.',
    );
    expect(result.reasons[1]?.text).toBe('Moderators of this community confirmed this address in 1 report.');
  });

  it('says a verification from another community counts as one report, and names none of them', () => {
    const verifications = [
      verification(HERE),
      verification(ELSEWHERE, true),
      verification('discord:1', false, 2),
    ];
    const result = assessRisk(
      signals({ reports: reports(5, { verified: 4, verifications }), community: 'telegram:-100999' }),
    );
    expect(result.score).toBe(85);
    expect(result.verification).toEqual({ here: 0, trusted: 1, elsewhere: 3 });
    expect(result.reasons.map((r) => r.text)).toEqual([
      '5 community reports (phishing ×5), 1 verified by moderators of a trusted community, ' +
        '3 by moderators of other communities (each counts as one report), latest 2 days ago.',
      'Moderators of a community the operator trusts confirmed this address in 1 report.',
    ]);
    for (const reason of result.reasons)
      expect(`${reason.text} ${reason.source}`).not.toMatch(/telegram:|discord:/);
  });

  it('says why on-chain facts are missing when the request held too many addresses, or the node was busy', () => {
    const missing = (unavailableBecause: 'skipped' | 'busy') =>
      assessRisk(
        signals({
          onchain: {
            available: false,
            source: 'evm:1',
            isContract: null,
            txCount: null,
            balance: null,
            unavailableBecause,
          },
        }),
      ).reasons.find((r) => r.code === 'onchain-unavailable')?.text;
    expect(missing('skipped')).toContain('Check this address alone');
    expect(missing('busy')).toContain('busy with other requests');
  });

  it('tells the user to compare every character of a look-alike', () => {
    const result = assessRisk(signals({ lookalikes: [twin('allow', 'OTC desk')] }));
    expect(result.reasons[0]?.text).toBe(
      'Looks like 0xd9A1b0B1e1aE382DbDc898Ea68012FfcB2853a91 (OTC desk, known from allowlist otc-desks): compare every character before you pay.',
    );
  });
});

describe('levelAtLeast', () => {
  it('orders levels from none to severe', () => {
    expect(levelAtLeast('severe', 'high')).toBe(true);
    expect(levelAtLeast('high', 'high')).toBe(true);
    expect(levelAtLeast('medium', 'high')).toBe(false);
    expect(levelAtLeast('none', 'low')).toBe(false);
  });
});
