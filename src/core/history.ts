/**
 * An address's history: what happened to it, in order (reports filed, review decisions, appeals
 * filed by the owner and their decisions; list changes join later). Public, so actors are a platform and a weight, never a user id.
 */
import type { ReporterWeight } from './reports/weight.js';
import type { ReportCategory } from './types.js';

export const HISTORY_EVENTS = [
  'reported',
  'approved',
  'rejected',
  'appeal-filed',
  'appeal-upheld',
  'appeal-rejected',
] as const;
export type HistoryEventKind = (typeof HISTORY_EVENTS)[number];

export interface HistoryEvent {
  event: HistoryEventKind;
  /** Where whoever acted did it: telegram, discord, api, cli (an appeal's filing: also web). */
  actorPlatform: string;
  /** The reporter's weight when they reported; null for decisions and appeals. */
  actorWeight: ReporterWeight | null;
  reportId: number | null;
  category: ReportCategory | null;
  note: string | null;
  at: Date;
}

export interface NewHistoryEvent extends Omit<HistoryEvent, 'at'> {
  addressKey: string;
  address: string;
}

/** `telegram:123` -> `telegram`. */
export const platformOf = (actor: string): string => actor.slice(0, Math.max(actor.indexOf(':'), 0)) || actor;
