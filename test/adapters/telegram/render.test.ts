import { describe, expect, it } from 'vitest';
import { LEVEL_ADVICE } from '../../../src/adapters/presentation.js';
import {
  escapeHtml,
  renderDetailsHtml,
  renderErrorHtml,
  renderGroupWarningHtml,
  renderSummaryHtml,
} from '../../../src/adapters/telegram/render.js';
import type { RiskSummary, StoredReport } from '../../../src/core/index.js';
import { DARKLIST_ENTRY, EIP55_ADDRESSES } from '../../fixtures/telegram/addresses.js';
import { parseTelegramHtml } from '../../support/fake-telegram.js';

const HOSTILE = '<b>free</b> & <a href="https://evil.example/?a=1&b=2">claim</a>';

function summary(overrides: Partial<RiskSummary> = {}): RiskSummary {
  return {
    input: DARKLIST_ENTRY.address,
    address: '0x09750Ad360fDB7a2ee23669C4503C974d86D8694',
    chain: 'evm',
    network: 'mainnet',
    level: 'high',
    score: 80,
    reasons: [
      {
        code: 'scam-list',
        text: `On public scam list mew-darklist as phishing: ${HOSTILE}.`,
        source: 'mew-darklist (list of "2020-11-17")',
      },
      {
        code: 'community-reports',
        text: '3 community reports (phishing ×2, fake airdrop / drainer), latest today.',
        source: 'community',
      },
    ],
    reports: { total: 3, verified: 0, categories: { phishing: 2, 'fake-airdrop': 1 } },
    sanctioned: false,
    lookalikes: [],
    onchain: null,
    ...overrides,
  };
}

/** What Telegram would show: the HTML must parse, and the text is what a person reads. */
function shown(html: string) {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(`Telegram would refuse this HTML: ${parsed.error}\n${html}`);
  return parsed;
}

describe('renderSummaryHtml', () => {
  it('names the new chains and says which other spellings are the same address (issue 17)', () => {
    const ton = summary({
      address: 'UQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi41-E',
      chain: 'ton',
      otherForms: [
        { chain: 'ton', address: 'EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB', form: 'bounceable' },
        {
          chain: 'ton',
          address: '0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3',
          form: 'raw',
        },
      ],
    });
    const { text, entities } = shown(renderSummaryHtml(ton));
    expect(text.split('\n')[1]).toBe('UQAs9V…41-E · TON');
    expect(text).toContain(
      'Same TON account as EQAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4wJB (bounceable form) and 0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3 (raw form).',
    );
    // The buttons read the address back from the first <code>: it stays the shown form.
    const code = entities.find((e) => e.type === 'code');
    expect(code && text.slice(code.offset, code.offset + code.length)).toBe(ton.address);

    const legacy = summary({
      address: '18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB',
      chain: 'bitcoin',
      otherForms: [
        {
          chain: 'bitcoin-cash',
          address: 'bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay',
          form: 'cashaddr',
        },
      ],
    });
    expect(shown(renderSummaryHtml(legacy)).text).toContain(
      'Also a Bitcoin Cash address: bitcoincash:qpgf0ztxq3mwfq6eg5versgfdzq9c3pwv5jsk6wnay.',
    );
    for (const [chain, label] of [
      ['litecoin', 'Litecoin'],
      ['bitcoin-cash', 'Bitcoin Cash'],
      ['dogecoin', 'Dogecoin'],
    ] as const) {
      expect(shown(renderSummaryHtml(summary({ chain }))).text.split('\n')[1]).toBe(`0x0975…8694 · ${label}`);
    }
  });

  it('puts the level, emoji and score first, then the short address and chain', () => {
    const lines = shown(renderSummaryHtml(summary())).text.split('\n');
    expect(lines[0]).toBe('🔴 HIGH · 80/100');
    expect(lines[1]).toBe('0x0975…8694 · Ethereum / EVM');
  });

  it('escapes hostile list labels and sources so they show as text, not markup', () => {
    const html = renderSummaryHtml(summary());
    expect(html).not.toContain('<b>free');
    expect(html).not.toContain('<a href');
    expect(html).toContain(
      '&lt;b&gt;free&lt;/b&gt; &amp; &lt;a href=&quot;https://evil.example/?a=1&amp;b=2&quot;&gt;',
    );
    const { text, entities } = shown(html);
    expect(text).toContain(HOSTILE);
    expect(text).toContain('(mew-darklist (list of "2020-11-17"))');
    expect(entities.some((e) => e.type === 'text_link')).toBe(false);
  });

  it('shows report counts by category and the full address as the first code entity', () => {
    const { text, entities } = shown(renderSummaryHtml(summary()));
    expect(text).toContain('3 community reports (phishing ×2, fake airdrop / drainer)');
    const code = entities.find((e) => e.type === 'code');
    expect(code && text.slice(code.offset, code.offset + code.length)).toBe(
      '0x09750Ad360fDB7a2ee23669C4503C974d86D8694',
    );
  });

  it('ends with the advice for the level', () => {
    const lines = shown(renderSummaryHtml(summary({ level: 'none', score: 0 }))).text.split('\n');
    expect(lines.at(-1)).toBe(LEVEL_ADVICE.none);
  });

  it('stays under Telegram’s 4096-character limit when a list gives very many long reasons', () => {
    const reasons = Array.from({ length: 60 }, (_, i) => ({
      code: 'scam-list' as const,
      text: `${i} ${'<&>'.repeat(400)}`,
      source: `list-${i}`,
    }));
    const { text } = shown(renderSummaryHtml(summary({ reasons })));
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain('…and 52 more: tap Details');
  });

  it('adds the on-chain line when a node answered', () => {
    const { text } = shown(
      renderSummaryHtml(
        summary({
          onchain: {
            available: true,
            source: 'evm:1',
            isContract: true,
            txCount: 1204,
            balance: '0',
            name: null,
          },
        }),
      ),
    );
    expect(text).toContain('• On-chain: contract, 1,204 transactions (evm:1)');
  });
});

describe('renderErrorHtml', () => {
  it('quotes a hostile input escaped, with the core’s reason and the hint', () => {
    const html = renderErrorHtml({
      code: 'invalid-address',
      input: '<a href="x">0x12</a>',
      reason: 'has 2 hex characters after 0x, an EVM address has 40',
      hint: 'An EVM address is 0x followed by 40 hex characters.',
    });
    expect(html).toContain('&lt;a href=&quot;x&quot;&gt;0x12&lt;/a&gt;');
    expect(shown(html).text).toBe(
      '❌ Not a valid address\n“<a href="x">0x12</a>” has 2 hex characters after 0x, an EVM address has 40.\nAn EVM address is 0x followed by 40 hex characters.',
    );
  });

  it('escapes a category the user typed', () => {
    const { text } = shown(
      renderErrorHtml({
        code: 'invalid-category',
        input: '<b>',
        reason: '"<b>" is not a report category',
        hint: 'one of: phishing, other',
      }),
    );
    expect(text).toBe(
      '❌ Unknown report category\n"<b>" is not a report category.\nOne of: phishing, other.',
    );
  });
});

describe('renderDetailsHtml', () => {
  it('lists every reason with its source and the latest reports with escaped notes', () => {
    const report: StoredReport = {
      id: 1,
      addressKey: DARKLIST_ENTRY.address,
      address: '0x09750Ad360fDB7a2ee23669C4503C974d86D8694',
      chain: 'evm',
      category: 'phishing',
      note: `DM from "support" ${HOSTILE}`,
      evidence: 'https://example.org/?a=<script>',
      reporter: 'telegram:42',
      source: 'telegram',
      community: 'telegram:-100777',
      verifiedBy: 'telegram:7',
      verifiedIn: 'telegram:-100777',
      status: 'active',
      weight: 'ordinary',
      heldFor: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      createdAt: new Date('2024-05-01T10:00:00Z'),
      updatedAt: new Date('2024-05-02T10:00:00Z'),
    };
    const html = renderDetailsHtml(summary(), [report], 'telegram:-100777');
    expect(html).not.toContain('<script>');
    const { text } = shown(html);
    expect(text).toContain('source: mew-darklist (list of "2020-11-17")');
    expect(text).toContain(
      `• 2024-05-02 · phishing (verified by a moderator here): DM from "support" ${HOSTILE}`,
    );
    // In a private chat (or another group) an untrusted group's verification is one report.
    expect(shown(renderDetailsHtml(summary(), [report], null)).text).toContain(
      '(by a moderator of another community, counts as one report)',
    );
    expect(text).toContain('evidence: https://example.org/?a=<script>');
    expect(text).not.toContain('telegram:42');
  });

  it('links to the address’s web page when PUBLIC_URL is set, and not otherwise', () => {
    const url = 'https://chainwarden.example/a/0x8589427373D6D84E98730D7795D8f6f8731FDA16';
    const html = renderDetailsHtml(summary(), [], null, url);
    expect(html).toContain(`<a href="${url}">Open this address on the web</a>`);
    expect(shown(html).text).toContain('Open this address on the web');
    expect(renderDetailsHtml(summary(), [], null)).not.toContain('<a href');
  });

  /** The ten reports the Details button fetches, newest first as the store lists them, each with a
   * note and evidence at the core's maximum length (500 and 300) written to expand when escaped. */
  function longReports(): StoredReport[] {
    return Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      addressKey: DARKLIST_ENTRY.address,
      address: '0x09750Ad360fDB7a2ee23669C4503C974d86D8694',
      chain: 'evm' as const,
      category: 'fake-airdrop' as const,
      note: `report-${i} ${'<&>'.repeat(200)}`.slice(0, 500),
      evidence: `https://example.org/${i}?q=${'&'.repeat(300)}`.slice(0, 300),
      reporter: `telegram:${100 + i}`,
      source: 'telegram',
      community: null,
      verifiedBy: 'telegram:7',
      status: 'review' as const,
      weight: 'ordinary' as const,
      heldFor: 'allowlisted' as const,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      createdAt: new Date(Date.UTC(2024, 4, 20 - i)),
      updatedAt: new Date(Date.UTC(2024, 4, 20 - i)),
    }));
  }

  it('stays under Telegram’s 4096-character limit for ten long reports, dropping the oldest first', () => {
    const { text } = shown(renderDetailsHtml(summary(), longReports(), null));
    expect(text.length).toBeLessThanOrEqual(4096);
    const shownReports = Array.from({ length: 10 }, (_, i) => text.includes(`report-${i} `));
    const kept = shownReports.filter(Boolean).length;
    // The newest ones stay, in order, and only the oldest give way.
    expect(shownReports).toEqual(Array.from({ length: 10 }, (_, i) => i < kept));
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(10);
    const lines = text.split('\n');
    expect(lines).toContain(`…and ${10 - kept} more ${10 - kept === 1 ? 'report' : 'reports'}`);
    expect(text).toContain(
      '• 2024-05-20 · fake airdrop / drainer (by a moderator of another community, counts as one report, waiting for review: allowlisted address)',
    );
    expect(text).toContain('source: mew-darklist (list of "2020-11-17")');
    expect(lines.at(-1)).toBe(LEVEL_ADVICE.high);
  });

  it('still fits when the reasons alone are too many, saying how many it left out', () => {
    const reasons = Array.from({ length: 40 }, (_, i) => ({
      code: 'scam-list' as const,
      text: `reason-${i} ${'<&>'.repeat(200)}`,
      source: `list-${i}`,
    }));
    const { text } = shown(renderDetailsHtml(summary({ reasons }), longReports(), null));
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain('reason-0 ');
    expect(text).not.toContain('reason-39 ');
    expect(text).toMatch(/\n…and \d+ more reasons\n/);
    expect(text).toContain('…and 10 more reports');
    expect(text.split('\n').at(-1)).toBe(LEVEL_ADVICE.high);
  });
});

describe('renderGroupWarningHtml', () => {
  it('names each risky address in code with its first reason, escaped', () => {
    const { text } = shown(renderGroupWarningHtml([summary()], { deleted: false }));
    expect(text).toContain('🔴 HIGH 0x09750Ad360fDB7a2ee23669C4503C974d86D8694');
    expect(text).toContain(HOSTILE);
  });
});

describe('escapeHtml', () => {
  it('escapes &, <, > and "', () => {
    expect(escapeHtml(`<a href="${EIP55_ADDRESSES[0]}">&</a>`)).toBe(
      `&lt;a href=&quot;${EIP55_ADDRESSES[0]}&quot;&gt;&amp;&lt;/a&gt;`,
    );
  });
});

describe('renderSummaryHtml with exposure (issue 18)', () => {
  it('shows a direct-exposure reason in the issue’s words, with list text escaped', () => {
    const exposed = summary({
      level: 'high',
      reasons: [
        {
          code: 'exposure-sanctions',
          text: `Received 2 ETH directly from 0x098B…2f96 (ofac-sdn: ${HOSTILE}).`,
          source: 'ofac-sdn (2024-09-27); evm:1 trace_filter',
        },
      ],
    });
    const { text, entities } = shown(renderSummaryHtml(exposed));
    expect(text).toContain(`• Received 2 ETH directly from 0x098B…2f96 (ofac-sdn: ${HOSTILE}).`);
    // The list's text is shown as text: its link and bold tags are not.
    expect(entities.some((e) => e.type === 'text_link')).toBe(false);
  });
});
