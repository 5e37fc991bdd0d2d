import { matchAllGroups, matchGroup } from '../domain/pattern-group.js';
import { createAreaHandler, legacyOperations } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { json } from '../http/http-result.js';

/** Public Pattern Matcher API: posted fields (form, multipart or JSON scalars) against stored pattern groups. */
export const handler = createAreaHandler(
  'patterns',
  legacyOperations('patterns', {
    patternsMatchAll: async (req, deps) => json(await matchAllGroups(deps, req.body.fields)),
    patternsMatchGroup: async (req, deps) => json(await matchGroup(deps, req.params.group!, req.body.fields)),
  }),
  createDeps,
);
