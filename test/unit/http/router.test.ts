import { describe, expect, it } from 'vitest';
import { apiGatewayRouteKey, Router } from '../../../functions/http/router.js';
import type { RouteSpec } from '../../../functions/http/route-spec.js';
import { ALL_ROUTES } from '../../../functions/routes/index.js';

const route = (method: RouteSpec['method'], path: string): RouteSpec => ({
  method,
  path,
  area: 'storage',
  access: 'public',
  operationId: `${method} ${path}`,
  summary: '',
  tags: [],
  responses: {},
});

describe('Router', () => {
  const routes = [
    route('GET', '/genesys/1/storage/{id}'),
    route('GET', '/genesys/1/storage/{id}/{key}'),
    route('GET', '/genesys/1/storage/binary/{id}/{key}'),
    route('POST', '/genesys/1/storage/{ttl}'),
  ];
  const router = new Router(routes);

  it('extracts decoded parameters', () => {
    expect(router.match('GET', '/genesys/1/storage/abc/my%20key')).toEqual({
      route: routes[1],
      params: { id: 'abc', key: 'my key' },
    });
  });

  it('prefers static segments over variables', () => {
    expect(router.match('GET', '/genesys/1/storage/binary/abc/k')).toMatchObject({ route: routes[2] });
  });

  it('picks by method and reports a known path with another method', () => {
    expect(router.match('POST', '/genesys/1/storage/30')).toMatchObject({
      route: routes[3],
      params: { ttl: '30' },
    });
    expect(router.match('DELETE', '/genesys/1/storage/30')).toEqual({ methodNotAllowed: true });
    expect(router.allowedMethods('/genesys/1/storage/30')).toEqual(['GET', 'POST']);
    expect(router.allowedMethods('/genesys/1/other')).toEqual([]);
    expect(router.match('GET', '/genesys/1/other')).toBeUndefined();
  });

  it('names API Gateway variables by position, so no level has two names', () => {
    expect(apiGatewayRouteKey(routes[2]!)).toBe('GET /genesys/1/storage/binary/{p4}/{p5}');
    const byLevel = new Map<string, Set<string>>();
    for (const r of ALL_ROUTES) {
      const segments = apiGatewayRouteKey(r).split(' ')[1]!.split('/');
      segments.forEach((seg, i) => {
        if (!seg.startsWith('{')) return;
        const parent = segments.slice(0, i).join('/');
        byLevel.set(parent, (byLevel.get(parent) ?? new Set()).add(seg));
      });
    }
    for (const [parent, names] of byLevel)
      expect({ parent, names: [...names] }).toEqual({ parent, names: [...names].slice(0, 1) });
  });

  it('every route of the product is reachable through the router by its own template', () => {
    const all = new Router(ALL_ROUTES);
    for (const r of ALL_ROUTES) {
      const path = r.path.replace(/\{[^}]+\}/g, 'v');
      const m = all.match(r.method, path);
      expect(m && 'route' in m ? m.route.operationId : m).toBe(r.operationId);
    }
  });
});
