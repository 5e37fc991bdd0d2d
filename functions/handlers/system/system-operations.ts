import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { buildOpenApiDocument } from '../../http/openapi-document.js';
import { ALL_ROUTES } from '../../routes/index.js';
import { health, openapi } from '../../routes/system-routes.js';
import { health as checkHealth, type HealthPorts } from '../../use-cases/system/health.js';

/** The document as last built, for the origin it was built for (it names the server). */
let document: { origin: string; text: string } | undefined;

export const systemOperations = [
  operation(health, async (_input, ports: HealthPorts) => json(await checkHealth(ports))),
  operation(openapi, async (_input, _ports: unknown, req) => {
    if (document?.origin !== req.origin) {
      document = { origin: req.origin, text: JSON.stringify(buildOpenApiDocument(ALL_ROUTES, req.origin)) };
    }
    return { text: document.text, contentType: 'application/json;charset=UTF-8' };
  }),
];
