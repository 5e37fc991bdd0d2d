import { matchAllGroups, matchGroup } from '../domain/pattern-group.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { json } from '../http/http-result.js';
import { routesOf } from '../routes/index.js';

/** Public Pattern Matcher API: posted fields (form, multipart or JSON scalars) against stored pattern groups. */
export const handler = createAreaHandler(routesOf('patterns'), {
  patternsMatchAll: async (req, deps) => json(await matchAllGroups(deps, req.body.fields)),
  patternsMatchGroup: async (req, deps) => json(await matchGroup(deps, req.params.group!, req.body.fields)),
});
