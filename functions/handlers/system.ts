import { ServiceUnavailableError } from '../domain/errors.js';
import { createAreaHandler, legacyOperations } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { json } from '../http/http-result.js';
import { buildOpenApiDocument } from '../http/openapi-document.js';
import { ALL_ROUTES } from '../routes/index.js';

let openapi: { origin: string; text: string } | undefined;

/** Also API Gateway's `$default` route: GMS's 404 for unknown paths, 405 for a wrong method. */
export const handler = createAreaHandler(
  'system',
  legacyOperations('system', {
    health: async (_req, deps) => {
      const failed = (await deps.tableHealth.probe()).find((p) => !p.ok);
      if (failed) throw new ServiceUnavailableError(`Storage is not reachable: ${failed.error}.`);
      return json({ status: 'UP', node: await deps.node.get() });
    },
    openapi: async (req) => {
      if (openapi?.origin !== req.origin) {
        openapi = {
          origin: req.origin,
          text: JSON.stringify(buildOpenApiDocument(ALL_ROUTES, req.origin)),
        };
      }
      return { text: openapi.text, contentType: 'application/json;charset=UTF-8' };
    },
  }),
  createDeps,
  { unmatched: ALL_ROUTES },
);
