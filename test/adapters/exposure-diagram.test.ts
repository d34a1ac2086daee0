/**
 * The trace diagram: an SVG made from an Exposure (parsed here with a strict XML parser, so text
 * from lists can never become markup), bounded in size, and drawn to a PNG by resvg with the bundled
 * font within Telegram's photo limits (at most 10 MB, width + height at most 10,000, ratio at most 20).
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { PHOTO_LIMITS, renderPng } from '../../src/adapters/diagram-png.js';
import { escapeXml, MAX_DIAGRAM_NODES, renderExposureSvg } from '../../src/adapters/exposure-diagram.js';
import type { ExposureHit } from '../../src/core/index.js';
import {
  exposure,
  nthAddress,
  OUT_VIA,
  SCREENED,
  sanctionedTwoHops,
  scamDirectOutgoing,
} from '../fixtures/exposure.js';
import { pngSize } from '../support/fake-telegram.js';

interface ParsedSvg {
  elements: string[];
  texts: string[];
  root: Record<string, string>;
}

/** Parses `svg` strictly (saxes throws on anything that is not well-formed XML). */
function parseSvg(svg: string): ParsedSvg {
  const parser = new SaxesParser({ xmlns: false });
  const out: ParsedSvg = { elements: [], texts: [], root: {} };
  let inText = false;
  let current = '';
  parser.on('opentag', (tag) => {
    if (out.elements.length === 0) out.root = tag.attributes as Record<string, string>;
    out.elements.push(tag.name);
    if (tag.name === 'text') {
      inText = true;
      current = '';
    }
  });
  parser.on('text', (text) => {
    if (inText) current += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'text') {
      inText = false;
      out.texts.push(current);
    }
  });
  parser.write(svg).close();
  return out;
}

const HOSTILE_NAME = '</text><script>alert(1)</script><text>&amp; "q" \'a\' \u202Egnp.exe\u200B \u0000\u0007';

describe('renderExposureSvg', () => {
  it('draws the screened address, the intermediary and the flagged address, with amounts on the arrows', () => {
    const { svg, drawn, omitted } = renderExposureSvg(exposure());
    const parsed = parseSvg(svg);
    expect(parsed.elements[0]).toBe('svg');
    expect(parsed.texts).toEqual(
      expect.arrayContaining([
        'MEDIUM · funds traced 2 hops · 0x1111…1111',
        '0x1111…1111',
        'screened address',
        '0x12ab…cd34',
        'intermediary',
        '0x9f8e…7d6c',
        'LAZARUS GROUP (DPRK3)',
        'sanctioned · ofac-sdn (2024-09-27)',
        '0x5ca0…5ca0',
        'phishing',
        '2 ETH',
        '5 ETH',
        '150.5 USDT',
      ]),
    );
    expect(parsed.elements.filter((e) => e === 'line')).toHaveLength(3);
    expect([drawn, omitted]).toEqual([2, 0]);
  });

  it('keeps hostile list text as text: well-formed XML, no script element, no bidi override', () => {
    const hit = sanctionedTwoHops({
      entity: HOSTILE_NAME,
      source: HOSTILE_NAME,
      steps: sanctionedTwoHops().steps.map((s) => ({ ...s, asset: '<tspan>X</tspan>' })),
    });
    const { svg } = renderExposureSvg(exposure({ hits: [hit] }));
    const parsed = parseSvg(svg);
    expect(parsed.elements).not.toContain('script');
    expect(parsed.elements).not.toContain('tspan');
    expect(parsed.texts.some((t) => t.startsWith('</text><script>alert(1)</script>'))).toBe(true);
    expect(parsed.texts.some((t) => t.startsWith('2 <tspan>X</tspan>'))).toBe(true);
    for (const hidden of ['\u202E', '\u200B', '\u0000', '\u0007']) expect(svg).not.toContain(hidden);
  });

  it('escapes the five XML characters and drops what XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\uFFFE\uD800`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    );
  });

  it(`draws at most ${MAX_DIAGRAM_NODES} addresses besides the screened one and counts the flagged ones left out`, () => {
    const hits: ExposureHit[] = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? sanctionedTwoHops({
            address: nthAddress(1000 + i),
            path: [SCREENED, nthAddress(2000 + i), nthAddress(1000 + i)],
            steps: [
              { from: nthAddress(2000 + i), to: SCREENED, amount: '1', asset: 'ETH', transactions: [] },
              {
                from: nthAddress(1000 + i),
                to: nthAddress(2000 + i),
                amount: '3',
                asset: 'ETH',
                transactions: [],
              },
            ],
          })
        : scamDirectOutgoing({
            address: nthAddress(3000 + i),
            path: [SCREENED, nthAddress(3000 + i)],
            steps: [
              { from: SCREENED, to: nthAddress(3000 + i), amount: '1', asset: 'ETH', transactions: [] },
            ],
          }),
    );
    const { svg, drawn, omitted, width, height } = renderExposureSvg(exposure({ hits }));
    const parsed = parseSvg(svg);
    // The screened address plus at most MAX_DIAGRAM_NODES others: one rounded box each.
    const boxes = (svg.match(/<rect [^>]*rx="6"/g) ?? []).length;
    expect(boxes).toBeLessThanOrEqual(MAX_DIAGRAM_NODES + 1);
    expect(drawn + omitted).toBe(40);
    expect(omitted).toBeGreaterThan(0);
    expect(parsed.texts).toContain(`+${omitted} more flagged addresses not drawn: see the reply.`);
    expect(Number(parsed.root.width)).toBe(width);
    expect(width + height).toBeLessThan(3000);
  });

  it('draws an outgoing path below the screened address with the arrow towards the flagged address', () => {
    const hit = sanctionedTwoHops({
      direction: 'outgoing',
      path: [SCREENED, OUT_VIA, nthAddress(9)],
      address: nthAddress(9),
      steps: [
        { from: SCREENED, to: OUT_VIA, amount: '4', asset: 'ETH', transactions: [] },
        { from: OUT_VIA, to: nthAddress(9), amount: '3', asset: 'ETH', transactions: [] },
      ],
    });
    const { svg } = renderExposureSvg(exposure({ hits: [hit] }));
    const lines = [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/g)].map(
      (m) => m.slice(1).map(Number),
    );
    expect(lines).toHaveLength(2);
    // Funds flow downwards: every arrow ends below where it starts.
    for (const [, y1, , y2] of lines) expect(y2!).toBeGreaterThan(y1!);
  });
});

describe('renderPng', () => {
  it('draws the diagram as a PNG at twice its size, within Telegram’s photo limits', async () => {
    const diagram = renderExposureSvg(exposure());
    const image = await renderPng(diagram.svg);
    expect(pngSize(image.png)).toEqual({ width: diagram.width * 2, height: diagram.height * 2 });
    expect(image.png.length).toBeLessThan(PHOTO_LIMITS.maxBytes);
    expect(image.width + image.height).toBeLessThanOrEqual(PHOTO_LIMITS.maxWidthPlusHeight);
  });

  it('keeps the largest diagram within the limits, hostile text included', async () => {
    const hits = Array.from({ length: 60 }, (_, i) =>
      sanctionedTwoHops({
        address: nthAddress(100 + i),
        entity: `${HOSTILE_NAME} ${'W'.repeat(200)}`,
        direction: i % 2 === 0 ? 'incoming' : 'outgoing',
        path: [SCREENED, nthAddress(500 + i), nthAddress(100 + i)],
        steps: [],
      }),
    );
    const diagram = renderExposureSvg(exposure({ hits }));
    const image = await renderPng(diagram.svg);
    const size = pngSize(image.png);
    expect(size).not.toBeNull();
    expect(size!.width + size!.height).toBeLessThanOrEqual(PHOTO_LIMITS.maxWidthPlusHeight);
    expect(Math.max(size!.width / size!.height, size!.height / size!.width)).toBeLessThanOrEqual(20);
    expect(image.png.length).toBeLessThan(PHOTO_LIMITS.maxBytes);
  });

  it('scales a picture down rather than pass width + height 10,000', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><rect width="10" height="10"/></svg>';
    const image = await renderPng(svg);
    expect(image.width + image.height).toBeLessThanOrEqual(PHOTO_LIMITS.maxWidthPlusHeight);
    expect(image.width / image.height).toBeCloseTo(4 / 3, 2);
  });
});
