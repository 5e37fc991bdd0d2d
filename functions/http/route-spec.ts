import type * as z from 'zod';
import type { Role } from '../domain/roles.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The Lambda function (and local handler module) that serves a route. */
export type Area = 'service' | 'storage' | 'patterns' | 'admin' | 'system' | 'callback' | 'agent' | 'reports';

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
  /** Zod objects describing the path parameters, query and body; used for validation and OpenAPI. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Body content types the route accepts (default: JSON, urlencoded and multipart for POST/PUT). */
  bodyTypes?: readonly ('json' | 'form' | 'multipart')[];
  /**
   * A request whose Content-Type is missing or not one of `bodyTypes` is refused with 415, even
   * without a body (GMS's Notification API: "its absence or incorrect value" answers 415).
   */
  strictMediaType?: true;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}
