import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { InvalidParameterError, NotFoundError, UnsupportedMediaTypeError } from '../domain/errors.js';
import { lambdaHandler } from '../lambda-handler.js';
import { logger } from '../observability.js';
import { entryPorts, installedPorts } from '../process-ports.js';
import type { Ports } from '../ports/index.js';
import type { RuntimeConfig } from '../runtime-config.js';
import { operationsByRoute, type Operation as BoundOperation, type RouteInput } from './define-route.js';
import type { RequestContext } from './request-context.js';
import { originVerifyValues } from '../runtime-config.js';
import { authorize, type AuthorizePorts } from './authenticate.js';
import { dataRecord } from '../domain/data-record.js';
import { safeParse } from '../domain/zod.js';
import { isKeySizeError, mapError, zodIssueToError } from './error-response.js';
import type { HttpResult } from './http-result.js';
import { originVerify } from './origin-verify.js';
import { publicApiGuard, publicApiScope } from './public-api-guard.js';
import { bodyKindOf, parseBody } from './request-body.js';
import type { Area, RouteSpec } from './route-spec.js';
import { phaseTimer } from './request-phases.js';
import { Router } from './router.js';
import { traceIdsOf } from './trace-ids.js';
import { annotateTrace } from '../tracing.js';

export type { RequestContext } from './request-context.js';

/**
 * What every HTTP request needs before its operation runs. The public API guard (`config`,
 * `attempts`) and authorization (`tokens`, `users`, `attempts`) only for the areas that have
 * routes they cover: `checkAreaPorts` verifies that when the area composes.
 */
export type HttpPorts = Pick<Ports, 'clock' | 'runtime'> &
  Partial<Pick<Ports, 'config' | 'attempts'>> &
  Partial<AuthorizePorts>;

type GuardPorts = Pick<Ports, 'config' | 'attempts' | 'clock'>;

function missing(area: Area, what: string, ports: object, names: string[]): void {
  const absent = names.filter((n) => !(ports as Record<string, unknown>)[n]);
  if (absent.length > 0) {
    throw new Error(`The ${area} area ${what}: its composition must provide ${absent.join(', ')}.`);
  }
}

/**
 * Throws unless `ports` hold what `area`'s routes need before their operations run: the public
 * API guard's ports for routes it covers, authorization's for routes that are not public.
 */
export function checkAreaPorts(area: Area, routes: readonly RouteSpec[], ports: HttpPorts): void {
  if (routes.some((r) => publicApiScope(r).kind !== 'none')) {
    missing(area, 'has routes under the public API lock-down', ports, ['config', 'attempts']);
  }
  if (routes.some((r) => r.access !== 'public')) {
    missing(area, 'authenticates requests', ports, ['tokens', 'users', 'attempts']);
  }
}

class MethodNotAllowedError extends InvalidParameterError {
  constructor(
    method: string,
    path: string,
    readonly allow: string[],
  ) {
    super('method', `Method ${method} is not allowed on ${path}.`);
  }
}

export interface AreaHandlerOptions {
  /**
   * Loads the whole route table (on the first request that needs it), for the function behind API Gateway's `$default` route (the system
   * function), which gets every request no route key matched: a path no route has is a 404, a
   * path that exists with other methods a 405. The local server sends the same requests to it.
   */
  unmatched?: () => Promise<readonly RouteSpec[]>;
}

function requireMediaType(route: RouteSpec, contentType: string | undefined): void {
  const kind = bodyKindOf(contentType);
  const allowed = route.bodyTypes ?? ['json'];
  if (kind === 'none' || kind === 'other' || !allowed.includes(kind)) {
    throw new UnsupportedMediaTypeError(
      `Content-Type '${contentType ?? ''}' is not supported here; send ${allowed.map((k) => MEDIA_TYPES[k]).join(' or ')}.`,
    );
  }
}

const MEDIA_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
} as const;

function decodeRaw(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

function shape(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...(result.headers ?? {}) };
  if ('json' in result) {
    return {
      statusCode: result.status ?? 200,
      headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
      body: JSON.stringify(result.json),
    };
  }
  if ('text' in result) {
    return {
      statusCode: result.status ?? 200,
      headers: { 'content-type': result.contentType ?? 'text/plain;charset=UTF-8', ...headers },
      body: result.text,
    };
  }
  if ('binary' in result) {
    return {
      statusCode: result.status ?? 200,
      headers: { 'content-type': result.contentType, ...headers },
      body: result.binary.toString('base64'),
      isBase64Encoded: true,
    };
  }
  return { statusCode: result.status, headers, body: '' };
}

/**
 * Builds the Lambda handler of one area: route by path (the same `Router` the local server uses),
 * authorize, parse and validate, run the operation, shape the result. Every error goes through
 * `mapError`, so only deliberate errors reach the client and nothing leaks a stack trace.
 */
export function createAreaHandler<P extends HttpPorts>(
  area: Area,
  /** The area's routes (routes/areas/<area>.ts): a function bundles only its own. */
  routes: readonly RouteSpec[],
  operations: readonly BoundOperation<NoInfer<P>>[],
  compose: (runtime: RuntimeConfig) => P,
  options: AreaHandlerOptions = {},
) {
  const byRoute = operationsByRoute(area, routes, operations);
  const portsOf = entryPorts<P>(compose, (ports) => checkAreaPorts(area, routes, ports));
  const router = new Router(routes);
  let everything: Router | undefined;

  /** 404 or 405 for a request this area has no route for, judged on the whole table when given. */
  const unmatched = async (method: string, path: string): Promise<never> => {
    if (options.unmatched) everything ??= new Router(await options.unmatched());
    const table = everything ?? router;
    const anywhere = table.match(method, path);
    if (anywhere && 'methodNotAllowed' in anywhere) {
      throw new MethodNotAllowedError(method, path, table.allowedMethods(path));
    }
    // Either no route at all, or one of another area (API Gateway sends that to its own function).
    throw new NotFoundError(`No route for ${method} ${path}.`);
  };

  const raw = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const phases = phaseTimer();
    const method = event.requestContext.http.method.toUpperCase();
    const match = router.match(method, event.rawPath);
    if (!match || 'methodNotAllowed' in match) return unmatched(method, event.rawPath);
    const { route, params } = match;
    annotateTrace(traceIdsOf(route.path, params));
    const d = portsOf();
    // Null-prototype maps throughout: a client's parameter `__proto__` or `constructor` is data.
    const headers = dataRecord<string>();
    for (const [k, v] of Object.entries(event.headers ?? {}))
      if (v !== undefined) headers[k.toLowerCase()] = v;
    phases?.lap('routing');

    const sourceIp = event.requestContext.http.sourceIp ?? '';
    const principal =
      route.access === 'public'
        ? undefined
        : await authorize(d as AuthorizePorts, route.access, headers.authorization, sourceIp);
    // Public API lock-down (rate limit, Basic or API key): before the body is read.
    const publicAccess = await publicApiGuard.check(d as GuardPorts, route, params, headers, sourceIp);
    phases?.lap('auth');

    const queryAll = new URLSearchParams(event.rawQueryString ?? '');
    const query = dataRecord<string>();
    for (const [k, v] of queryAll) query[k] = v;

    if (route.strictMediaType) requireMediaType(route, headers['content-type']);
    const body = await parseBody(decodeRaw(event), headers['content-type']);
    if (route.bodyTypes && body.kind !== 'none' && !route.bodyTypes.includes(body.kind)) {
      throw new InvalidParameterError(
        'Content-Type',
        `This route accepts ${route.bodyTypes.join(', ')} bodies, not ${body.kind}.`,
      );
    }
    phases?.lap('parsing');

    const check = (schema: RouteSpec['params'] | RouteSpec['body'], input: unknown, where: string) => {
      if (!schema) return undefined;
      const out = safeParse(schema, input);
      if (!out.success) throw zodIssueToError(out.error, where);
      return out.data;
    };
    // What the operation gets: each part parsed by the route's schema, else as sent.
    const input = {
      params: check(route.params, params, 'path') ?? params,
      query: check(route.query, query, 'query') ?? query,
      body: check(route.body, body.kind === 'json' ? body.json : body.fields, 'body'),
    };
    phases?.lap('validation');

    const host = headers['x-forwarded-host'] ?? headers.host ?? event.requestContext.domainName;
    const proto =
      headers['x-forwarded-proto'] ??
      (event.requestContext.domainName?.includes('127.0.0.1') ? 'http' : 'https');
    const req: RequestContext = {
      route,
      params,
      query,
      queryAll,
      headers,
      body,
      principal,
      sourceIp,
      publicAccess,
      origin: `${proto}://${host}`,
      requestId: event.requestContext.requestId ?? context.awsRequestId,
    };
    const result = await byRoute.get(route)!.run(input as RouteInput<RouteSpec>, d, req);
    phases?.lap('operation');
    const shaped = shape(result);
    phases?.lap('response');
    phases?.done();
    return shaped;
  };

  const handler = lambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(raw).use({
    onError: async (request) => {
      const mapped = mapError(request.error);
      if (mapped.status >= 500 && mapped.status !== 503) {
        logger.error('Unhandled error', { error: request.error as Error, path: request.event.rawPath });
      } else if (isKeySizeError(request.error)) {
        logger.warn('Client input reached a DynamoDB key size limit: cap it where it is read', {
          error: request.error as Error,
          path: request.event.rawPath,
        });
      }
      if (request.error instanceof MethodNotAllowedError) {
        mapped.status = 405;
        mapped.body.code = 405;
        mapped.body.phrase = 'Method Not Allowed';
        mapped.headers = { ...mapped.headers, allow: request.error.allow.join(', ') };
      }
      // A page's script (the UI sends X-Requested-With) handles a 401 itself: a Basic challenge
      // would make the browser pop up its own login dialog instead.
      const fromScript = Object.keys(request.event.headers ?? {}).some(
        (h) => h.toLowerCase() === 'x-requested-with',
      );
      if (fromScript && mapped.headers) delete mapped.headers['www-authenticate'];
      request.response = {
        statusCode: mapped.status,
        headers: {
          'content-type': 'application/json;charset=UTF-8',
          'cache-control': 'no-store',
          ...mapped.headers,
        },
        body: JSON.stringify(mapped.body),
      };
    },
  });
  // Before routing and authentication: a request that bypassed CloudFront learns nothing.
  return handler.use(originVerify(() => installedPorts()?.runtime?.originVerify ?? originVerifyValues()));
}
