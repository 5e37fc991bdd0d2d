import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../adapters/dynamodb/table-definitions.js';
import { ServiceUnavailableError } from '../domain/errors.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { json } from '../http/http-result.js';
import { buildOpenApiDocument } from '../http/openapi-document.js';
import { ALL_ROUTES, routesOf } from '../routes/index.js';

let openapi: { origin: string; text: string } | undefined;

export const handler = createAreaHandler(routesOf('system'), {
  health: async (_req, deps) => {
    try {
      // One read per table proves each is reachable with this function's grants.
      await Promise.all(
        TABLES.map((t) =>
          deps.doc.send(
            new GetCommand({
              TableName: deps.runtime.tables[t.id],
              Key: {
                [t.partitionKey.name]: 'health',
                ...(t.sortKey ? { [t.sortKey.name]: t.sortKey.type === 'N' ? 0 : 'health' } : {}),
              },
            }),
          ),
        ),
      );
    } catch (e) {
      throw new ServiceUnavailableError(`Storage is not reachable: ${(e as Error).name}.`);
    }
    return json({ status: 'UP', node: await deps.node.get() });
  },
  openapi: async (req) => {
    if (openapi?.origin !== req.origin) {
      openapi = {
        origin: req.origin,
        text: JSON.stringify(buildOpenApiDocument(ALL_ROUTES, `${req.origin}/`)),
      };
    }
    return { text: openapi.text, contentType: 'application/json;charset=UTF-8' };
  },
});
