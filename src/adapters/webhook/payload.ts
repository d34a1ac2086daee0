/**
 * The JSON a webhook receives for one alert, also shown by `GET /v1/watches/{id}/deliveries`:
 * `{ id, event, createdAt, watch: {id, address, label, chain}, data: {...} }`. `event` is one of
 * WATCH_EVENT_KINDS (stable: kinds are added, never renamed); `data` holds the event's fields
 * (a transfer's `txHash`, `amount`, `asset`, `counterparty` with its risk `level`, ...).
 */
import type { WatchAlert, WatchEvent } from '../../core/index.js';

export function webhookPayload(alert: Pick<WatchAlert, 'id' | 'watch' | 'event' | 'createdAt'>) {
  const { kind, ...data } = alert.event;
  return {
    id: alert.id,
    event: kind,
    createdAt: alert.createdAt.toISOString(),
    watch: {
      id: alert.watch.id,
      address: alert.watch.address,
      label: alert.watch.label,
      chain: alert.watch.chain,
    },
    data: data as Omit<WatchEvent, 'kind'>,
  };
}
