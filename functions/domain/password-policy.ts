import * as z from './zod.js';

/**
 * Passwords set through the management API (new users, changes) are at least this long: length
 * is what makes a guessed password expensive, and the login lockout only slows guessing down.
 * The local `default`/`password` is not set through the API (GMS documents it), so it stays.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password worth hashing: anything longer is refused before scrypt runs. */
export const MAX_PASSWORD_LENGTH = 256;

/** A new password as the route schemas take it; the 400 names the parameter and the rule. */
export const newPasswordSchema = z
  .string()
  .check(
    z.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
    z.maxLength(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
  );

/** The route a user whose password must be changed may still call. */
export const passwordChangePath = (username: string) =>
  `/genesys/1/admin/users/${encodeURIComponent(username)}/password`;

/** What a user whose initial password was never changed is told on every other request. */
export const passwordChangeRequiredMessage = (username: string) =>
  `Password of user '${username}' must be changed before use: PUT ${passwordChangePath(username)} ` +
  `with {"current_password": "...", "new_password": "..."} (at least ${MIN_PASSWORD_LENGTH} characters), ` +
  'then sign in with the new password.';
