import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import { configName, errorResponses, gmsError } from './schemas.js';

const matches = z.lazy(() =>
  z.record(z.string(), z.string()).check(z.meta({ description: 'Parameter name -> matching pattern name' })),
);

export const patternsMatchAll = defineRoute({
  method: 'POST',
  path: '/genesys/1/patterns',
  area: 'patterns',
  access: 'public',
  operationId: 'patternsMatchAll',
  summary:
    'Matches each posted parameter against every pattern group (the general list). A pattern must match the whole ' +
    'value (Java `matches()`). Groups are tried in name order and, within a group, patterns in name order ' +
    '(code-unit order); the first match names the pattern. Values are limited to 10,000 characters, 100 parameters.',
  tags: ['Pattern Matcher API'],
  bodyTypes: ['form', 'multipart', 'json'],
  responses: {
    200: { description: 'Matches; non-matching parameters are absent', schema: matches },
    ...errorResponses,
  },
});

export const patternsMatchGroup = defineRoute({
  method: 'POST',
  path: '/genesys/1/patterns/group/{group}',
  area: 'patterns',
  access: 'public',
  operationId: 'patternsMatchGroup',
  summary:
    'Matches each posted parameter against the patterns of one group. A pattern must match the whole value; when ' +
    'several match, the first in name order (code-unit order) is returned. Values are limited to 10,000 characters.',
  tags: ['Pattern Matcher API'],
  params: z.lazy(() => z.object({ group: configName })),
  bodyTypes: ['form', 'multipart', 'json'],
  responses: {
    200: { description: 'Matches; non-matching parameters are absent', schema: matches },
    ...errorResponses,
    404: { description: 'No such pattern group', schema: gmsError },
  },
});

export const patternsRoutes = [patternsMatchAll, patternsMatchGroup];
