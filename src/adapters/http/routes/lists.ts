/** `GET /v1/lists`: the stored lists with edition, origin, size and age, as `chainwarden lists --json`. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listsReport } from '../../list-status.js';
import type { HttpEnv } from '../context.js';
import { defaultProblem, type RouteDeps } from './openapi.js';

const ListStatusSchema = z
  .object({
    source: z.string().openapi({ example: 'ofac-sdn' }),
    kind: z.enum(['sanctions', 'scam', 'allow']),
    listDate: z
      .string()
      .openapi({ description: "The publisher's date of this edition.", example: '2024-09-27' }),
    origin: z.enum(['bundled', 'imported', 'refreshed']).openapi({
      description:
        'bundled: the snapshot shipped with the service; imported: `chainwarden import`; refreshed: the scheduled refresh.',
    }),
    count: z.number().int().openapi({ description: 'Addresses stored.' }),
    importedAt: z.string().openapi({ description: 'When this edition was stored (ISO time).' }),
    ageDays: z.number().int().openapi({ description: 'Whole days since listDate.' }),
  })
  .openapi('ListStatus');

const ListsSchema = z
  .object({
    lists: z.array(ListStatusSchema),
    warning: z.string().nullable().openapi({
      description: 'Set when the sanctions data is older than 30 days: how old it is and how to refresh it.',
    }),
  })
  .openapi('Lists');

const listsRoute = createRoute({
  method: 'get',
  path: '/v1/lists',
  tags: ['lists'],
  summary: 'The sanctions, scam and allow lists the service screens against',
  responses: {
    200: { content: { 'application/json': { schema: ListsSchema } }, description: 'Every stored list.' },
    default: defaultProblem,
  },
});

export function registerListRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  app.openapi(listsRoute, async (c) => c.json(listsReport(await deps.lists.listSources(), new Date()), 200));
}
