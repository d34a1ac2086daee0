/**
 * `POST /v1/reports` (API key) and `GET /v1/addresses/{address}/reports`. The same rules as the
 * bots (categories, note cap, one report per reporter per address, rate limit) come from the core;
 * the reporter is `api:<key id>`, so each key is one reporter.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { countsAsVerified, type StoredReport } from '../../../core/index.js';
import { requireApiKey } from '../auth.js';
import type { HttpEnv } from '../context.js';
import { describeError, errorExtras, problem, REPORT_ERROR_STATUS, reportProblemCode } from '../problem.js';
import {
  AddressParamSchema,
  ReportListQuerySchema,
  ReportListSchema,
  ReportRequestSchema,
  SavedReportSchema,
} from '../schemas.js';
import { defaultProblem, problemResponse, type RouteDeps } from './openapi.js';

/** The public view: reporter, community and moderator ids stay private (reporters fear retaliation). */
function publicReport(report: StoredReport) {
  return {
    id: report.id,
    address: report.address,
    chain: report.chain,
    category: report.category,
    note: report.note,
    evidence: report.evidence,
    source: report.source,
    status: report.status,
    heldFor: report.status === 'review' ? report.heldFor : null,
    weight: report.weight,
    // The API is in no community: only a trusted community's verification is called verified.
    verified: countsAsVerified(report, null),
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  };
}

export function registerReportRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { chainwarden, metrics } = deps;

  const submitReportRoute = createRoute({
    method: 'post',
    path: '/v1/reports',
    tags: ['reports'],
    summary: 'File a community report',
    description:
      'One report per API key per address: a second report on the same address updates the first ' +
      'and answers 200 instead of 201.',
    security: [{ ApiKey: [] }],
    middleware: [requireApiKey(deps.apiKeys)] as const,
    request: { body: { content: { 'application/json': { schema: ReportRequestSchema } }, required: true } },
    responses: {
      201: {
        content: { 'application/json': { schema: SavedReportSchema } },
        description: 'Saved: a new report.',
      },
      200: {
        content: { 'application/json': { schema: SavedReportSchema } },
        description: 'Saved: this key had reported the address before, and that report was updated.',
      },
      400: problemResponse('Not JSON, unknown or missing fields, or not an address.'),
      401: problemResponse('No API key, or an unknown or revoked one.'),
      422: problemResponse(
        'Unknown category, note too long, or evidence that is neither a tx hash nor a link.',
      ),
      429: problemResponse('This key filed too many reports recently; `Retry-After` says when to try again.'),
      503: problemResponse(
        'The database is unavailable: nothing was saved; `Retry-After` says when to try again.',
      ),
      default: defaultProblem,
    },
  });

  app.openapi(submitReportRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await chainwarden.submitReport({
      address: body.address,
      category: body.category,
      note: body.note ?? null,
      evidence: body.evidence ?? null,
      reporter: `api:${c.get('apiKey').id}`,
      source: 'api',
      // The operator's word on the key: an admin key's reports count at once; a report key has no
      // account age to check, so it is an ordinary reporter (core/reports/weight.ts).
      reporterFacts: { vouched: c.get('apiKey').scope === 'admin' },
    });
    if (!result.ok) {
      const error = result.error;
      const headers: Record<string, string> =
        'retryAfterSeconds' in error ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
      if (error.code === 'storage-unavailable') metrics.databaseUnavailable('refused');
      return problem(
        c,
        REPORT_ERROR_STATUS[error.code],
        reportProblemCode(error.code),
        describeError(error),
        errorExtras(error),
        headers,
      );
    }
    const { report, created } = result.value;
    metrics.reportSaved(created);
    const body201 = { ...publicReport(report), reporter: report.reporter };
    const location = { Location: `/v1/addresses/${encodeURIComponent(report.address)}/reports` };
    return created ? c.json(body201, 201, location) : c.json(body201, 200, location);
  });

  const listReportsRoute = createRoute({
    method: 'get',
    path: '/v1/addresses/{address}/reports',
    tags: ['reports'],
    summary: 'Community reports on an address, newest first',
    request: { params: AddressParamSchema, query: ReportListQuerySchema },
    responses: {
      200: { content: { 'application/json': { schema: ReportListSchema } }, description: 'The reports.' },
      400: problemResponse('Not an address, or a bad `limit`.'),
      default: defaultProblem,
    },
  });

  app.openapi(listReportsRoute, async (c) => {
    const input = c.req.valid('param').address;
    const result = await chainwarden.listReports(input, c.req.valid('query').limit ?? 50);
    if (!result.ok)
      return problem(c, 400, 'invalid-address', describeError(result.error), errorExtras(result.error));
    // listReports accepted it, so it is one address: answer in its display form (EIP-55 for EVM).
    const target = chainwarden.reportTarget(input);
    const address = target.ok ? target.value.display : input;
    return c.json({ address, reports: result.value.map(publicReport) }, 200);
  });
}
