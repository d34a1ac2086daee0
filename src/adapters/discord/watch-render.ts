/**
 * Watch-lists as Discord embeds: alerts (coloured by level, level first, full addresses and the
 * transaction hash in code spans), the digest, and the replies to /watch, /unwatch and /watches.
 * Pure; user text (labels) is escaped so it can neither format nor mention.
 */
import type { APIEmbed } from 'discord.js';
import type { Watch, WatchAlert, WatchCreated, WatchError } from '../../core/index.js';
import { sentence, truncate } from '../presentation.js';
import * as wording from '../watch-presentation.js';
import { codeSpan, EMBED_LIMITS, escapeUserText, LEVEL_COLOURS } from './render.js';

const WATCH_COLOUR = 0x5865f2;

function lineMarkdown(line: wording.Line): string {
  return line.map((p) => (p.code ? codeSpan(p.text) : escapeUserText(p.text))).join('');
}

/** Lines joined until the description is full; the rest are counted, never cut mid-line. */
function description(lines: string[]): string {
  const kept: string[] = [];
  let room = EMBED_LIMITS.description - 40;
  for (const [index, line] of lines.entries()) {
    if (line.length + 1 > room) {
      kept.push(`…and ${lines.length - index} more.`);
      break;
    }
    kept.push(line);
    room -= line.length + 1;
  }
  return kept.join('\n');
}

export function renderWatchAlertEmbed(alert: Pick<WatchAlert, 'watch' | 'event'>): APIEmbed {
  const text = wording.alertText(alert);
  return {
    color: LEVEL_COLOURS[text.level],
    title: truncate(`${text.emoji} ${text.title}`, EMBED_LIMITS.title),
    description: description(text.lines.map(lineMarkdown)),
    footer: { text: `Watch-list alert · ${alert.event.kind}` },
  };
}

export function renderWatchDigestEmbed(alerts: ReadonlyArray<Pick<WatchAlert, 'watch' | 'event'>>): APIEmbed {
  const digest = wording.digestText(alerts);
  return {
    color: WATCH_COLOUR,
    title: digest.title,
    description: description(digest.lines.map(lineMarkdown)),
    footer: { text: digest.note },
  };
}

export function renderWatchAddedEmbed(created: WatchCreated): APIEmbed {
  return {
    color: WATCH_COLOUR,
    title: '👁 Watching',
    description: wording.watchAddedLines(created).map(lineMarkdown).join('\n'),
  };
}

export function renderWatchRemovedEmbed(watch: Watch): APIEmbed {
  return {
    color: WATCH_COLOUR,
    description: lineMarkdown(wording.watchRemovedLine(watch)),
  };
}

export function renderWatchListEmbed(watches: readonly Watch[], max: number): APIEmbed {
  return {
    color: WATCH_COLOUR,
    title: '👁 Watched addresses',
    description: description(wording.watchListLines(watches, max).map(lineMarkdown)),
  };
}

export function renderWatchErrorEmbed(error: WatchError): APIEmbed {
  const { title, reason, hint, input } = wording.watchErrorText(error);
  return {
    color: WATCH_COLOUR,
    title: `❔ ${title}`,
    description: truncate(
      `${codeSpan(truncate(input, 100))} ${escapeUserText(reason)}.`,
      EMBED_LIMITS.description,
    ),
    fields: [
      { name: 'What to do', value: truncate(escapeUserText(sentence(hint)), EMBED_LIMITS.fieldValue) },
    ],
  };
}
