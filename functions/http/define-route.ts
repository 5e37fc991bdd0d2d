import type * as z from '../domain/zod.js';
import type { HttpResult } from './http-result.js';
import type { RequestContext } from './request-context.js';
import type { Area, RouteSpec } from './route-spec.js';

/**
 * A route with its schemas' types kept (`defineRoute` is the identity at run time): the operation
 * bound to it gets its parsed input typed from the same schemas that validate it and document it.
 */
export function defineRoute<const S extends RouteSpec>(spec: S): S {
  return spec;
}

type Parsed<T, Otherwise> = T extends z.core.$ZodType ? z.output<T> : Otherwise;

/** What a route's schemas produce: path parameters, query and body, validated and coerced. */
export interface RouteInput<S extends RouteSpec> {
  params: Parsed<S['params'], Record<string, string>>;
  query: Parsed<S['query'], Record<string, string>>;
  body: Parsed<S['body'], undefined>;
}

/**
 * A route bound to what answers it. `P` is the ports the handler needs: an area's composition must
 * provide at least these (checked by `createAreaHandler` at compile time).
 */
export interface Operation<P> {
  readonly route: RouteSpec;
  readonly run: (input: RouteInput<RouteSpec>, ports: P, req: RequestContext) => Promise<HttpResult>;
}

/** Binds `route` to `run`; the input `run` receives is typed by the route's own schemas. */
export function operation<const S extends RouteSpec, P>(
  route: S,
  run: (input: RouteInput<S>, ports: P, req: RequestContext) => Promise<HttpResult>,
): Operation<P> {
  return { route, run: run as Operation<P>['run'] };
}

/**
 * Checks that `operations` answer exactly the routes of `area` (`routes`), each once: a route
 * without an operation, or one bound twice, is a start failure, not a 500 on first use.
 */
export function operationsByRoute<P>(
  area: Area,
  routes: readonly RouteSpec[],
  operations: readonly Operation<P>[],
): Map<RouteSpec, Operation<P>> {
  const byRoute = new Map<RouteSpec, Operation<P>>();
  for (const op of operations) {
    if (op.route.area !== area) {
      throw new Error(`Operation ${op.route.operationId} is of area ${op.route.area}, not ${area}.`);
    }
    if (byRoute.has(op.route)) throw new Error(`Route ${op.route.operationId} has two operations.`);
    byRoute.set(op.route, op);
  }
  for (const r of routes) {
    if (!byRoute.has(r)) throw new Error(`No operation implements route ${r.operationId}.`);
  }
  return byRoute;
}
