/**
 * Prometheus metrics (prom-client) for `GET /metrics`. Every metric lives in a `Registry` handed in
 * by the caller (or created per API), never in prom-client's global one, so two apps in one process
 * (tests, the bench) never collide. Metrics are looked up by name first, so the importer and the API
 * can share one registry without registering a name twice.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import type { ListStore, RiskLevel } from '../../core/index.js';

export const METRIC_NAMES = {
  requestDuration: 'chainwarden_http_request_duration_seconds',
  screenings: 'chainwarden_screenings_total',
  reportsSaved: 'chainwarden_reports_saved_total',
  importEntries: 'chainwarden_import_entries',
  imports: 'chainwarden_imports_total',
  listEntries: 'chainwarden_list_entries',
  databaseUnavailable: 'chainwarden_database_unavailable_total',
} as const;

/** A registry with Node's process metrics (memory, event loop lag, GC) besides Chainwarden's. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

function metric<T extends Metric>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export interface HttpMetrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  screened(level: RiskLevel): void;
  reportSaved(created: boolean): void;
  /** A request met an unreachable database: answered from memory (`degraded`) or refused with 503. */
  databaseUnavailable(outcome: 'degraded' | 'refused'): void;
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  const duration = metric(
    registry,
    METRIC_NAMES.requestDuration,
    () =>
      new Histogram({
        name: METRIC_NAMES.requestDuration,
        help: 'HTTP request latency by method, route pattern and status',
        labelNames: ['method', 'route', 'status'] as const,
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
  );
  const screenings = metric(
    registry,
    METRIC_NAMES.screenings,
    () =>
      new Counter({
        name: METRIC_NAMES.screenings,
        help: 'Addresses screened over HTTP, by resulting risk level',
        labelNames: ['level'] as const,
        registers: [registry],
      }),
  );
  const reports = metric(
    registry,
    METRIC_NAMES.reportsSaved,
    () =>
      new Counter({
        name: METRIC_NAMES.reportsSaved,
        help: 'Community reports saved over HTTP (outcome: created or updated)',
        labelNames: ['outcome'] as const,
        registers: [registry],
      }),
  );
  const unavailable = metric(
    registry,
    METRIC_NAMES.databaseUnavailable,
    () =>
      new Counter({
        name: METRIC_NAMES.databaseUnavailable,
        help: 'HTTP requests that met an unreachable database (outcome: degraded answer from memory, or refused)',
        labelNames: ['outcome'] as const,
        registers: [registry],
      }),
  );
  // prom-client hashes the label set on every observe; a child per label set skips that on the hot path.
  const durationChildren = new Map<string, Histogram.Internal<'method' | 'route' | 'status'>>();
  return {
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${status} ${route}`;
      let child = durationChildren.get(key);
      if (!child) {
        child = duration.labels({ method, route, status: String(status) });
        durationChildren.set(key, child);
      }
      child.observe(seconds);
    },
    screened(level) {
      screenings.inc({ level });
    },
    reportSaved(created) {
      reports.inc({ outcome: created ? 'created' : 'updated' });
    },
    databaseUnavailable(outcome) {
      unavailable.inc({ outcome });
    },
  };
}

/** For the importer: the size of the last import of `source`, and how many imports ran. */
export function recordImport(registry: Registry, source: string, count: number): void {
  const entries = metric(
    registry,
    METRIC_NAMES.importEntries,
    () =>
      new Gauge({
        name: METRIC_NAMES.importEntries,
        help: 'Entries stored by the last import of each list source',
        labelNames: ['source'] as const,
        registers: [registry],
      }),
  );
  const imports = metric(
    registry,
    METRIC_NAMES.imports,
    () =>
      new Counter({
        name: METRIC_NAMES.imports,
        help: 'List imports completed, by source',
        labelNames: ['source'] as const,
        registers: [registry],
      }),
  );
  entries.set({ source }, count);
  imports.inc({ source });
}

/**
 * The size of every imported list, read from storage at scrape time, so imports made by the CLI
 * (another process) show too.
 */
export function registerListSizes(registry: Registry, lists: Pick<ListStore, 'listSources'>): void {
  if (registry.getSingleMetric(METRIC_NAMES.listEntries)) return;
  new Gauge({
    name: METRIC_NAMES.listEntries,
    help: 'Entries in each imported list, by source and kind',
    labelNames: ['source', 'kind'] as const,
    registers: [registry],
    async collect() {
      // A database outage must not take every other metric down with it: keep the last values.
      let sources: Awaited<ReturnType<typeof lists.listSources>>;
      try {
        sources = await lists.listSources();
      } catch {
        return;
      }
      this.reset();
      for (const list of sources) this.set({ source: list.source, kind: list.kind }, list.count);
    },
  });
}
