import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyApiKey, verifyClientPassword } from '../domain/client-secrets.js';
import { TooManyRequestsError, UnauthorizedError } from '../domain/errors.js';
import {
  effectiveCredentials,
  presentedCredentials,
  requiresAuthentication,
  sameCredentials,
  type PresentedCredentials,
  type PublicCredentials,
} from '../domain/public-access.js';
import { DEFAULT_LOGIN_LIMITS, lockedFor, publicSourceKey, recordFailure } from '../domain/login-lockout.js';
import { secondsLeftInWindow } from '../domain/fixed-window.js';
import { rateLimitOf, readServerSettings } from '../domain/server-settings.js';
import { logger } from '../observability.js';
import type { AttemptCounter } from '../ports/attempt-counter.js';
import type { Ports } from '../ports/index.js';
import type { Area, RouteSpec } from './route-spec.js';

/**
 * Which lock-down settings a public route obeys:
 * - `service`: the route names a service (`POST|GET service/{service}`, `service/callback/{name}`
 *   and everything under it): that service's `username`/`password`/`api_key`, else the server's.
 * - `any-service`: `GET service/callback?_id|_customer_number` may return callbacks of any
 *   service: the server's credentials to call it, and a record of a service with credentials of
 *   its own only when the request carries those too.
 * - `server`: storage and requests on a live session (`service/{id}/...`: connect,
 *   check-queue-position, chat, notifications): the server's credentials. A session id is a
 *   128-bit random secret that only the (authenticated) create returned.
 * The per-client rate limit applies to all three. Health, OpenAPI, patterns (read-only, no
 * authentication in GMS either; its function has no table to count in) and management routes:
 * none of this.
 */
export type PublicApiScope =
  { kind: 'none' } | { kind: 'server' } | { kind: 'any-service' } | { kind: 'service'; param: string };

/** The areas whose public routes the lock-down covers: what mobile apps call. */
const PUBLIC_API_AREAS: readonly Area[] = ['service', 'storage', 'callback', 'session'];

export function publicApiScope(route: RouteSpec): PublicApiScope {
  if (route.access !== 'public') return { kind: 'none' };
  if (!PUBLIC_API_AREAS.includes(route.area)) return { kind: 'none' };
  if (route.path === '/genesys/1/service/callback') return { kind: 'any-service' };
  if (route.path.startsWith('/genesys/1/service/callback/{name}')) return { kind: 'service', param: 'name' };
  if (route.path === '/genesys/1/service/{service}') return { kind: 'service', param: 'service' };
  return { kind: 'server' };
}

/** What an `any-service` route asks before returning a record of another service. */
export interface PublicAccess {
  allowsService(serviceName: string): Promise<boolean>;
  /**
   * The request's `Authorization` was the public API's Basic credentials (the server's or the
   * service's), not a user's: routes that also read user credentials (match-interaction's
   * telephony side) must not take it for a login.
   */
  authorizationIsPublic: boolean;
}

const everyService = async () => true;

/** A Basic password check costs a (light) scrypt: its verdict is kept this long per header and stored hash. */
const VERDICT_TTL_MS = 60_000;
const MAX_VERDICTS = 10_000;

/** Who is asking, for the failed-password lockout of an address. */
interface Caller {
  attempts: AttemptCounter;
  sourceIp: string;
  now: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time string equality (through SHA-256, so lengths do not show either). */
const sameString = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export class PublicApiGuard {
  /** SHA-256(stored hash, Authorization header) -> verdict; never holds a password or the header. */
  private readonly verdicts = new Map<string, { ok: boolean; at: number }>();

  /**
   * A Basic password check costs a (light) scrypt and a configured password has no user to lock:
   * failures are limited per address as logins are, checked before the hash runs (429 while
   * locked, the right password too), so a password cannot be guessed at hash speed.
   */
  private async passwordMatches(password: string, header: string, stored: string, caller: Caller) {
    const key = digest(`${stored}\n${header}`).toString('base64');
    const cached = this.verdicts.get(key);
    if (cached && caller.now - cached.at < VERDICT_TTL_MS) return cached.ok;
    const failKey = publicSourceKey(caller.sourceIp);
    const policy = DEFAULT_LOGIN_LIMITS.perSource;
    const lock = await lockedFor(caller.attempts, failKey, policy, caller.now);
    if (lock.retryAfterSeconds > 0) {
      throw new TooManyRequestsError(
        `Too many failed credentials from this client: try again in ${lock.retryAfterSeconds} seconds.`,
        lock.retryAfterSeconds,
      );
    }
    const ok = await verifyClientPassword(password, stored);
    if (!ok) {
      const { failures, lockSeconds } = await recordFailure(caller.attempts, failKey, policy, caller.now);
      if (lockSeconds > 0) {
        logger.warn('Public API lockout after repeated failed credentials', {
          securityEvent: 'public-api-lockout',
          sourceIp: caller.sourceIp,
          failures,
          lockSeconds,
        });
      }
    }
    if (this.verdicts.size >= MAX_VERDICTS) {
      // Oldest first: Map keeps insertion order.
      for (const k of [...this.verdicts.keys()].slice(0, MAX_VERDICTS / 10)) this.verdicts.delete(k);
    }
    this.verdicts.delete(key);
    this.verdicts.set(key, { ok, at: caller.now });
    return ok;
  }

  private async accepts(creds: PublicCredentials, presented: PresentedCredentials, caller: Caller) {
    if (presented.kind === 'api-key') {
      return creds.apiKeyHash !== undefined && verifyApiKey(presented.key, creds.apiKeyHash);
    }
    if (presented.kind === 'basic' && creds.passwordHash !== undefined) {
      const userOk = creds.username === undefined || sameString(presented.username, creds.username);
      const passwordOk = await this.passwordMatches(
        presented.password,
        presented.header,
        creds.passwordHash,
        caller,
      );
      return userOk && passwordOk;
    }
    return false;
  }

  /** Throws 401 unless `creds` are not required or `presented` satisfies them; true when Basic did. */
  private async demand(
    creds: PublicCredentials,
    presented: PresentedCredentials,
    caller: Caller,
  ): Promise<boolean> {
    if (!requiresAuthentication(creds)) return false;
    if (await this.accepts(creds, presented, caller)) return presented.kind === 'basic';
    const methods = [
      creds.passwordHash !== undefined ? 'HTTP Basic credentials' : undefined,
      creds.apiKeyHash !== undefined ? 'an X-API-Key header' : undefined,
    ]
      .filter(Boolean)
      .join(' or ');
    const error = new UnauthorizedError(
      presented.kind === 'none' ? `Authentication required: send ${methods}.` : 'Invalid credentials.',
    );
    error.realm = creds.realm;
    throw error;
  }

  /**
   * Rate limit, then authentication, before the body is read. Returns what the route needs to
   * know of it (which services' records an `any-service` route may return, whose credentials
   * `Authorization` carried); undefined for routes the lock-down does not cover. Throws 429 or 401.
   */
  async check(
    deps: Pick<Ports, 'config' | 'attempts' | 'clock'>,
    route: RouteSpec,
    params: Readonly<Record<string, string>>,
    headers: Readonly<Record<string, string>>,
    sourceIp: string,
  ): Promise<PublicAccess | undefined> {
    const scope = publicApiScope(route);
    if (scope.kind === 'none') return undefined;
    const server = await readServerSettings(deps.config);
    const now = deps.clock.now();
    const limit = rateLimitOf(server);
    if (limit) {
      const count = await deps.attempts.hit(`public#ip#${sourceIp}`, limit.windowSeconds, now);
      if (count > limit.requests) {
        throw new TooManyRequestsError(
          `Too many requests from this client: at most ${limit.requests} every ${limit.windowSeconds} s.`,
          secondsLeftInWindow(limit.windowSeconds, now),
        );
      }
    }
    const presented = presentedCredentials(headers);
    const caller: Caller = { attempts: deps.attempts, sourceIp, now };
    const serverCreds = effectiveCredentials(server);
    if (scope.kind === 'service') {
      const name = params[scope.param];
      const service = name ? (await deps.config.get('service', name))?.options : undefined;
      const authorizationIsPublic = await this.demand(
        effectiveCredentials(server, service),
        presented,
        caller,
      );
      return { allowsService: everyService, authorizationIsPublic };
    }
    const authorizationIsPublic = await this.demand(serverCreds, presented, caller);
    if (scope.kind === 'server') return { allowsService: everyService, authorizationIsPublic };
    return {
      authorizationIsPublic,
      allowsService: async (serviceName) => {
        const service = (await deps.config.get('service', serviceName))?.options;
        const creds = effectiveCredentials(server, service);
        if (!requiresAuthentication(creds) || sameCredentials(creds, serverCreds)) return true;
        return this.accepts(creds, presented, { ...caller, now: deps.clock.now() });
      },
    };
  }
}

/** One per process: the verdict cache is shared by every request the instance serves. */
export const publicApiGuard = new PublicApiGuard();
