import { describe, expect, it } from 'vitest';
import {
  embedLength,
  LEVEL_COLOURS,
  renderDetailsEmbed,
  renderProblemEmbed,
  renderReportReceiptEmbed,
  renderSummaryEmbed,
  renderSummaryEmbeds,
} from '../../../src/adapters/discord/render.js';
import type { StoredReport } from '../../../src/core/index.js';
import { RISK_LEVELS, type RiskLevel, type RiskSummary } from '../../../src/core/index.js';
import { TORNADO_CASH } from './fixtures/addresses.js';

const HOSTILE =
  '@everyone **free** <@123> <@&456> <#789> [claim](https://evil.example) `x` ||spoiler|| @here';

function summary(overrides: Partial<RiskSummary> = {}): RiskSummary {
  return {
    input: TORNADO_CASH,
    address: TORNADO_CASH,
    chain: 'evm',
    network: 'mainnet',
    level: 'severe',
    score: 100,
    reasons: [
      {
        code: 'sanctions',
        text: 'Sanctioned: TORNADO CASH (CYBER2), listed 2022-08-08. Paying it may be illegal.',
        source: 'ofac-sdn (list of 2024-09-27)',
      },
      {
        code: 'community-reports',
        text: '3 community reports (phishing ×2, fake airdrop / drainer), 1 verified by a moderator, latest 2 days ago.',
        source: 'community',
      },
    ],
    reports: { total: 3, verified: 1, categories: { phishing: 2, 'fake-airdrop': 1 } },
    sanctioned: true,
    lookalikes: [],
    onchain: { available: true, source: 'evm:1', isContract: true, txCount: 1204, balance: '0' },
    ...overrides,
  };
}

/** Every string of an embed a user can read. */
function visibleText(embed: ReturnType<typeof renderSummaryEmbed>): string {
  return [
    embed.title,
    embed.description,
    ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
    embed.footer?.text,
  ].join('\n');
}

describe('renderSummaryEmbed on the chains of issue 17', () => {
  it('names the chain and lists the other spellings in their own field', () => {
    const embed = renderSummaryEmbed(
      summary({
        address: 'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E',
        chain: 'ton',
        network: 'testnet',
        otherForms: [
          { chain: 'ton', address: 'kQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi47nL', form: 'bounceable' },
        ],
      }),
    );
    expect(embed.description).toContain('· TON testnet');
    const field = embed.fields?.find((f) => f.name === 'Other forms');
    expect(field?.value).toMatch(
      /^Same TON testnet account as kQAs9VlT6S776tq3unJcP5Ogsj\\?-ELLunLXuOb1EKcOQi47nL/,
    );
  });
});

describe('renderSummaryEmbed', () => {
  it('puts the level, emoji and score in the title and colours the embed by level', () => {
    const colours = new Set<number>();
    for (const level of RISK_LEVELS) {
      const embed = renderSummaryEmbed(summary({ level, score: 42 }));
      expect(embed.title).toMatch(new RegExp(`^\\S+ ${level.toUpperCase()} · 42/100$`));
      expect(embed.color).toBe(LEVEL_COLOURS[level as RiskLevel]);
      colours.add(embed.color ?? -1);
    }
    expect(colours.size).toBe(RISK_LEVELS.length);
    expect(renderSummaryEmbed(summary()).title).toBe('⛔ SEVERE · 100/100');
  });

  it('shows the full address in a code span with the chain, reasons as fields and advice last', () => {
    const embed = renderSummaryEmbed(summary());
    expect(embed.description).toBe(`\`${TORNADO_CASH}\` · Ethereum / EVM`);
    expect(embed.fields?.map((f) => f.name)).toEqual([
      'Sanctions',
      'Community reports',
      'On-chain',
      'What to do',
    ]);
    expect(embed.fields?.[0]?.value).toContain('TORNADO CASH (CYBER2)');
    expect(embed.fields?.[2]?.value).toBe('On-chain: contract, 1,204 transactions (evm:1)');
    expect(embed.fields?.at(-1)?.value).toBe('Do not send funds to this address.');
  });

  it('names the sources and list dates in the footer', () => {
    expect(renderSummaryEmbed(summary()).footer?.text).toBe(
      'Sources: ofac-sdn (list of 2024-09-27) · community',
    );
  });

  it('says that no reports is not proof of safety for an unknown address', () => {
    const embed = renderSummaryEmbed(
      summary({
        level: 'none',
        score: 0,
        sanctioned: false,
        onchain: null,
        reasons: [
          {
            code: 'no-reports',
            text: 'Nothing known against this address. No reports is not proof of safety: confirm it with the recipient through another channel.',
            source: 'community and imported lists',
          },
        ],
      }),
    );
    expect(embed.title).toBe('⚪ NONE · 0/100');
    expect(embed.fields?.[0]?.value).toContain('No reports is not proof of safety');
  });

  it('escapes markdown and breaks mentions in list labels and report text', () => {
    const embed = renderSummaryEmbed(
      summary({
        reasons: [
          {
            code: 'scam-list',
            text: `On public scam list evil as phishing: ${HOSTILE}`,
            source: 'list evil (list of 2024-01-01)',
          },
          {
            code: 'look-alike',
            text: `Looks like 0xd9a1…853a91 (${HOSTILE}): compare every character.`,
            source: 'otc-desks',
          },
        ],
      }),
    );
    const text = visibleText(embed);
    expect(text).not.toMatch(/@everyone|@here/);
    expect(text).not.toMatch(/<@123>|<@&456>|<#789>/);
    expect(text).not.toMatch(/(^|[^\\])\*\*free/);
    expect(text).toContain('\\*\\*free\\*\\*');
    expect(text).toContain('\\[claim](https://evil.example)');
    expect(text).toContain('\\|\\|spoiler\\|\\|');
    // Still readable: the words are there, only neutralised.
    expect(text).toContain('everyone');
    expect(text).toContain('123');
  });

  it('keeps a backtick in an address from closing the code span', () => {
    const embed = renderSummaryEmbed(summary({ address: 'abc`@everyone`def', chain: 'other' }));
    expect(embed.description).toBe('`abcˋ@everyoneˋdef` · Other chain');
  });
});

describe('renderSummaryEmbeds', () => {
  it('fits at most 10 embeds and 6000 characters in one message and counts the rest', () => {
    const many = Array.from({ length: 14 }, () => summary());
    const { embeds, omitted } = renderSummaryEmbeds(many);
    expect(embeds.length).toBeLessThanOrEqual(10);
    expect(embeds.length + omitted).toBe(14);
    const total = embeds.reduce(
      (n, e) =>
        n +
        (e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
      0,
    );
    expect(total).toBeLessThanOrEqual(6000);
  });
});

describe('renderProblemEmbed', () => {
  it('says what was wrong and what a valid address looks like, with hostile input neutralised', () => {
    const embed = renderProblemEmbed({
      code: 'invalid-address',
      input: `${HOSTILE}\nline two`,
      reason: 'is not an EVM, Bitcoin, Tron or Solana address',
      hint: 'Send an address such as 0x… (EVM)',
    });
    expect(embed.title).toBe('❔ Not a valid address');
    expect(embed.description).toContain('is not an EVM, Bitcoin, Tron or Solana address');
    expect(embed.fields?.[0]).toEqual({ name: 'Expected', value: 'Send an address such as 0x… (EVM)' });
    // The input sits in one code span (no markdown, no mentions render there) with its backticks replaced.
    const span = embed.description?.match(/^`([^`]*)`: /)?.[1];
    expect(span).toBeDefined();
    expect(span).not.toContain('\n');
  });
});

function storedReport(overrides: Partial<StoredReport> = {}): StoredReport {
  return {
    id: 1,
    addressKey: TORNADO_CASH.toLowerCase(),
    address: TORNADO_CASH,
    chain: 'evm',
    category: 'phishing',
    note: null,
    evidence: null,
    reporter: 'discord:1400000000000000002',
    source: 'discord',
    community: 'discord:1200000000000000001',
    verifiedBy: null,
    status: 'active',
    weight: 'ordinary',
    heldFor: null,
    reviewedBy: null,
    reviewedAt: null,
    reviewNote: null,
    createdAt: new Date('2024-09-25T10:00:00Z'),
    updatedAt: new Date('2024-09-25T10:00:00Z'),
    ...overrides,
  };
}

describe('renderDetailsEmbed', () => {
  it('links its title to the address’s web page when PUBLIC_URL is set, and not otherwise', () => {
    const url = `https://chainwarden.example/a/${TORNADO_CASH}`;
    expect(renderDetailsEmbed(summary(), [], null, url).url).toBe(url);
    expect(renderDetailsEmbed(summary(), [], null).url).toBeUndefined();
  });

  it('spells out every reason with its source, then the latest reports with when and who verified', () => {
    const here = 'discord:1200000000000000001';
    const embed = renderDetailsEmbed(
      summary(),
      [
        storedReport({
          category: 'fake-airdrop',
          verifiedBy: 'discord:1400000000000000001',
          verifiedIn: here,
        }),
        storedReport({ id: 2, status: 'review', updatedAt: new Date('2024-09-20T00:00:00Z') }),
      ],
      here,
    );
    expect(embed.title).toBe('🔎 Details · ⛔ SEVERE · 100/100');
    expect(embed.color).toBe(LEVEL_COLOURS.severe);
    expect(embed.description).toBe(`\`${TORNADO_CASH}\` · Ethereum / EVM`);
    expect(embed.fields?.map((f) => f.name)).toEqual([
      'Sanctions',
      'Community reports',
      'On-chain',
      'Report: fake airdrop / drainer',
      'Report: phishing',
    ]);
    expect(embed.fields?.[0]?.value).toContain('Source: ofac-sdn (list of 2024-09-27)');
    expect(embed.fields?.[3]?.value).toBe(
      `<t:${Date.parse('2024-09-25T10:00:00Z') / 1000}:R> · ✅ verified by a moderator here`,
    );
    expect(embed.fields?.[4]?.value).toContain('⏸️ waiting for review: allowlisted address');
  });

  it('says a rejected or dismissed report does not count, a held one why it waits, and shows the history newest first', () => {
    const here = 'discord:80351110224678912';
    const at = (iso: string) => new Date(iso);
    const embed = renderDetailsEmbed(
      summary({ level: 'none', score: 0, reasons: [] }),
      [
        storedReport({ id: 1, status: 'dismissed', verifiedBy: 'discord:1', verifiedIn: here }),
        storedReport({ id: 2, status: 'rejected' }),
        storedReport({ id: 3, status: 'review', heldFor: 'new-account' }),
      ],
      here,
      null,
      [
        {
          event: 'reported',
          actorPlatform: 'discord',
          actorWeight: 'new',
          reportId: 3,
          category: 'phishing',
          note: null,
          at: at('2026-11-30T10:00:00Z'),
        },
        {
          event: 'appeal-filed',
          actorPlatform: 'api',
          actorWeight: null,
          reportId: null,
          category: null,
          note: null,
          at: at('2026-11-30T11:00:00Z'),
        },
        {
          event: 'appeal-upheld',
          actorPlatform: 'discord',
          actorWeight: null,
          reportId: null,
          category: null,
          note: '*x*',
          at: at('2026-11-30T12:00:00Z'),
        },
      ],
    );
    const values = embed.fields?.map((f) => f.value) ?? [];
    expect(values.join('\n')).not.toContain('verified');
    expect(values).toEqual(
      expect.arrayContaining([
        expect.stringContaining('🚫 dismissed when the owner’s appeal was upheld: does not count'),
        expect.stringContaining('🚫 rejected by a moderator: does not count'),
        expect.stringContaining('⏸️ waiting for review: new account'),
      ]),
    );
    expect(embed.fields?.find((f) => f.name === 'History (newest first)')?.value.split('\n')).toEqual([
      '• 2026-11-30 12:00 UTC · the appeal upheld by a moderator (discord): that community’s reports dismissed',
      '• 2026-11-30 11:00 UTC · the owner proved control and appealed (api)',
      '• 2026-11-30 10:00 UTC · reported as phishing from discord (new account or member)',
    ]);
  });

  it('says a verification from another, untrusted server counts as one report, without the check mark', () => {
    const elsewhere = storedReport({
      verifiedBy: 'discord:1400000000000000001',
      verifiedIn: 'discord:1200000000000000999',
    });
    const [field] = renderDetailsEmbed(summary(), [elsewhere], 'discord:1200000000000000001').fields!.slice(
      -1,
    );
    expect(field?.value).toBe(
      `<t:${Date.parse('2024-09-25T10:00:00Z') / 1000}:R> · by a moderator of another community, counts as one report`,
    );
    const trusted = { ...elsewhere, verifiedInTrusted: true };
    expect(renderDetailsEmbed(summary(), [trusted], null).fields!.at(-1)?.value).toContain(
      '✅ verified by a trusted community’s moderator',
    );
  });

  it('says when nobody has reported the address yet', () => {
    const embed = renderDetailsEmbed(summary(), [], null);
    expect(embed.fields?.at(-1)).toEqual({ name: 'Latest reports', value: 'No community reports yet.' });
  });

  it('escapes notes and shows evidence links in a code span, so neither pings nor links', () => {
    const embed = renderDetailsEmbed(
      summary(),
      [storedReport({ note: HOSTILE, evidence: 'https://evil.example/claim?x=`y`' })],
      null,
    );
    const value = embed.fields?.at(-1)?.value ?? '';
    expect(value).not.toMatch(/@everyone|@here|<@123>|<#789>/);
    expect(value).toContain('\\*\\*free\\*\\*');
    expect(value).toContain('\\[claim\\](`https://evil.example`)');
    expect(value).toContain('Evidence: `https://evil.example/claim?x=ˋyˋ`');
  });

  it('shows every link in a note as a code span, which Discord never makes clickable', () => {
    const embed = renderDetailsEmbed(
      summary(),
      [
        storedReport({
          note: 'they said go to https://evil.example/claim, or www.evil.example (see http://x.example)',
        }),
      ],
      null,
    );
    const value = embed.fields?.at(-1)?.value ?? '';
    expect(value).toContain(
      'they said go to `https://evil.example/claim,` or `www.evil.example` (see `http://x.example`)',
    );
    expect(value.replace(/`[^`]*`/g, '')).not.toMatch(/https?:\/\/|www\./);
  });

  it("stays within Discord's 6000 characters with long notes and many reasons", () => {
    const reasons = Array.from({ length: 11 }, () => ({
      code: 'scam-list' as const,
      text: 'x'.repeat(900),
      source: 'list long (list of 2024-01-01)',
    }));
    const reports = Array.from({ length: 5 }, (_, id) =>
      storedReport({ id, note: 'n'.repeat(500), evidence: `https://example.org/${'e'.repeat(280)}` }),
    );
    const embed = renderDetailsEmbed(summary({ reasons }), reports, null);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    expect(embed.fields?.length).toBeLessThanOrEqual(25);
    expect(embed.fields?.[0]?.name).toBe('Scam list');
  });
});

describe('renderReportReceiptEmbed', () => {
  it('confirms a new report and says when an allowlisted address waits for a moderator', () => {
    const embed = renderReportReceiptEmbed({
      report: storedReport({ status: 'review' }),
      created: true,
      status: 'review',
      category: 'phishing',
      heldFor: 'allowlisted',
    });
    expect(embed.title).toBe('✅ Report saved');
    expect(embed.description).toContain(`\`${TORNADO_CASH}\` reported as phishing.`);
    expect(embed.description).toContain('waits for a moderator');
  });
});

describe('renderSummaryEmbed with exposure (issue 18)', () => {
  it('titles a direct-exposure reason and escapes the list text in it', () => {
    const embed = renderSummaryEmbed(
      summary({
        level: 'high',
        reasons: [
          {
            code: 'exposure-sanctions',
            text: `Received 2 ETH directly from 0x098B…2f96 (ofac-sdn: ${HOSTILE}).`,
            source: 'ofac-sdn (2024-09-27); evm:1 trace_filter',
          },
        ],
      }),
    );
    const field = embed.fields?.find((f) => f.name === 'Funds from a sanctioned address');
    expect(field?.value).toContain('Received 2 ETH directly from 0x098B…2f96 (ofac-sdn: ');
    expect(field?.value).not.toMatch(/(^|[^\\])\*\*free/);
    expect(field?.value).toContain('\\[claim](https://evil.example)');
    expect(field?.value).not.toMatch(/@everyone|<@123>/);
  });
});
