import * as z from '../domain/zod.js';

// Schemas the routes share, built on first use like the routes' own (see `RouteSpec`).

/** Names of configured things (services, groups, users): what GMS allows in a config section name. */
export const configName = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "-" and "." only'),
  );

/** A flat map of option name to string value, like a GMS configuration section. */
export const optionMap = z.lazy(() =>
  z.record(
    z.string().check(z.minLength(1), z.maxLength(256)),
    z.pipe(
      z.union([z.string().check(z.maxLength(65536)), z.number(), z.boolean()]),
      z.transform((v) => String(v)),
    ),
  ),
);

/**
 * GMS's error body. Some errors carry more (`resource_group` of an exhausted pool, `availability`
 * proposals of a refused callback time, the password-change hint), so other members are allowed.
 */
export const gmsError = z.lazy(() =>
  z
    .looseObject({
      message: z.string(),
      exception: z.string(),
      code: z.number().check(z.int()),
      phrase: z.string(),
      parameter: z.optional(z.string()).check(z.describe('The request parameter at fault')),
      resource_group: z
        .optional(z.string())
        .check(z.describe('503 of request-access: the exhausted resource group')),
      availability: z
        .optional(z.record(z.string(), z.number()))
        .check(z.describe('Callback: proposed times (ISO-8601) with their free capacity')),
      error: z.optional(z.string()).check(z.describe('403 `password-change-required`')),
      change_password: z
        .optional(z.string())
        .check(z.describe('The route that changes the initial password')),
    })
    .check(z.meta({ id: 'GmsError' })),
);

export const errorResponses = {
  400: { description: 'Bad input; `parameter` names the offending parameter', schema: gmsError },
};

/** Creates that take an `Idempotency-Key` header (see docs/gms-compatibility.md, Idempotency-Key). */
export const IDEMPOTENCY_SUMMARY =
  ' Optional header `Idempotency-Key` (1 to 255 of `A-Za-z0-9._~:+/=-`): a retry with the same key (and service) within 24 h ' +
  'answers the first response (header `Idempotent-Replayed: true`) and creates nothing.';

export const idempotencyResponses = {
  409: {
    description: 'The first request with this `Idempotency-Key` is still running (`Retry-After`)',
    schema: gmsError,
  },
  422: {
    description: '`Idempotency-Key` already used with a different request (`parameter` names the header)',
    schema: gmsError,
  },
};

export const authErrorResponses = {
  401: { description: 'Missing or invalid credentials', schema: gmsError },
  403: { description: "The user's roles do not allow this route", schema: gmsError },
  429: { description: 'Locked out after repeated failed logins (see Retry-After)', schema: gmsError },
};
