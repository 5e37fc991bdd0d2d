import type { Principal } from './authenticate.js';
import type { PublicAccess } from './public-api-guard.js';
import type { ParsedBody } from './request-body.js';
import type { RouteSpec } from './route-spec.js';

/** One request as every operation sees it, once routed, authorized and parsed. */
export interface RequestContext {
  route: RouteSpec;
  params: Record<string, string>;
  /** Last value of each query parameter. */
  query: Record<string, string>;
  /** Every value of repeatable query parameters. */
  queryAll: URLSearchParams;
  headers: Record<string, string>;
  body: ParsedBody;
  principal?: Principal;
  /** The client's address as API Gateway (or the local server) saw it: the key of per-client limits. */
  sourceIp: string;
  /** Set on routes that may return records of any service (`GET service/callback`): which ones this request may see. */
  publicAccess?: PublicAccess;
  /** `https://host` (or `http://127.0.0.1:8080` locally): for URLs returned to clients. */
  origin: string;
  requestId: string;
}
