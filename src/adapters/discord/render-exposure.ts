/**
 * Pure renderers for Discord's `/trace` and the "Trace funds" button: an Exposure as one embed,
 * coloured by level. The title is the verdict, the description the screened address and the count;
 * one field per flagged address (the sentence that follows the money, its full address and the
 * transactions in code spans), then where tracing stopped, whether the answer is partial and what
 * to do. The diagram, when attached, is the embed's image (`attachment://trace.png`). Text from
 * lists, reports and token contracts is escaped (markdown, mentions) and its links are code spans.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { chainLabel, type Exposure, type ExposureHit, type TraceError } from '../../core/index.js';
import {
  cleanForeign,
  EXPOSURE_ADVICE,
  exposureFooter,
  exposureTitle,
  hitSentence,
  hitsSummary,
  KIND_NOUN,
  orderedHits,
  partialText,
  stopSentence,
} from '../exposure-presentation.js';
import { sentence, truncate } from '../presentation.js';
import {
  codeSpan,
  EMBED_LIMITS,
  embedLength,
  escapeUserText,
  LEVEL_COLOURS,
  noteMarkdown,
} from './render.js';

/** The file name the diagram is attached under; the embed's image points at it. */
export const DIAGRAM_FILE_NAME = 'trace.png';

/** Hit fields at most; fewer when the embed's 6000 characters run out. */
export const MAX_HIT_FIELDS = 10;
const MAX_STOPS = 5;
const MAX_HASHES_PER_HIT = 2;
const PROBLEM_COLOUR = 0x5865f2;

function hitField(hit: ExposureHit, index: number): APIEmbedField {
  const distance = hit.hop === 1 ? 'direct' : `${hit.hop} hops`;
  const hashes = hit.transactions.slice(0, MAX_HASHES_PER_HIT).map(codeSpan);
  const more = hit.transactions.length - MAX_HASHES_PER_HIT;
  // noteMarkdown: escaped (markdown, mentions), and anything link-like shown as a code span.
  const lines = [
    noteMarkdown(hitSentence(hit)),
    `Flagged address ${codeSpan(hit.address)} · ${noteMarkdown(cleanForeign(hit.source))}`,
  ];
  if (hashes.length > 0) lines.push(`Tx ${hashes.join(' ')}${more > 0 ? ` and ${more} more` : ''}`);
  return {
    name: truncate(
      `${index + 1}. ${KIND_NOUN[hit.kind]} · ${distance} · ${hit.direction}${hit.dust ? ' · dust, not counted' : ''}`,
      EMBED_LIMITS.fieldName,
    ),
    // Cut whole lines, so no code span is left open.
    value: fitLines(lines, EMBED_LIMITS.fieldValue),
  };
}

/** Whole lines while they fit `max` characters; the first line cut when even it does not. */
function fitLines(lines: string[], max: number): string {
  const kept: string[] = [];
  for (const line of lines) {
    if ([...kept, line].join('\n').length > max) break;
    kept.push(line);
  }
  return kept.length > 0 ? kept.join('\n') : truncate(lines[0] ?? '', max);
}

/**
 * The trace answer as one embed. `diagram`: the diagram is attached as DIAGRAM_FILE_NAME and shown
 * as the embed's image. Hit fields give way, last first, until the embed fits Discord's limits.
 */
export function renderExposureEmbed(
  exposure: Exposure,
  { diagram = false }: { diagram?: boolean } = {},
): APIEmbed {
  const hits = orderedHits(exposure.hits);
  const partial = partialText(exposure);
  const description = [
    `${codeSpan(exposure.address)} · ${chainLabel({ chain: exposure.chain, network: 'mainnet' })}`,
    escapeUserText(hitsSummary(exposure)),
    ...(partial ? [`⚠️ ${escapeUserText(partial)}`] : []),
  ].join('\n');

  const tail: APIEmbedField[] = [];
  if (exposure.stoppedAt.length > 0) {
    const lines = exposure.stoppedAt
      .slice(0, MAX_STOPS)
      .map((stop) => `• ${noteMarkdown(stopSentence(stop))}`);
    const more = exposure.stoppedAt.length - MAX_STOPS;
    if (more > 0) lines.push(`• …and ${more} more`);
    tail.push({ name: 'Tracing stopped at', value: fitLines(lines, EMBED_LIMITS.fieldValue) });
  }
  tail.push({ name: 'What to do', value: EXPOSURE_ADVICE[exposure.level] });

  const allHitFields = hits.slice(0, MAX_HIT_FIELDS).map(hitField);
  const build = (shown: number): APIEmbed => {
    const hidden = hits.length - shown;
    const fields = [
      ...allHitFields.slice(0, shown),
      ...(hidden > 0
        ? [
            {
              name: `…and ${hidden} more flagged ${hidden === 1 ? 'address' : 'addresses'}`,
              value: 'The API and `chainwarden trace` list them all.',
            },
          ]
        : []),
      ...tail,
    ];
    return {
      color: LEVEL_COLOURS[exposure.level],
      title: truncate(exposureTitle(exposure), EMBED_LIMITS.title),
      description: truncate(description, EMBED_LIMITS.description),
      fields,
      ...(diagram ? { image: { url: `attachment://${DIAGRAM_FILE_NAME}` } } : {}),
      // Footers render no markdown and no mentions.
      footer: { text: truncate(exposureFooter(exposure), EMBED_LIMITS.footer) },
    };
  };
  let shown = allHitFields.length;
  let embed = build(shown);
  while (
    shown > 0 &&
    (embedLength(embed) > EMBED_LIMITS.total || (embed.fields?.length ?? 0) > EMBED_LIMITS.fields)
  )
    embed = build(--shown);
  return embed;
}

/** A trace that could not start: a bad address, or a chain with no history source. */
export function renderTraceProblemEmbed(error: TraceError): APIEmbed {
  const input = error.code === 'invalid-address' ? `${codeSpan(truncate(error.input, 100))}: ` : '';
  return {
    color: PROBLEM_COLOUR,
    title: error.code === 'invalid-address' ? '❔ Not a valid address' : '❔ Cannot trace this address',
    description: truncate(`${input}${escapeUserText(sentence(error.reason))}`, EMBED_LIMITS.description),
    fields: [
      {
        name: error.code === 'invalid-address' ? 'Expected' : 'What to do',
        value: truncate(escapeUserText(error.hint), EMBED_LIMITS.fieldValue),
      },
    ],
  };
}
