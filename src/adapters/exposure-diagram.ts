/**
 * The picture of a trace: a pure function from an Exposure to an SVG document. Funds flow from top
 * to bottom, so the picture is taller than wide and reads on a phone: the addresses money came from
 * on top (flagged sources two levels up, the intermediaries they paid just above), the screened
 * address in the middle, and where its money went below. Amounts sit on the arrows; flagged
 * addresses are coloured by kind (sanctioned, scam list, reported) with their name from the list;
 * dust arrows and boxes are dashed.
 *
 * Bounded: at most MAX_DIAGRAM_NODES addresses besides the screened one and MAX_ROWS per level;
 * the flagged addresses that did not fit are counted in a "+K more" line. Every text (a list's
 * label, a token's symbol) is cleaned and XML-escaped, so nothing from outside becomes markup.
 * The same SVG serves the web page; the bots send it as a PNG (diagram-png.ts). Laid out for a
 * monospaced font (DIAGRAM_FONT_FAMILY), whose fixed advance lets text be fitted to its box here.
 */
import { type Exposure, type ExposureHit, type ExposureKind, shortAddress } from '../core/index.js';
import { DIAGRAM_FONT_FAMILY } from './diagram-png.js';
import { amountText, cleanForeign, exposureTitle, KIND_NOUN, orderedHits } from './exposure-presentation.js';
import { truncate } from './presentation.js';

/** Addresses drawn besides the screened one; past it, flagged addresses are counted, not drawn. */
export const MAX_DIAGRAM_NODES = 12;
/** Addresses side by side on one level at most. */
export const MAX_ROWS = 4;

const NODE_W = 250;
const NODE_H = 62;
const GAP_X = 24;
const GAP_Y = 64;
const PAD = 20;
const HEADER_H = 44;
const FOOTER_H = 64;
const MIN_WIDTH = 480;
/** DejaVu Sans Mono advances every glyph by 1233/2048 em. */
const ADVANCE = 1233 / 2048;

const chars = (px: number, fontSize: number) => Math.floor(px / (fontSize * ADVANCE));

const STYLE: Record<ExposureKind | 'screened' | 'via', { fill: string; stroke: string; caption: string }> = {
  screened: { fill: '#e8f0fe', stroke: '#1a56c4', caption: 'screened address' },
  via: { fill: '#f3f3f3', stroke: '#8a8a8a', caption: 'intermediary' },
  sanctions: { fill: '#fde8e8', stroke: '#b3141b', caption: KIND_NOUN.sanctions },
  scam: { fill: '#fff0e0', stroke: '#c25100', caption: KIND_NOUN.scam },
  reports: { fill: '#fff9db', stroke: '#a07800', caption: KIND_NOUN.reports },
};

/**
 * XML text: the five special characters as entities, and characters XML 1.0 does not allow (C0
 * controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF) removed, so the document always parses.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface DiagramNode {
  key: string;
  address: string;
  column: number;
  row: number;
  style: keyof typeof STYLE;
  /** Second and third lines: for a flagged address its name and what it is. */
  lines: [string, string];
  dust: boolean;
}

interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  dust: boolean;
}

export interface ExposureDiagram {
  svg: string;
  width: number;
  height: number;
  /** Flagged addresses drawn, and left out for room. */
  drawn: number;
  omitted: number;
}

/** The diagram of `exposure`'s paths. An exposure without hits gives a picture of the screened address alone. */
export function renderExposureSvg(exposure: Exposure): ExposureDiagram {
  const nodes = new Map<string, DiagramNode>();
  const edges = new Map<string, DiagramEdge>();
  const rows = new Map<number, number>();
  const screenedKey = `0:${exposure.address}`;
  nodes.set(screenedKey, {
    key: screenedKey,
    address: exposure.address,
    column: 0,
    row: 0,
    style: 'screened',
    lines: ['screened address', `${exposure.hops === 1 ? '1 hop' : `${exposure.hops} hops`} traced`],
    dust: false,
  });
  rows.set(0, 1);

  let drawn = 0;
  let omitted = 0;
  for (const hit of orderedHits(exposure.hits)) {
    const placed = placeHit(hit, exposure.address, nodes, rows);
    if (!placed) {
      omitted += 1;
      continue;
    }
    drawn += 1;
    for (const edge of placed)
      if (!edges.has(`${edge.from}>${edge.to}`)) edges.set(`${edge.from}>${edge.to}`, edge);
  }

  // A "column" is a level of the picture: -2 and -1 above the screened address (0), 1 and 2 below.
  const columns = [...new Set([...nodes.values()].map((n) => n.column))].sort((a, b) => a - b);
  const maxRows = Math.max(...rows.values());
  const width = Math.max(MIN_WIDTH, PAD * 2 + maxRows * NODE_W + (maxRows - 1) * GAP_X);
  const height = HEADER_H + columns.length * NODE_H + (columns.length - 1) * GAP_Y + FOOTER_H + PAD;
  const position = (node: DiagramNode) => {
    const inLevel = rows.get(node.column) ?? 1;
    const levelWidth = inLevel * NODE_W + (inLevel - 1) * GAP_X;
    return {
      x: (width - levelWidth) / 2 + node.row * (NODE_W + GAP_X),
      y: HEADER_H + columns.indexOf(node.column) * (NODE_H + GAP_Y),
    };
  };

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${DIAGRAM_FONT_FAMILY}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(
      PAD,
      28,
      fitText(`${titleText(exposure)} · ${shortAddress(exposure.address)}`, width - 2 * PAD, 15),
      {
        size: 15,
        bold: true,
      },
    ),
  ];

  for (const edge of edges.values()) {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    if (!from || !to) continue;
    const a = position(from);
    const b = position(to);
    const [x1, y1] = [a.x + NODE_W / 2, a.y + NODE_H];
    const [x2, y2] = [b.x + NODE_W / 2, b.y];
    const dash = edge.dust ? ' stroke-dasharray="5 4"' : '';
    parts.push(
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${edge.dust ? '#9a9a9a' : '#444'}" stroke-width="1.6"${dash} marker-end="url(#arrow)"/>`,
    );
    const label = fitText(edge.label, NODE_W - 20, 11);
    const labelWidth = [...label].length * 11 * ADVANCE + 6;
    // Nearer the end away from the screened address, where arrows spread out, so labels do not meet.
    const t = from.column === 0 ? 0.62 : to.column === 0 ? 0.38 : 0.5;
    const [mx, my] = [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t];
    parts.push(
      `<rect x="${round(mx - labelWidth / 2)}" y="${round(my - 8)}" width="${round(labelWidth)}" height="15" fill="#ffffff" fill-opacity="0.92"/>`,
      text(mx, my + 4, label, { size: 11, anchor: 'middle', fill: edge.dust ? '#777777' : '#222222' }),
    );
  }

  for (const node of nodes.values()) {
    const { x, y } = position(node);
    const style = STYLE[node.style];
    const dash = node.dust ? ' stroke-dasharray="5 4"' : '';
    parts.push(
      `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${node.style === 'screened' ? 2.5 : 1.6}"${dash}/>`,
      text(x + 8, y + 18, fitText(shortAddress(node.address), NODE_W - 16, 13), { size: 13, bold: true }),
      text(x + 8, y + 36, fitText(node.lines[0], NODE_W - 16, 11), { size: 11, fill: style.stroke }),
      text(x + 8, y + 52, fitText(node.lines[1], NODE_W - 16, 11), { size: 11, fill: '#555555' }),
    );
  }

  const footerY = height - PAD - FOOTER_H + 24;
  let legendX = PAD;
  for (const kind of ['sanctions', 'scam', 'reports', 'via'] as const) {
    const style = STYLE[kind];
    parts.push(
      `<rect x="${legendX}" y="${footerY - 10}" width="12" height="12" fill="${style.fill}" stroke="${style.stroke}"/>`,
      text(legendX + 18, footerY, style.caption, { size: 11 }),
    );
    legendX += 18 + Math.ceil(style.caption.length * 11 * ADVANCE) + 18;
  }
  const notes = [
    'Arrows follow the funds; dashed: dust, not counted.',
    omitted > 0
      ? `+${omitted} more flagged ${omitted === 1 ? 'address' : 'addresses'} not drawn: see the reply.`
      : null,
  ].filter((note) => note !== null);
  notes.forEach((note, i) => {
    parts.push(
      text(PAD, footerY + 18 * (i + 1), fitText(note, width - 2 * PAD, 11), {
        size: 11,
        fill: i === 0 ? '#555555' : '#111111',
        bold: i > 0,
      }),
    );
  });
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height, drawn, omitted };
}

/** The verdict without its emoji (the font has none): `SEVERE · funds traced 2 hops`. */
function titleText(exposure: Exposure): string {
  return exposureTitle(exposure).replace(/^\S+\s/, '');
}

/**
 * Places a hit's path (screened address first) into columns, on the incoming side (left, negative
 * columns) or the outgoing side (right). Returns its edges, or null when its new addresses would
 * pass MAX_DIAGRAM_NODES or MAX_ROWS; then nothing of it is placed.
 */
function placeHit(
  hit: ExposureHit,
  screened: string,
  nodes: Map<string, DiagramNode>,
  rows: Map<number, number>,
): DiagramEdge[] | null {
  const side = hit.direction === 'incoming' ? -1 : 1;
  const path = hit.path.length >= 2 ? hit.path : [screened, hit.address];
  const keyAt = (index: number) => (index === 0 ? `0:${screened}` : `${side * index}:${path[index]}`);
  const fresh = path
    .map((address, index) => ({ address, index, key: keyAt(index) }))
    .filter(({ index, key }) => index > 0 && !nodes.has(key));
  const addedPerColumn = new Map<number, number>();
  for (const { index } of fresh)
    addedPerColumn.set(side * index, (addedPerColumn.get(side * index) ?? 0) + 1);
  if (nodes.size - 1 + fresh.length > MAX_DIAGRAM_NODES) return null;
  for (const [column, added] of addedPerColumn) if ((rows.get(column) ?? 0) + added > MAX_ROWS) return null;

  for (const { address, index, key } of fresh) {
    const column = side * index;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    const flagged = index === path.length - 1;
    const name = hit.kind === 'sanctions' ? (hit.entity ?? hit.label) : hit.label;
    nodes.set(key, {
      key,
      address,
      column,
      row,
      style: flagged ? hit.kind : 'via',
      lines: flagged
        ? [
            cleanForeign(name ?? KIND_NOUN[hit.kind]),
            `${KIND_NOUN[hit.kind]} · ${cleanForeign(hit.source, 60)}`,
          ]
        : ['intermediary', ''],
      dust: flagged && hit.dust,
    });
  }

  const steps =
    hit.steps.length > 0
      ? hit.steps
      : [
          {
            from: side < 0 ? hit.address : screened,
            to: side < 0 ? screened : hit.address,
            amount: hit.amount,
            asset: hit.asset,
          },
        ];
  return steps.slice(0, path.length - 1).map((step, index) => {
    // Step i joins path[i] and path[i+1]; the arrow follows the funds (from the step's sender).
    const [near, far] = [keyAt(index), keyAt(index + 1)];
    const forward = step.from === path[index];
    const isDustEdge = hit.dust && index === path.length - 2;
    return {
      from: forward ? near : far,
      to: forward ? far : near,
      label: amountText(step.amount, step.asset),
      dust: isDustEdge,
    };
  });
}

/** `text` cut to what fits `px` at `fontSize` in the monospaced font. */
function fitText(value: string, px: number, fontSize: number): string {
  return truncate(value, Math.max(1, chars(px, fontSize)));
}

const round = (n: number) => Math.round(n * 10) / 10;

function text(
  x: number,
  y: number,
  value: string,
  options: { size: number; bold?: boolean; fill?: string; anchor?: 'middle' },
): string {
  const attributes = [
    `x="${round(x)}"`,
    `y="${round(y)}"`,
    `font-size="${options.size}"`,
    options.bold ? 'font-weight="bold"' : null,
    `fill="${options.fill ?? '#111111'}"`,
    options.anchor ? `text-anchor="${options.anchor}"` : null,
  ].filter((a) => a !== null);
  return `<text ${attributes.join(' ')}>${escapeXml(value)}</text>`;
}
