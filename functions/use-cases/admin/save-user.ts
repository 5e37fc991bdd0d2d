import { ConflictError, InvalidParameterError } from '../../domain/errors.js';
import { hashPassword, verifyPassword } from '../../domain/password-hash.js';
import type { Role } from '../../domain/roles.js';
import { viewUser, type UserView } from '../../domain/users.js';
import type { Ports } from '../../ports/index.js';
import type { User } from '../../domain/user-account.js';

export type SaveUserPorts = Pick<Ports, 'users' | 'clock' | 'ids'>;

/**
 * Creates or updates a user. A new user needs a password; an update may keep the old one. Taking
 * the Administrator role from the last Administrator is refused, as deleting it is: nobody could
 * manage anything afterwards.
 */
export async function saveUser(
  ports: SaveUserPorts,
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
