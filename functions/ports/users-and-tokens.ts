import type { AuthToken, User } from '../domain/user-account.js';

/** Service Management users, the bearer tokens issued to them, the first admin password source. */

export interface UserStore {
  /**
   * `maxAgeMs`: how old an answer the caller accepts (the bearer check: `BEARER_LOOKUP_MAX_AGE_MS`);
   * without it the user is read now. A write through this process's store is seen at once.
   */
  get(username: string, maxAgeMs?: number): Promise<User | undefined>;
  list(): Promise<User[]>;
  put(user: User): Promise<void>;
  /** Creates the user only if no user of that name exists; returns whether it did. */
  createIfAbsent(user: User): Promise<boolean>;
  delete(username: string): Promise<boolean>;
}

export interface TokenStore {
  save(token: AuthToken): Promise<void>;
  /**
   * The token if it exists and has not expired at `now`. `maxAgeMs`: how old an answer about the
   * token's existence the caller accepts (without it: read now); a revoke or save through this
   * process's store is seen at once, one made elsewhere within `maxAgeMs`.
   */
  find(token: string, now: number, maxAgeMs?: number): Promise<AuthToken | undefined>;
  revoke(token: string): Promise<void>;
}

/**
 * The first administrator's password, which the stack generates into Secrets Manager (AWS only):
 * the admin function seeds user `default` from it when there is no user yet.
 */
export interface AdminSecretSource {
  /** The secret's `password` field; fails when the secret has none. */
  password(): Promise<string>;
}
