import type { Role } from './roles.js';

/** A Service Management user, and a bearer token issued to one. */

export interface User {
  username: string;
  passwordHash: string;
  roles: Role[];
  createdAt: number;
  /**
   * Changes (to a new random value) whenever the password or roles change: bearer tokens carry
   * the value they were issued under and die when it changes. Absent on users never changed.
   */
  credentialsVersion?: string;
  /**
   * Set on the first administrator seeded from the AWS secret: until the user changes the
   * password, every request but the change itself is refused (403).
   */
  mustChangePassword?: boolean;
}

export interface AuthToken {
  token: string;
  username: string;
  expiresAt: number;
  /** The user's `credentialsVersion` when the token was issued. */
  credentialsVersion?: string;
}
