import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { patternsMatchAll, patternsMatchGroup } from '../../routes/patterns-routes.js';
import {
  matchAllGroups,
  matchGroup,
  type MatchPatternsPorts,
} from '../../use-cases/patterns/match-patterns.js';

/** Public Pattern Matcher API: posted fields (form, multipart or JSON scalars) against stored pattern groups. */
export const patternsOperations = [
  operation(patternsMatchAll, async (_input, ports: MatchPatternsPorts, req) =>
    json(await matchAllGroups(ports, req.body.fields)),
  ),
  operation(patternsMatchGroup, async ({ params }, ports: MatchPatternsPorts, req) =>
    json(await matchGroup(ports, params.group, req.body.fields)),
  ),
];
