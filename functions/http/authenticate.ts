import { MAX_USERNAME_LENGTH, verifyCredentials } from '../domain/credential-check.js';
import { decodeBasic } from '../domain/basic-credentials.js';
import { ForbiddenError, PasswordChangeRequiredError, UnauthorizedError } from '../domain/errors.js';
import { passwordChangePath, passwordChangeRequiredMessage } from '../domain/password-policy.js';
import { hasAnyRole, type Role } from '../domain/roles.js';
import { logger } from '../observability.js';
import type { User } from '../domain/user-account.js';
import type { CredentialPorts } from '../domain/credential-check.js';
import type { Ports } from '../ports/index.js';
import type { Access } from './route-spec.js';

/**
 * Longest username and bearer token worth looking up. Usernames are config names (at most 128
 * characters) and tokens 256-bit random strings; anything longer cannot exist, and passing it on
 * would hit DynamoDB's 2048-byte key limit (a 500). Over-long credentials are just invalid (401).
 */
export { MAX_USERNAME_LENGTH };
export const MAX_TOKEN_LENGTH = 256;

/**
 * How old a bearer token's lookup (the token, then its user) may be: the agent page sends its
 * token with every READY, and two reads before the request starts are most of a push's budget.
 * A logout, password or role change or user deletion made in another process (another Lambda
 * instance) is refused at most this long after it; one made in the same process at once.
 */
export const BEARER_LOOKUP_MAX_AGE_MS = 1_000;

export interface Principal {
  username: string;
  roles: Role[];
  via: 'basic' | 'bearer';
}

/**
 * Checks a username and password (HTTP Basic, admin/login); undefined when they are wrong. Throws
 * `TooManyRequestsError` (429) while the user, or the source address when given, is locked out
 * after repeated failures: see `verifyCredentials`.
 */
export async function checkPassword(
  deps: CredentialPorts,
  username: string,
  password: string,
  options: { sourceIp?: string } = {},
): Promise<User | undefined> {
  return verifyCredentials(deps, username, password, {
    sourceIp: options.sourceIp,
    onLockout: (event) =>
      logger.warn('Login lockout after repeated failed logins', { securityEvent: 'login-lockout', ...event }),
  });
}

/** 403 for a user whose initial password was never changed: it says how to change it. */
export const passwordChangeRequired = (username: string) =>
  new PasswordChangeRequiredError(passwordChangeRequiredMessage(username), passwordChangePath(username));

/** What authorizing a request reads: bearer tokens, users, and the failed-login counters. */
export type AuthorizePorts = CredentialPorts & Pick<Ports, 'tokens'>;

/** 401 without valid credentials, 403 when the user's roles do not allow the route. */
export async function authorize(
  deps: AuthorizePorts,
  access: Access,
  authorization: string | undefined,
  sourceIp?: string,
): Promise<Principal | undefined> {
  if (access === 'public') return undefined;
  if (!authorization)
    throw new UnauthorizedError('Authentication required: send HTTP Basic credentials or a bearer token.');
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2) as [string, string?];
  let principal: Principal | undefined;
  let mustChangePassword = false;
  if (scheme.toLowerCase() === 'basic') {
    const creds = decodeBasic(value);
    const user = creds && (await checkPassword(deps, creds.username, creds.password, { sourceIp }));
    if (user) principal = { username: user.username, roles: user.roles, via: 'basic' };
    mustChangePassword = user?.mustChangePassword === true;
  } else if (scheme.toLowerCase() === 'bearer') {
    const token =
      value.length > 0 && value.length <= MAX_TOKEN_LENGTH
        ? await deps.tokens.find(value, deps.clock.now(), BEARER_LOOKUP_MAX_AGE_MS)
        : undefined;
    const user = token && (await deps.users.get(token.username, BEARER_LOOKUP_MAX_AGE_MS));
    // A token dies with the credentials it was issued for: a password or role change, or the
    // user's deletion (a user created again under the name gets new credentials).
    if (user && token.credentialsVersion === user.credentialsVersion) {
      principal = { username: user.username, roles: user.roles, via: 'bearer' };
      mustChangePassword = user.mustChangePassword === true;
    }
  }
  if (!principal) throw new UnauthorizedError('Invalid credentials.');
  if (mustChangePassword && !access.passwordChange) throw passwordChangeRequired(principal.username);
  if (!hasAnyRole(principal.roles, access.roles)) {
    throw new ForbiddenError(
      `User '${principal.username}' needs one of the roles ${access.roles.join(', ')}.`,
    );
  }
  return principal;
}
