/**
 * Delivering alerts from the outbox (`deliverDue`): every pending alert whose next attempt is due
 * goes to its channel (Telegram, Discord, webhook). Alerts are claimed in the database before they
 * are sent (their next attempt moves a lease ahead), so any number of deliverers, on any replicas,
 * never send one alert at the same time, and an alert claimed by a deliverer that died is due again
 * when the lease ends. No alert is sent once its claim is about to run out. A failure is
 * retried with exponential backoff (15 s doubling, at most an hour apart) until 24 hours after the
 * alert, then marked failed; a permanent refusal (the bot was removed from the chat) fails at once.
 * A chat gets at most `alertsPerMinute` messages a minute: past that, the rest are folded into one
 * digest message, and alerts wait while the chat's minute is full.
 */
import type { AlertChannel, WatchAlertStore } from '../ports.js';
import type { DeliveryOutcome, WatchAlert, WatchDestination } from '../watch.js';
import { destinationKey } from './watch.js';

export interface AlertDeliveryDeps {
  alerts: WatchAlertStore;
  /** A kind without a channel (Telegram not configured) fails its alerts with a clear error. */
  channels: Partial<Record<WatchDestination['kind'], AlertChannel>>;
  now: () => Date;
  /** Messages per chat a minute (WATCH_ALERTS_PER_MINUTE); webhooks are not limited. */
  alertsPerMinute: number;
  /** How long a failing alert is retried (default 24 hours). */
  retryForMs?: number;
  /** Alerts taken per step (default 200). */
  batch?: number;
  /** How long a claim keeps other deliverers off its alerts (default 5 minutes). */
  leaseMs?: number;
}

export interface DeliveryReport {
  delivered: number;
  digested: number;
  /** Failed this time, tried again later. */
  retrying: number;
  /** Given up: 24 hours of failures, or a permanent refusal. */
  failed: number;
  /** Held back: their chat had its minute's messages already. */
  held: number;
}

export interface AlertDelivery {
  deliverDue(): Promise<DeliveryReport>;
}

export const RETRY_FOR_MS = 24 * 3600_000;
const FIRST_RETRY_MS = 15_000;
const MAX_RETRY_MS = 3600_000;
/** Webhook deliveries recorded together at most, and at least this often (ms). */
const WEBHOOK_RECORD_EVERY = 50;
const WEBHOOK_RECORD_MS = 2000;
export const LEASE_MS = 5 * 60_000;
/**
 * No send starts later than this before the claim ends: room for one send (a webhook answers within
 * 10 s) and for recording it, so the alert is not due to another deliverer while it is in flight.
 */
const LEASE_MARGIN_MS = 60_000;

/** The wait before attempt `attempts + 1`: 15 s, 30 s, 1 min, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

const NOT_CONFIGURED: Record<WatchDestination['kind'], string> = {
  telegram: 'Telegram is not configured on this service (TELEGRAM_BOT_TOKEN)',
  discord: 'Discord is not configured on this service (DISCORD_TOKEN)',
  webhook: 'webhooks are not available on this service',
};

type DueAlert = WatchAlert & { attempts: number; secret: string | null };

export function createAlertDelivery(deps: AlertDeliveryDeps): AlertDelivery {
  const retryFor = deps.retryForMs ?? RETRY_FOR_MS;
  const leaseMs = deps.leaseMs ?? LEASE_MS;

  async function settle(alert: DueAlert, outcome: DeliveryOutcome, report: DeliveryReport): Promise<void> {
    const now = deps.now();
    if (outcome.ok) {
      await deps.alerts.markDelivered([alert.id], 'delivered', now);
      report.delivered += 1;
      return;
    }
    const attempts = alert.attempts + 1;
    const next = new Date(now.getTime() + retryDelayMs(attempts));
    const giveUp = outcome.permanent === true || next.getTime() - alert.createdAt.getTime() > retryFor;
    await deps.alerts.markFailed(alert.id, outcome.error, giveUp ? null : next, now);
    if (giveUp) report.failed += 1;
    else report.retrying += 1;
  }

  async function send(channel: AlertChannel, alert: DueAlert): Promise<DeliveryOutcome> {
    try {
      return await channel.send(alert, alert.secret);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function deliverTo(
    destination: WatchDestination,
    due: DueAlert[],
    report: DeliveryReport,
    /** Whether the claim still leaves time to send (and record) one more. */
    inTime: () => boolean,
  ) {
    /** Alerts not sent: handed back, due now, instead of waiting out the lease. */
    const giveBack = async (alerts: DueAlert[]) => {
      await deps.alerts.release(
        alerts.map((a) => a.id),
        deps.now(),
      );
      report.held += alerts.length;
    };
    const channel = deps.channels[destination.kind];
    if (!channel) {
      for (const alert of due)
        await settle(alert, { ok: false, error: NOT_CONFIGURED[destination.kind], permanent: true }, report);
      return;
    }
    if (destination.kind === 'webhook') {
      // Successes are recorded a run at a time (50 sends, or 2 s of them), not one write each: a
      // crash in between sends that run again when its claim ends (receivers tell repeats by
      // X-Chainwarden-Delivery).
      let sent: number[] = [];
      let recordedAt = deps.now().getTime();
      const record = async () => {
        await deps.alerts.markDelivered(sent, 'delivered', deps.now());
        report.delivered += sent.length;
        sent = [];
        recordedAt = deps.now().getTime();
      };
      for (const [i, alert] of due.entries()) {
        if (!inTime()) {
          await giveBack(due.slice(i));
          break;
        }
        const outcome = await send(channel, alert);
        if (outcome.ok) sent.push(alert.id);
        else await settle(alert, outcome, report);
        if (sent.length >= WEBHOOK_RECORD_EVERY || deps.now().getTime() - recordedAt >= WEBHOOK_RECORD_MS)
          await record();
      }
      if (sent.length > 0) await record();
      return;
    }
    const since = new Date(deps.now().getTime() - 60_000);
    const room = deps.alertsPerMinute - (await deps.alerts.deliveredSince(destination, since));
    if (room <= 0) {
      await giveBack(due);
      return;
    }
    // Past the room, the last message of the minute is a digest of the rest.
    const single = due.length <= room || !channel.sendDigest ? due.slice(0, room) : due.slice(0, room - 1);
    for (const [i, alert] of single.entries()) {
      if (!inTime()) {
        await giveBack(due.slice(i));
        return;
      }
      await settle(alert, await send(channel, alert), report);
    }
    const rest = due.slice(single.length);
    if (rest.length === 0) return;
    if (!channel.sendDigest || single.length === due.length || !inTime()) {
      await giveBack(rest);
      return;
    }
    let outcome: DeliveryOutcome;
    try {
      outcome = await channel.sendDigest(destination, rest);
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.ok) {
      await deps.alerts.markDelivered(
        rest.map((a) => a.id),
        'digested',
        deps.now(),
      );
      report.digested += rest.length;
    } else {
      for (const alert of rest) await settle(alert, outcome, report);
    }
  }

  return {
    async deliverDue() {
      const report: DeliveryReport = { delivered: 0, digested: 0, retrying: 0, failed: 0, held: 0 };
      const claimedAt = deps.now();
      const due = await deps.alerts.claim(
        claimedAt,
        deps.batch ?? 200,
        new Date(claimedAt.getTime() + leaseMs),
      );
      const sendBy = claimedAt.getTime() + leaseMs - Math.min(LEASE_MARGIN_MS, leaseMs / 2);
      const inTime = () => deps.now().getTime() < sendBy;
      const byDestination = new Map<string, { destination: WatchDestination; alerts: DueAlert[] }>();
      for (const alert of due) {
        const key = destinationKey(alert.watch.destination);
        const group = byDestination.get(key) ?? { destination: alert.watch.destination, alerts: [] };
        group.alerts.push(alert);
        byDestination.set(key, group);
      }
      // Destinations in parallel (a slow webhook does not hold up a chat); each one's alerts in order.
      await Promise.all(
        [...byDestination.values()].map((g) => deliverTo(g.destination, g.alerts, report, inTime)),
      );
      return report;
    },
  };
}
