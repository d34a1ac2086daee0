/**
 * Watch-list wording shared by every adapter: an alert as a title and lines of plain text and
 * copyable values (addresses, transaction hashes), level first; the digest; the replies to
 * /watch, /unwatch and /watches. Pure: Telegram escapes into HTML, Discord into markdown, the CLI
 * prints as is.
 */
import {
  chainLabel,
  type RiskLevel,
  shortAddress,
  type Watch,
  type WatchAlert,
  type WatchCreated,
  type WatchError,
  type WatchEvent,
} from '../core/index.js';
import { LEVEL_EMOJI } from './presentation.js';

/** A piece of a line: plain text, or a value shown copyable (`<code>` on Telegram, a code span on Discord). */
export type Piece = { text: string; code?: boolean };
export type Line = Piece[];

export interface AlertText {
  /** Level first: the emoji of the level that matters for this event. */
  emoji: string;
  level: RiskLevel;
  title: string;
  lines: Line[];
}

const t = (text: string): Piece => ({ text });
const c = (text: string): Piece => ({ text, code: true });

export const WATCH_EVENT_TITLES: Record<WatchEvent['kind'], string> = {
  'outgoing-transfer': 'Outgoing transfer',
  'incoming-transfer': 'Incoming transfer',
  reported: 'Reported',
  listed: 'Listed',
  'lookalike-seen': 'Look-alike seen',
};

/** The watched address as people name it: its label, else the short address. */
export function watchName(watch: Pick<Watch, 'label' | 'address'>): string {
  return watch.label ?? shortAddress(watch.address);
}

export function alertText(alert: Pick<WatchAlert, 'watch' | 'event'>): AlertText {
  const { watch, event } = alert;
  const name = watchName(watch);
  switch (event.kind) {
    case 'outgoing-transfer':
    case 'incoming-transfer': {
      const out = event.kind === 'outgoing-transfer';
      const other = event.counterparty;
      const flagged = other.sanctioned ? 'a sanctioned' : other.flagged ? 'a flagged' : null;
      const title = out
        ? `${name} sent ${event.amount} ${event.asset}`
        : `${name} received ${event.amount} ${event.asset}${flagged ? ` from ${flagged} address` : ''}`;
      return {
        emoji: LEVEL_EMOJI[other.level],
        level: other.level,
        title,
        lines: [
          [t(out ? 'From ' : 'To '), c(watch.address)],
          [t(out ? 'To ' : 'From '), c(other.address)],
          [
            t(
              `${out ? 'Recipient' : 'Sender'}: ${LEVEL_EMOJI[other.level]} ${other.level}${other.why ? `: ${other.why}` : ''}`,
            ),
          ],
          [t('Transaction '), c(event.txHash)],
          [
            t(`Block ${event.blockNumber} (${event.source})${event.token ? ', token ' : ''}`),
            ...(event.token ? [c(event.token)] : []),
          ],
        ],
      };
    }
    case 'reported':
      return {
        emoji: LEVEL_EMOJI.medium,
        level: 'medium',
        title: `${name} was reported`,
        lines: [
          [c(watch.address)],
          [
            t(
              `Reported as ${event.category} (via ${event.via}${event.verified ? ', verified by a moderator' : ''}). If it is yours, check that its keys are safe; if the report is wrong, ask the operator to review it.`,
            ),
          ],
        ],
      };
    case 'listed':
      return {
        emoji: event.listKind === 'sanctions' ? LEVEL_EMOJI.severe : LEVEL_EMOJI.high,
        level: event.listKind === 'sanctions' ? 'severe' : 'high',
        title: `${name} is now on ${event.listKind === 'sanctions' ? 'a sanctions list' : 'a scam list'}`,
        lines: [[c(watch.address)], [t(`List: ${event.source}${event.label ? ` (${event.label})` : ''}.`)]],
      };
    case 'lookalike-seen':
      return {
        emoji: LEVEL_EMOJI.medium,
        level: 'medium',
        title: `A look-alike of ${name} was seen here`,
        lines: [
          [t('Watched '), c(watch.address)],
          [t('Look-alike '), c(event.lookalike)],
          [
            t(
              'Someone posted or checked an address that looks like yours: warn members to compare every character before paying (address poisoning).',
            ),
          ],
        ],
      };
  }
}

/** One line per alert folded into a digest. */
export function digestLine(alert: Pick<WatchAlert, 'watch' | 'event'>): Line {
  const text = alertText(alert);
  const hash = 'txHash' in alert.event ? [t(' '), c(alert.event.txHash)] : [];
  return [t(`${text.emoji} ${text.title}`), ...hash];
}

/** The digest: the alerts past a chat's minute, one line each, and why they share a message. */
export function digestText(alerts: ReadonlyArray<Pick<WatchAlert, 'watch' | 'event'>>): {
  title: string;
  lines: Line[];
  note: string;
} {
  return {
    title: `🔔 ${alerts.length} more watch-list alerts in the last minute`,
    lines: alerts.map(digestLine),
    note: 'More alerts came than this chat gets a minute (WATCH_ALERTS_PER_MINUTE), so these share one message.',
  };
}

/** Said after a watch is removed: `Stopped watching “treasury” 0x…`. */
export function watchRemovedLine(watch: Pick<Watch, 'label' | 'address'>): Line {
  return [t(`Stopped watching ${watch.label ? `“${watch.label}” ` : ''}`), c(watch.address)];
}

/** Said after a watch is added. */
export function watchAddedLines(created: WatchCreated): Line[] {
  const { watch } = created;
  const lines: Line[] = [
    [
      t(`Watching ${watch.label ? `“${watch.label}” ` : ''}`),
      c(watch.address),
      t(` (${chainLabel(watch)}).`),
    ],
    [
      t(
        watch.allIncoming
          ? 'Alerts: funds sent, every incoming transfer, reports, list entries and look-alikes seen here.'
          : 'Alerts: funds sent, funds received from sanctioned, scam-listed or reported addresses, reports, list entries and look-alikes seen here.',
      ),
    ],
  ];
  if (created.transfersUnavailable) lines.push([t(`${created.transfersUnavailable}.`)]);
  return lines;
}

export function watchListLines(watches: readonly Watch[], max: number): Line[] {
  if (watches.length === 0)
    return [[t('No address is watched here. Add one with /watch <address> [label].')]];
  return [
    [t(`${watches.length} of ${max} watches:`)],
    ...watches.map(
      (w): Line => [
        t('• '),
        c(w.address),
        t(` ${w.label ? `“${w.label}” ` : ''}(${chainLabel(w)}${w.allIncoming ? ', all incoming' : ''})`),
      ],
    ),
  ];
}

export const WATCH_ERROR_TITLES = {
  'invalid-address': 'Not a valid address',
  'invalid-label': 'Label not accepted',
  'invalid-webhook': 'Webhook URL not accepted',
  'duplicate-watch': 'Already watched',
  'watch-limit': 'Too many watches',
  'watch-not-found': 'Not watched',
} satisfies Record<WatchError['code'], string>;

/** `“0xab…” is already watched here. Remove it first…` as plain text. */
export function watchErrorText(error: WatchError): {
  title: string;
  reason: string;
  hint: string;
  input: string;
} {
  return {
    title: WATCH_ERROR_TITLES[error.code],
    reason: error.reason,
    hint: error.hint,
    input: error.input,
  };
}

/** A watch as JSON (HTTP API, `watch list --json`): the shared contract's fields and a few more. */
export function watchJson(watch: Watch) {
  return {
    id: watch.id,
    address: watch.address,
    chain: watch.chain,
    label: watch.label,
    allIncoming: watch.allIncoming,
    webhookUrl: watch.destination.kind === 'webhook' ? watch.destination.url : null,
    destination: watch.destination,
    createdAt: watch.createdAt.toISOString(),
  };
}
