/**
 * The `ReportStore` port: community reports, one per reporter and address, with the per-reporter
 * limit checked in the same transaction as the write.
 */
import { and, count, desc, eq, getTableColumns, gt, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type {
  LookalikeProbe,
  ReporterLimit,
  ReportStore,
  SaveReportResult,
  StoredReport,
} from '../core/index.js';
import { type Db, rowsOf } from './database.js';
import { communities, reports } from './schema.js';

type ReportRow = typeof reports.$inferSelect;

export function toStoredReport(row: ReportRow, trusted = false): StoredReport {
  return {
    id: row.id,
    addressKey: row.addressKey,
    address: row.address,
    chain: row.chain as StoredReport['chain'],
    category: row.category as StoredReport['category'],
    note: row.note,
    evidence: row.evidence,
    reporter: row.reporter,
    source: row.source as StoredReport['source'],
    community: row.community,
    verifiedBy: row.verifiedBy,
    verifiedIn: row.verifiedIn,
    verifiedInTrusted: trusted,
    status: row.status as StoredReport['status'],
    weight: row.reporterWeight as StoredReport['weight'],
    heldFor: row.heldFor as StoredReport['heldFor'],
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    reviewNote: row.reviewNote,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The refusal when a window already holds `limit.max` reports, with when the oldest leaves it. */
function overLimit(
  window: { recent: number | string; oldest: string | Date | null } | undefined,
  limit: ReporterLimit,
): SaveReportResult | null {
  const recent = Number(window?.recent ?? 0);
  if (recent < limit.max) return null;
  const oldest = window?.oldest ? new Date(window.oldest).getTime() : Date.now();
  const freesAt = oldest + limit.windowSeconds * 1000;
  return { saved: false, recent, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - Date.now()) / 1000)) };
}

export function createReportStore(db: Db): ReportStore {
  return {
    async saveReport(report, probe: LookalikeProbe | null, limit: ReporterLimit | null) {
      const values = {
        addressKey: report.address.key,
        address: report.address.display,
        chain: report.address.chain,
        lookalikePrefix: probe?.prefix ?? null,
        lookalikeSuffix: probe?.suffix ?? null,
        category: report.category,
        note: report.note,
        evidence: report.evidence,
        reporter: report.reporter,
        source: report.source,
        community: report.community,
        verifiedBy: report.verifiedBy,
        // A verification belongs to the community its moderator acted in (core/reports/trust.ts).
        verifiedIn: report.verifiedBy ? report.community : null,
        verifiedAt: report.verifiedBy ? sql`now()` : null,
        status: report.status,
        reporterWeight: report.weight,
        heldFor: report.heldFor,
      };
      return db.transaction(async (tx): Promise<SaveReportResult> => {
        if (limit?.per === 'reporter') {
          // Serialises this reporter's writes: count and insert cannot interleave with a parallel request.
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtext(${`chainwarden:report:${report.reporter}`}))`,
          );
          const [window] = await tx
            .select({ recent: count(), oldest: sql<string | null>`min(${reports.updatedAt})` })
            .from(reports)
            .where(
              and(
                eq(reports.reporter, report.reporter),
                isNull(reports.verifiedBy),
                gt(reports.updatedAt, sql`now() - make_interval(secs => ${limit.windowSeconds})`),
              ),
            );
          const refused = overLimit(window, limit);
          if (refused) return refused;
        } else if (limit?.per === 'community' && values.verifiedIn !== null) {
          // Serialises one community's flags: the addresses its moderators verified in the window,
          // re-verifying one of them again costs nothing.
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtext(${`chainwarden:flags:${values.verifiedIn}`}))`,
          );
          const [window] = await tx
            .select({
              recent: sql<number>`count(distinct ${reports.addressKey})`,
              oldest: sql<string | null>`min(${reports.verifiedAt})`,
            })
            .from(reports)
            .where(
              and(
                eq(reports.verifiedIn, values.verifiedIn),
                isNotNull(reports.verifiedBy),
                ne(reports.addressKey, values.addressKey),
                gt(reports.verifiedAt, sql`now() - make_interval(secs => ${limit.windowSeconds})`),
              ),
            );
          const refused = overLimit(window, limit);
          if (refused) return refused;
        }
        // xmax = 0 only for a freshly inserted row: tells insert from update in the same round trip.
        const [row] = await tx
          .insert(reports)
          .values(values)
          .onConflictDoUpdate({
            target: [reports.addressKey, reports.reporter],
            set: {
              category: values.category,
              note: values.note,
              evidence: values.evidence,
              source: values.source,
              community: sql`coalesce(excluded.community, ${reports.community})`,
              // A later unverified report by the same person never removes a moderator's verification,
              // nor moves it into the community that later report came from.
              verifiedBy: sql`coalesce(excluded.verified_by, ${reports.verifiedBy})`,
              verifiedIn: sql`case when excluded.verified_by is not null then excluded.verified_in else ${reports.verifiedIn} end`,
              verifiedAt: sql`case when excluded.verified_by is not null then excluded.verified_at else ${reports.verifiedAt} end`,
              // A moderator's decision from the review queue stands: reporting again does not reopen
              // a rejected report, nor send an approved one back to the queue; a report an upheld appeal
              // dismissed stays dismissed.
              status: sql`case when ${reports.reviewedBy} is not null or ${reports.status} = 'dismissed' then ${reports.status} else excluded.status end`,
              reporterWeight: sql`case when ${reports.reviewedBy} is not null or ${reports.status} = 'dismissed' then ${reports.reporterWeight} else excluded.reporter_weight end`,
              heldFor: sql`case when ${reports.reviewedBy} is not null or ${reports.status} = 'dismissed' then ${reports.heldFor} else excluded.held_for end`,
              updatedAt: sql`now()`,
            },
          })
          .returning({ ...getTableColumns(reports), inserted: sql<boolean>`(xmax = 0)` });
        if (!row) throw new Error('saving a report returned no row');
        const { inserted, ...stored } = row;
        return { saved: true, report: toStoredReport(stored), created: Boolean(inserted) };
      });
    },

    async listReports(addressKey, limit) {
      const rows = await db
        .select({ report: reports, trusted: communities.trusted })
        .from(reports)
        .leftJoin(communities, eq(communities.community, reports.verifiedIn))
        .where(eq(reports.addressKey, addressKey))
        .orderBy(desc(reports.updatedAt))
        .limit(limit);
      return rows.map((row) => toStoredReport(row.report, row.trusted === true));
    },

    async reporterRecord(reporter, community) {
      // Approvals are verifications (verified_in): they vouch only where a verification counts.
      const [row] = rowsOf<{ approved: number | string; rejected: number | string }>(
        await db.execute(sql`
          select count(*) filter (
                   where r.status = 'active' and r.reviewed_by is not null
                     and (r.verified_in = ${community} or coalesce(c.trusted, false))) as approved,
                 count(*) filter (where r.status = 'rejected') as rejected
            from reports r left join communities c on c.community = r.verified_in
           where r.reporter = ${reporter} and r.reviewed_by is not null`),
      );
      return { approved: Number(row?.approved ?? 0), rejected: Number(row?.rejected ?? 0) };
    },
  };
}
