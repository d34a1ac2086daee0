/** Pieces shared by every route definition. */
import type { Registry } from 'prom-client';
import type { Chainwarden, ListStore } from '../../../core/index.js';
import type { Logger } from '../../../logger.js';
import type { ApiKeyStore, Database } from '../../../store/index.js';
import type { HttpMetrics } from '../metrics.js';
import { PROBLEM_CONTENT_TYPE } from '../problem.js';
import { ProblemSchema } from '../schemas.js';

export interface RouteDeps {
  chainwarden: Chainwarden;
  apiKeys: ApiKeyStore;
  lists: Pick<ListStore, 'listSources'>;
  database: Database;
  logger: Logger;
  registry: Registry;
  metrics: HttpMetrics;
}

export const problemResponse = (description: string) => ({
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
  description,
});

/** Any other status (413 body too large, 415, 500) is a problem document too. */
export const defaultProblem = problemResponse(
  'Any other error (413 body too large, 415 not JSON, 500 unexpected), as RFC 9457 problem details.',
);
