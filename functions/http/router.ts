import type { HttpMethod, RouteSpec } from './route-spec.js';

export interface RouteMatch<R extends RouteSpec = RouteSpec> {
  route: R;
  params: Record<string, string>;
}

interface Compiled<R> {
  route: R;
  segments: string[];
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

const isVariable = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

/**
 * Matches a concrete path against route templates. Static segments win over variables at the
 * same position, as in API Gateway. Used by the local server (to pick the area) and by every
 * handler (to pick the operation), so both runtimes route identically.
 */
export class Router<R extends RouteSpec = RouteSpec> {
  private readonly compiled: Compiled<R>[];

  constructor(routes: readonly R[]) {
    this.compiled = routes.map((route) => ({ route, segments: split(route.path) }));
  }

  match(method: string, path: string): RouteMatch<R> | { methodNotAllowed: true } | undefined {
    const actual = split(path).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    let best: { c: Compiled<R>; score: number; params: Record<string, string> } | undefined;
    let pathMatched = false;
    for (const c of this.compiled) {
      if (c.segments.length !== actual.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < c.segments.length; i++) {
        const seg = c.segments[i]!;
        const value = actual[i]!;
        if (isVariable(seg)) {
          params[seg.slice(1, -1)] = value;
        } else if (seg === value) {
          score += 1 << (c.segments.length - i);
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (c.route.method !== (method.toUpperCase() as HttpMethod)) continue;
      if (!best || score > best.score) best = { c, score, params };
    }
    if (best) return { route: best.c.route, params: best.params };
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }

  /** The methods some route serves `path` with (a 405's `Allow` header). */
  allowedMethods(path: string): HttpMethod[] {
    return (['GET', 'POST', 'PUT', 'DELETE'] as const).filter((m) => {
      const found = this.match(m, path);
      return found !== undefined && 'route' in found;
    });
  }
}

/**
 * API Gateway HTTP APIs reject two variables with different names at the same level of the path
 * tree, so the deployed route key names each variable by its position. Handlers never rely on
 * API Gateway's names: they re-match `rawPath` with `Router`.
 */
export function apiGatewayRouteKey(route: RouteSpec): string {
  const segments = split(route.path).map((s, i) => (isVariable(s) ? `{p${i}}` : s));
  return `${route.method} /${segments.join('/')}`;
}
