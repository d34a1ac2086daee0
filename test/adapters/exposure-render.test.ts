/**
 * The trace answer as people read it, rendered alone: Telegram HTML parsed by the fake Bot API's
 * parser (Telegram's rules: an unescaped `<` or `&` fails), and the Discord embed checked against
 * Discord's limits. Labels come from lists, reports and token contracts, so they are hostile here:
 * HTML, markdown, mentions, links, bidi overrides and zero-width characters.
 */
import { describe, expect, it } from 'vitest';
import { EMBED_LIMITS, embedLength } from '../../src/adapters/discord/render.js';
import {
  DIAGRAM_FILE_NAME,
  renderExposureEmbed,
  renderTraceProblemEmbed,
} from '../../src/adapters/discord/render-exposure.js';
import { cleanForeign, formatAmount } from '../../src/adapters/exposure-presentation.js';
import { TELEGRAM_MAX_TEXT } from '../../src/adapters/telegram/render.js';
import {
  renderDiagramCaptionHtml,
  renderExposureHtml,
  renderTraceErrorHtml,
} from '../../src/adapters/telegram/render-exposure.js';
import type { ExposureHit } from '../../src/core/index.js';
import {
  exposure,
  LAZARUS,
  nthAddress,
  SCAMMER,
  SCREENED,
  sanctionedTwoHops,
  scamDirectOutgoing,
  txHash,
} from '../fixtures/exposure.js';
import { parseTelegramHtml } from '../support/fake-telegram.js';

const HOSTILE =
  '<b>FREE</b> & <a href="x">claim</a> @everyone <@123> [x](https://evil.example) \u202Eevil\u200B\u2066 https://evil.example/claim';

/** What a Telegram user sees (the HTML parsed as Telegram parses it), and its entities. */
function telegramText(html: string) {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(`Telegram would refuse this HTML: ${parsed.error}\n${html}`);
  return parsed;
}

const hostileHit = (extra: Partial<ExposureHit> = {}) =>
  sanctionedTwoHops({ entity: HOSTILE, source: `ofac-sdn ${HOSTILE}`, ...extra });

describe('Telegram: the trace answer', () => {
  it('puts the level first, then each hit as a sentence that follows the money, with full addresses and hashes', () => {
    const { text, entities } = telegramText(renderExposureHtml(exposure({ level: 'high' })));
    const lines = text.split('\n');
    expect(lines[0]).toBe('🔴 HIGH · funds traced 2 hops');
    expect(lines[1]).toBe(`${SCREENED} · Ethereum / EVM`);
    expect(lines[2]).toBe('2 flagged addresses within 2 hops: 1 direct, 1 indirect.');
    expect(text).toContain(
      '⛔ 2. Received 2 ETH from 0x12ab…cd34, which received 5 ETH from 0x9f8e…7d6c (ofac-sdn: LAZARUS GROUP (DPRK3)), 2 hops\n' +
        `   flagged address ${LAZARUS} · ofac-sdn (2024-09-27)\n` +
        `   tx ${txHash('a')} ${txHash('b')}`,
    );
    expect(text).toContain(
      '🚫 1. Sent 150.5 USDT directly to 0x5ca0…5ca0 (scam list mew-darklist: phishing)\n' +
        `   flagged address ${SCAMMER} · mew-darklist (2020-11-17)`,
    );
    // Copyable: the screened address first (buttons read it back), then each flagged address and hash.
    const codes = entities
      .filter((e) => e.type === 'code')
      .map((e) => text.slice(e.offset, e.offset + e.length));
    expect(codes[0]).toBe(SCREENED);
    expect(codes).toEqual(expect.arrayContaining([LAZARUS, SCAMMER, txHash('a'), txHash('b'), txHash('c')]));
    expect(text).toContain('evm:31337 otterscan');
    expect(text).toContain('1,204 transactions read');
  });

  it('lists the direct sanctioned hit before the indirect ones, and says dust does not raise the level', () => {
    const dust = scamDirectOutgoing({ dust: true, address: nthAddress(5), path: [SCREENED, nthAddress(5)] });
    const html = renderExposureHtml(
      exposure({
        hits: [
          dust,
          sanctionedTwoHops(),
          sanctionedTwoHops({
            hop: 1,
            path: [SCREENED, LAZARUS],
            steps: [{ from: LAZARUS, to: SCREENED, amount: '5', asset: 'ETH', transactions: [txHash('9')] }],
          }),
        ],
      }),
    );
    const { text } = telegramText(html);
    const first = text.indexOf('1. Received 5 ETH directly from 0x9f8e…7d6c');
    const indirect = text.indexOf('2. Received 2 ETH from 0x12ab…cd34');
    const third = text.indexOf('3. Sent 150.5 USDT');
    expect(first).toBeGreaterThan(0);
    expect(indirect).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(indirect);
    expect(text).toContain('Dust: too small to count, it does not raise the level');
    expect(text).toContain('1 dust only (not counted)');
  });

  it('says where tracing stopped and why, and that a partial answer is partial', () => {
    const { text } = telegramText(
      renderExposureHtml(
        exposure({
          complete: false,
          incomplete: ['node-unavailable', 'budget'],
          stoppedAt: [
            { address: nthAddress(1), reason: 'allowlisted', label: 'Binance 14' },
            { address: nthAddress(2), reason: 'busy', label: null },
          ],
        }),
      ),
    );
    expect(text).toContain('Tracing stopped at');
    expect(text).toContain('0x0000…0001 (Binance 14): a known service (allowlisted)');
    expect(text).toContain('0x0000…0002: too many transactions to be one person’s wallet');
    expect(text).toContain(
      'Partial: the chain node did not answer for some addresses; the time for a trace ran out before every address was read.',
    );
  });

  it('says plainly when nothing was found, and that this is no proof of clean funds', () => {
    const { text } = telegramText(renderExposureHtml(exposure({ hits: [], level: 'none', hops: 1 })));
    expect(text.split('\n')[0]).toBe('⚪ NONE · funds traced 1 hop');
    expect(text).toContain(
      'No sanctioned, scam-listed or reported address found among its direct counterparties.',
    );
    expect(text).toContain('it is not proof the funds are clean');
  });

  it('shows hostile list text as text: no tags, no links, no reversed or hidden characters', () => {
    const html = renderExposureHtml(
      exposure({
        hits: [
          hostileHit({
            steps: sanctionedTwoHops().steps.map((step) => ({ ...step, asset: '<i>USDT</i>\u202E' })),
          }),
        ],
        stoppedAt: [{ address: nthAddress(3), reason: 'allowlisted', label: HOSTILE }],
      }),
    );
    const { text, entities } = telegramText(html);
    expect(text).toContain('<b>FREE</b> & <a href="x">claim</a>');
    expect(text).toContain('<i>USDT</i>');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
    // Links in list text are in code entities, so Telegram makes none of them clickable.
    expect(entities.filter((e) => e.type === 'url' || e.type === 'text_link')).toEqual([]);
    expect(
      entities.some((e) => e.type === 'bold' && text.slice(e.offset, e.offset + e.length) === 'FREE'),
    ).toBe(false);
  });

  it('fits 4096 characters with hundreds of long-labelled hits and says how many were left out', () => {
    const hits = Array.from({ length: 300 }, (_, i) =>
      hostileHit({
        address: nthAddress(i + 100),
        path: [SCREENED, nthAddress(i + 1000), nthAddress(i + 100)],
        entity: `${'LONG NAME '.repeat(30)}${i}`,
        transactions: [txHash('d'), txHash('e'), txHash('f')],
      }),
    );
    const html = renderExposureHtml(
      exposure({
        hits,
        stoppedAt: Array.from({ length: 40 }, (_, i) => ({
          address: nthAddress(i + 5000),
          reason: 'busy' as const,
          label: 'x'.repeat(500),
        })),
        complete: false,
        incomplete: ['history-limit'],
      }),
    );
    const { text } = telegramText(html);
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(text).toMatch(/…and 2\d\d more flagged addresses/);
    expect(text).toContain('and 1 more'); // hashes past two per hit
    expect(text).toContain('…and 35 more'); // stops past five
    expect(text).toContain('Partial:');
  });

  it('captions the diagram within 1024 characters', () => {
    const { text } = telegramText(renderDiagramCaptionHtml(exposure({ level: 'severe' })));
    expect(text).toMatch(/^⛔ SEVERE · funds traced 2 hops\nPaths from 0x1111…1111 to the flagged addresses/);
    expect(text.length).toBeLessThanOrEqual(1024);
  });

  it('explains a trace that cannot start', () => {
    const { text } = telegramText(
      renderTraceErrorHtml({
        code: 'no-history-source',
        chain: 'bitcoin',
        reason: 'no Esplora server is configured (ESPLORA_URL)',
        hint: 'set ESPLORA_URL to trace Bitcoin addresses',
      }),
    );
    expect(text).toBe(
      '❌ Cannot trace this address\nNo Esplora server is configured (ESPLORA_URL).\nSet ESPLORA_URL to trace Bitcoin addresses.',
    );
  });
});

describe('Discord: the trace answer', () => {
  it('is one embed coloured by level: verdict, one field per hit, the diagram as its image', () => {
    const embed = renderExposureEmbed(exposure({ level: 'high' }), { diagram: true });
    expect(embed.title).toBe('🔴 HIGH · funds traced 2 hops');
    expect(embed.color).toBe(0xe74c3c);
    expect(embed.description).toContain(`\`${SCREENED}\` · Ethereum / EVM`);
    expect(embed.image).toEqual({ url: `attachment://${DIAGRAM_FILE_NAME}` });
    const [first, second] = embed.fields ?? [];
    expect(first?.name).toBe('1. scam list · direct · outgoing');
    expect(first?.value).toContain(
      'Sent 150.5 USDT directly to 0x5ca0…5ca0 (scam list mew-darklist: phishing)',
    );
    expect(second?.name).toBe('2. sanctioned · 2 hops · incoming');
    expect(second?.value).toContain(
      'Received 2 ETH from 0x12ab…cd34, which received 5 ETH from 0x9f8e…7d6c (ofac-sdn: LAZARUS GROUP (DPRK3)), 2 hops',
    );
    expect(second?.value).toContain(`Flagged address \`${LAZARUS}\` · ofac-sdn (2024-09-27)`);
    expect(second?.value).toContain(`\`${txHash('a')}\``);
    expect(embed.fields?.at(-1)).toEqual({
      name: 'What to do',
      value: expect.stringContaining('sanctioned'),
    });
    expect(embed.footer?.text).toContain('1,204 transactions read');
    expect(renderExposureEmbed(exposure()).image).toBeUndefined();
  });

  it('neither pings nor renders markdown or links from list text', () => {
    const embed = renderExposureEmbed(
      exposure({
        hits: [hostileHit()],
        stoppedAt: [{ address: nthAddress(3), reason: 'allowlisted', label: HOSTILE }],
      }),
    );
    const all = JSON.stringify(embed);
    expect(all).not.toContain('@everyone');
    expect(all).not.toContain('<@123>');
    expect(all).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // The link is a code span, never a masked link.
    expect(embed.fields?.[0]?.value).toContain('\\[x\\](`https://evil.example`)');
    expect(embed.fields?.[0]?.value).not.toMatch(/(?<!\\)\[x\]\(/);
  });

  it('stays within Discord’s embed limits with hundreds of hits', () => {
    const hits = Array.from({ length: 300 }, (_, i) =>
      hostileHit({ address: nthAddress(i + 100), entity: `${'N'.repeat(900)}${i}` }),
    );
    const embed = renderExposureEmbed(
      exposure({
        hits,
        stoppedAt: Array.from({ length: 30 }, (_, i) => ({
          address: nthAddress(i),
          reason: 'busy' as const,
          label: 'y'.repeat(300),
        })),
      }),
      { diagram: true },
    );
    expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embed.fields?.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
      expect(field.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
    }
    expect(embed.fields?.some((f) => /^…and 2\d\d more flagged addresses$/.test(f.name))).toBe(true);
  });

  it('explains a trace that cannot start', () => {
    const embed = renderTraceProblemEmbed({
      code: 'invalid-address',
      input: '0x@everyone',
      reason: 'has a character no address has',
      hint: 'an EVM address is 0x and 40 hex digits',
    });
    expect(embed.title).toBe('❔ Not a valid address');
    expect(embed.description).toBe('`0x@everyone`: Has a character no address has.');
  });
});

describe('amounts and foreign text', () => {
  it.each([
    ['2', '2'],
    ['1234567.1234567', '1,234,567.123456'],
    ['0.0000001', '<0.000001'],
    ['0.50', '0.5'],
    ['007', '7'],
    ['not a number <b>', 'not a number <b>'],
  ])('shows %s as %s', (amount, shown) => {
    expect(formatAmount(amount)).toBe(shown);
  });

  it('drops controls, bidi and zero-width characters and line breaks from list text', () => {
    expect(cleanForeign('a\u202Eb\u200Bc\nd\u0000e\u2067f')).toBe('abc def');
  });
});
