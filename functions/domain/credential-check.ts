import type { AttemptCounter } from '../ports/attempt-counter.js';
import type { Clock } from '../ports/clock-and-ids.js';
import type { User } from './user-account.js';
import type { UserStore } from '../ports/users-and-tokens.js';
import { TooManyRequestsError } from './errors.js';
import {
  DEFAULT_LOGIN_LIMITS,
  lockedFor,
  recordFailure,
  sourceKey,
  userKey,
  type LockoutPolicy,
  type LoginLimits,
} from './login-lockout.js';
import { dummyPasswordHash, verifyPassword } from './password-hash.js';

/** Longest username worth looking up: config names are at most 128 characters. */
export const MAX_USERNAME_LENGTH = 128;

/**
 * Password checks of one user (and of one address) running at once. The failure count is read
 * before the hash and written after it, so without this a burst of parallel guesses (one per
 * Lambda instance) would all see the count under the limit and each get its hash. A person or a
 * script logs in a few at a time; more in parallel should use a bearer token.
 */
export const MAX_CONCURRENT_CHECKS = { perUser: 8, perSource: 32 };
const IN_FLIGHT_WINDOW_SECONDS = 60;
const inFlightKey = (key: string) => `${key}#in-flight`;

export interface CredentialPorts {
  users: UserStore;
  attempts: AttemptCounter;
  clock: Clock;
}

export interface CredentialCheckOptions {
  /** The client's address: failures are also limited per source when given. */
  sourceIp?: string;
  limits?: LoginLimits;
  /** The password verifier (tests spy on it). */
  verify?: (password: string, stored: string) => Promise<boolean>;
  /** Told of each lockout a failure starts, to log it as a security event. */
  onLockout?: (event: LockoutEvent) => void;
}

export interface LockoutEvent {
  scope: 'user' | 'source';
  username: string;
  sourceIp?: string;
  /** Failures in the window, this one included. */
  failures: number;
  lockSeconds: number;
}

/**
 * Checks a username and password. Limits come first: a locked user or source gets 429 before any
 * hash runs, whatever the password (a right one included, so guessing during a lockout gains
 * nothing). An unknown user's password is checked against a dummy hash, so both cost one scrypt.
 * A failure counts against the user and the source; a success clears the user's count only (a
 * source's count must not be cleared by an attacker who owns one valid account).
 */
export async function verifyCredentials(
  ports: CredentialPorts,
  username: string,
  password: string,
  options: CredentialCheckOptions = {},
): Promise<User | undefined> {
  if (username.length === 0 || username.length > MAX_USERNAME_LENGTH) return undefined;
  const limits = options.limits ?? DEFAULT_LOGIN_LIMITS;
  const verify = options.verify ?? verifyPassword;
  const now = ports.clock.now();
  const keys: { scope: LockoutEvent['scope']; key: string; policy: LockoutPolicy }[] = [
    { scope: 'user', key: userKey(username), policy: limits.perUser },
  ];
  if (options.sourceIp)
    keys.push({ scope: 'source', key: sourceKey(options.sourceIp), policy: limits.perSource });
  const locks = await Promise.all(keys.map((k) => lockedFor(ports.attempts, k.key, k.policy, now)));
  const retryAfter = Math.max(...locks.map((l) => l.retryAfterSeconds));
  if (retryAfter > 0) {
    throw new TooManyRequestsError(`Too many failed logins: try again in ${retryAfter} seconds.`, retryAfter);
  }

  const user = await ports.users.get(username);
  const ok = await withinConcurrency(ports, keys, now, async () =>
    verify(password, user?.passwordHash ?? (await dummyPasswordHash())),
  );
  if (user && ok) {
    if (locks[0]!.failures > 0) await ports.attempts.reset(keys[0]!.key, keys[0]!.policy.windowSeconds, now);
    return user;
  }
  await Promise.all(
    keys.map(async (k) => {
      const { failures, lockSeconds } = await recordFailure(ports.attempts, k.key, k.policy, now);
      if (lockSeconds > 0) {
        options.onLockout?.({ scope: k.scope, username, sourceIp: options.sourceIp, failures, lockSeconds });
      }
    }),
  );
  return undefined;
}

/**
 * Runs `check` as one of the password checks in flight for each key, or answers 429 when one of
 * them already has its maximum running. The count lives on the shared counter (every instance
 * sees it); each check takes its slot before and gives it back after, in the same window.
 */
async function withinConcurrency<T>(
  ports: CredentialPorts,
  keys: readonly { scope: LockoutEvent['scope']; key: string }[],
  now: number,
  check: () => Promise<T>,
): Promise<T> {
  const slots = keys.map((k) => ({
    key: inFlightKey(k.key),
    max: k.scope === 'user' ? MAX_CONCURRENT_CHECKS.perUser : MAX_CONCURRENT_CHECKS.perSource,
  }));
  const taken = await Promise.all(slots.map((s) => ports.attempts.hit(s.key, IN_FLIGHT_WINDOW_SECONDS, now)));
  try {
    if (taken.some((n, i) => n > slots[i]!.max)) {
      throw new TooManyRequestsError(
        'Too many logins at once for this user or address: try again in a second.',
        1,
      );
    }
    return await check();
  } finally {
    await Promise.all(slots.map((s) => ports.attempts.hit(s.key, IN_FLIGHT_WINDOW_SECONDS, now, -1)));
  }
}
