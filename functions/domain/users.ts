import { ConflictError, ForbiddenError, InvalidParameterError, NotFoundError } from './errors.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import type { Role } from './roles.js';
import type { Clock, IdGenerator, User, UserStore } from '../ports.js';

export interface UserView {
  username: string;
  roles: Role[];
  createdAt: string;
}

export const viewUser = (u: User): UserView => ({
  username: u.username,
  roles: u.roles,
  createdAt: new Date(u.createdAt).toISOString(),
});

/**
 * Creates or updates a user. A new user needs a password; an update may keep the old one. Taking
 * the Administrator role from the last Administrator is refused, as deleting it is: nobody could
 * manage anything afterwards.
 */
export async function saveUser(
  ports: { users: UserStore; clock: Clock; ids: IdGenerator },
  username: string,
  input: { password?: string; roles: Role[] },
): Promise<UserView> {
  const existing = await ports.users.get(username);
  if (!existing && !input.password) {
    throw new InvalidParameterError('password', `A password is required to create user '${username}'.`);
  }
  if (existing?.roles.includes('Administrator') && !input.roles.includes('Administrator')) {
    const admins = (await ports.users.list()).filter((u) => u.roles.includes('Administrator'));
    if (admins.length <= 1) {
      throw new ConflictError(
        `'${username}' is the last Administrator and cannot lose the Administrator role; give it to another user first.`,
      );
    }
  }
  const roles = [...new Set(input.roles)];
  const sameRoles =
    existing !== undefined &&
    existing.roles.length === roles.length &&
    roles.every((r) => existing.roles.includes(r));
  // The password it already has is no change (a config file applied at each start sends it again).
  const newPassword =
    input.password !== undefined &&
    !(existing && (await verifyPassword(input.password, existing.passwordHash)));
  // Any new password, or a change of roles, ends the sessions (bearer tokens) of the old ones.
  const credentialsChanged = !existing || newPassword || !sameRoles;
  const user: User = {
    username,
    roles,
    passwordHash: newPassword ? await hashPassword(input.password!) : existing!.passwordHash,
    createdAt: existing?.createdAt ?? ports.clock.now(),
    ...(credentialsChanged
      ? { credentialsVersion: ports.ids.id() }
      : existing.credentialsVersion !== undefined
        ? { credentialsVersion: existing.credentialsVersion }
        : {}),
    // A new password is the change a pending first-login change asks for.
    ...(existing?.mustChangePassword && !newPassword ? { mustChangePassword: true } : {}),
  };
  await ports.users.put(user);
  return viewUser(user);
}

/**
 * A user changes its own password (the caller checked the current one). The new one must differ:
 * setting the same password again would clear a pending first-login change without changing
 * anything. Old bearer tokens die with the new `credentialsVersion`.
 */
export async function changeOwnPassword(
  ports: { users: UserStore; clock: Clock; ids: IdGenerator },
  user: User,
  newPassword: string,
): Promise<UserView> {
  if (await verifyPassword(newPassword, user.passwordHash)) {
    throw new InvalidParameterError('new_password', 'The new password must differ from the current one.');
  }
  const current = await ports.users.get(user.username);
  if (!current) throw new ForbiddenError(`User '${user.username}' no longer exists.`);
  const changed: User = {
    username: current.username,
    roles: current.roles,
    passwordHash: await hashPassword(newPassword),
    createdAt: current.createdAt,
    credentialsVersion: ports.ids.id(),
  };
  await ports.users.put(changed);
  return viewUser(changed);
}

/** Refuses to delete the last Administrator, which would lock everyone out of management. */
export async function deleteUser(ports: { users: UserStore }, username: string): Promise<void> {
  const users = await ports.users.list();
  const target = users.find((u) => u.username === username);
  if (!target) throw new NotFoundError(`No user '${username}'.`);
  const admins = users.filter((u) => u.roles.includes('Administrator'));
  if (target.roles.includes('Administrator') && admins.length === 1) {
    throw new ConflictError(`'${username}' is the last Administrator and cannot be deleted.`);
  }
  await ports.users.delete(username);
}

export const INITIAL_ADMIN = 'default';

/**
 * The first administrator: `default` (GMS's documented local login) with the given password.
 * Seeded from the AWS secret it must change that password before anything else
 * (`mustChangePassword`); locally `default`/`password` stays usable, as GMS documents.
 */
export async function ensureInitialAdmin(
  ports: { users: UserStore; clock: Clock },
  password: () => Promise<string>,
  options: { mustChangePassword?: boolean } = {},
): Promise<boolean> {
  if ((await ports.users.list()).length > 0) return false;
  return ports.users.createIfAbsent({
    username: INITIAL_ADMIN,
    passwordHash: await hashPassword(await password()),
    roles: ['Administrator'],
    createdAt: ports.clock.now(),
    ...(options.mustChangePassword ? { mustChangePassword: true } : {}),
  });
}
