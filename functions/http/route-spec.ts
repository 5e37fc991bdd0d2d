import type * as z from '../domain/zod.js';
import type { Area } from '../domain/areas.js';
import type { Role } from '../domain/roles.js';

export type { Area } from '../domain/areas.js';

/** A zod object, or a `z.lazy` that builds one. */
export type ObjectSchema = z.core.$ZodObject | z.core.$ZodLazy<z.core.$ZodObject>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * `passwordChange`: the route stays open to a user whose initial password must be changed first
 * (every other authenticated route answers that user 403).
 */
export type Access = 'public' | { roles: readonly Role[]; passwordChange?: true };

export interface RouteSpec {
  method: HttpMethod;
  /** Path template, e.g. `/genesys/1/storage/{id}/{key}`. */
  path: string;
  area: Area;
  access: Access;
  operationId: string;
  summary: string;
  tags: string[];
  /**
   * Zod objects describing the path parameters, query and body; used for validation and OpenAPI.
   * Route files wrap every schema in `z.lazy`, here and in `responses`: a function loads every
   * route of its area at start but answers one per request, and building all their schemas was a
   * large part of its module init (issue 11). A schema is built when a request or the OpenAPI
   * document first uses it.
   */
  params?: ObjectSchema;
  query?: ObjectSchema;
  body?: z.core.$ZodType;
  /** The body the document shows when the handler reads it itself (no `body`), e.g. an upload. */
  bodyDocument?: z.core.$ZodType;
  /** Body content types the route accepts (default: JSON, urlencoded and multipart for POST/PUT). */
  bodyTypes?: readonly ('json' | 'form' | 'multipart')[];
  /**
   * A request whose Content-Type is missing or not one of `bodyTypes` is refused with 415, even
   * without a body (GMS's Notification API: "its absence or incorrect value" answers 415).
   */
  strictMediaType?: true;
  /**
   * What the route answers, by status. A success (2xx) must say what its body is: a `schema`
   * (JSON unless `contentType` says otherwise), a `contentType` (one or several, for text and
   * binary bodies), or `empty: true` (no body). `test/unit/openapi-document.test.ts` fails on a
   * route that does not. Statuses every route of its kind can answer (400, 413, 415, 401, 403,
   * 500) are added by the OpenAPI generator; declare the others here.
   */
  responses: Record<number, RouteResponse>;
}

export interface RouteResponse {
  description: string;
  schema?: z.core.$ZodType;
  contentType?: string | readonly string[];
  /** Further content types the same answer may come as, not described by `schema` (exports). */
  alsoContentTypes?: readonly string[];
  /** The answer has no body. */
  empty?: true;
}
