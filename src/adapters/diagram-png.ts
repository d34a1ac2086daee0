/**
 * SVG -> PNG for the chat bots, which cannot show SVG (Telegram `sendPhoto`, a Discord attachment).
 * resvg (`@resvg/resvg-js`, MPL-2.0, a prebuilt native module per platform) draws it, never a
 * browser. Text is drawn with the bundled DejaVu Sans Mono (assets/fonts, Bitstream Vera licence),
 * never the host's fonts: the slim Docker image has none, and the picture must not change from one
 * host to another. The module is loaded on first use, so a service that never draws one never loads it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The family the diagram's SVG names; the only one loaded. */
export const DIAGRAM_FONT_FAMILY = 'DejaVu Sans Mono';

export const FONT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'fonts');
const FONT_FILES = ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'];

/**
 * What both platforms accept as a picture: Telegram's sendPhoto takes at most 10 MB, width plus
 * height at most 10,000 and a ratio of at most 20 (core.telegram.org/bots/api#sendphoto); Discord
 * attachments are 10 MiB without boosts. The diagram is bounded far below; a picture past any of
 * these is refused here rather than by the platform.
 */
export const PHOTO_LIMITS = { maxBytes: 10_000_000, maxWidthPlusHeight: 10_000, maxRatio: 20 } as const;

export interface PngImage {
  png: Buffer;
  width: number;
  height: number;
}

export class DiagramTooLargeError extends Error {
  constructor(readonly detail: string) {
    super(`the diagram is too large to send as a picture: ${detail}`);
  }
}

/**
 * Draws `svg` at `scale` times its size (2 by default: sharp on a phone), smaller when that would
 * pass Telegram's width-plus-height limit. Throws DiagramTooLargeError when the result is still
 * past a platform's limit (an SVG not made by `renderExposureSvg`).
 */
export async function renderPng(svg: string, { scale = 2 }: { scale?: number } = {}): Promise<PngImage> {
  const { Resvg } = await import('@resvg/resvg-js');
  const size = svgSize(svg);
  const fitted = size
    ? Math.min(scale, (PHOTO_LIMITS.maxWidthPlusHeight - 10) / (size.width + size.height))
    : scale;
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES.map((file) => join(FONT_DIR, file)),
      defaultFontFamily: DIAGRAM_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: fitted },
    background: '#ffffff',
  });
  const image = resvg.render();
  const png = Buffer.from(image.asPng());
  const { width, height } = image;
  if (png.length > PHOTO_LIMITS.maxBytes) throw new DiagramTooLargeError(`${png.length} bytes`);
  if (width + height > PHOTO_LIMITS.maxWidthPlusHeight || Math.max(width / height, height / width) > 20)
    throw new DiagramTooLargeError(`${width}×${height} pixels`);
  return { png, width, height };
}

function svgSize(svg: string): { width: number; height: number } | null {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="(\d+(?:\.\d+)?)"/.exec(root)?.[1]);
  const height = Number(/\sheight="(\d+(?:\.\d+)?)"/.exec(root)?.[1]);
  return width > 0 && height > 0 ? { width, height } : null;
}
