import { describe, expect, it } from 'vitest';
import * as z from '../../../functions/domain/zod.js';
import type { RouteSpec } from '../../../functions/http/route-spec.js';
import { ALL_ROUTES } from '../../../functions/routes/index.js';

/** Every schema a route carries, named by where it sits. */
function schemasOf(route: RouteSpec): [string, z.core.$ZodType][] {
  const found: [string, z.core.$ZodType | undefined][] = [
    ['params', route.params],
    ['query', route.query],
    ['body', route.body],
    ['bodyDocument', route.bodyDocument],
    ...Object.entries(route.responses).map(([status, r]): [string, z.core.$ZodType | undefined] => [
      `responses.${status}`,
      r.schema,
    ]),
  ];
  return found.filter((f): f is [string, z.core.$ZodType] => f[1] !== undefined);
}

/**
 * A function loads every route of its area at start and answers one per request: route schemas
 * are `z.lazy`, built when a request (or the OpenAPI document) first uses them. Building them all
 * at import was the largest part of the admin function's module init (issue 11).
 */
describe('route schemas', () => {
  it.each(ALL_ROUTES.map((r) => [r.operationId, r] as const))(
    '%s: every schema is built on first use',
    (_, route) => {
      const eager = schemasOf(route)
        .filter(([, schema]) => schema._zod.def.type !== 'lazy')
        .map(([where]) => where);
      expect(eager).toEqual([]);
    },
  );

  it('validate as the schemas they stand for', () => {
    const login = ALL_ROUTES.find((r) => r.operationId === 'login')!;
    expect(z.safeParse(login.body!, { username: 'a', password: 'b' }).success).toBe(true);
    const refused = z.safeParse(login.body!, { username: '', password: 'b' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['username']);
  });
});
