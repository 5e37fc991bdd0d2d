import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { health, openapi } from '../../routes/system-routes.js';
import { health as checkHealth, type HealthPorts } from '../../use-cases/system/health.js';

/** The document as last built, for the origin it was built for (it names the server). */
let document: { origin: string; text: string } | undefined;

export const systemOperations = [
  operation(health, async (_input, ports: HealthPorts) => json(await checkHealth(ports))),
  operation(openapi, async (_input, _ports: unknown, req) => {
    if (document?.origin !== req.origin) {
      // The whole route table and the JSON Schema generation load with the first document asked
      // for, not at the function's start (its own chunk of the bundle).
      const [{ buildOpenApiDocument }, { ALL_ROUTES }] = await Promise.all([
        import('../../http/openapi-document.js'),
        import('../../routes/index.js'),
      ]);
      document = { origin: req.origin, text: JSON.stringify(buildOpenApiDocument(ALL_ROUTES, req.origin)) };
    }
    return { text: document.text, contentType: 'application/json;charset=UTF-8' };
  }),
];
