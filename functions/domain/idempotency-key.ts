import { createHash } from 'node:crypto';
import { InvalidParameterError } from './errors.js';

/** The request header a client names a create with, so that a retry of it creates nothing new. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A key and the first answer are kept this long: far longer than any client retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * A request holding a key longer than this without answering is taken to have died (a crash, a
 * Lambda timeout): a retry then finishes or redoes its work. Far above a create's normal time.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * UUIDs, ULIDs, base64 and most client ids fit. No spaces or commas: proxies join repeated headers
 * with a comma, so a key sent twice is refused instead of being read as another key.
 */
const KEY = /^[A-Za-z0-9._~:+/=-]{1,255}$/;

/** The key of the request, or undefined when it sends none. */
export function readIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!KEY.test(value)) {
    throw new InvalidParameterError(
      IDEMPOTENCY_HEADER,
      `Header '${IDEMPOTENCY_HEADER}' must be 1 to 255 characters among letters, digits and . _ ~ : + / = - (one value, e.g. a UUID).`,
    );
  }
  return value;
}

/** What makes two requests "the same": a key sent again with anything else is refused. */
export interface RequestIdentity {
  method: string;
  path: string;
  parameters: Record<string, string>;
  files?: Record<string, { filename: string; contentType: string; data: Uint8Array }>;
}

/** SHA-256 over the request's method, path and parameters in a canonical order. */
export function requestFingerprint(request: RequestIdentity): string {
  const sorted = (o: Record<string, string>) =>
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]);
  const files = Object.keys(request.files ?? {})
    .sort()
    .map((k) => {
      const f = request.files![k]!;
      return [k, f.filename, f.contentType, createHash('sha256').update(f.data).digest('hex')];
    });
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.path, sorted(request.parameters), files]))
    .digest('hex');
}

/** A create's `Idempotency-Key`, claimed before the create runs (see `IdempotencyStore`). */
export interface IdempotencyClaim {
  /** `<scope>#<key>`, the scope being e.g. the callback service. */
  key: string;
  /** The request it was first used with (`requestFingerprint`). */
  fingerprint: string;
  /** The id the create gives what it creates: chosen at the claim, so a retry after a crash reuses it. */
  resourceId: string;
  /** A random token of the request holding the claim: only it answers or gives the claim up. */
  owner: string;
  claimedAt: number;
  expiresAt: number;
  /** The first answer, once there is one. */
  response?: { status: number; body: unknown };
}
