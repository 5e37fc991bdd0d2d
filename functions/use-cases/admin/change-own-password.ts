import { ForbiddenError, InvalidParameterError } from '../../domain/errors.js';
import { hashPassword, verifyPassword } from '../../domain/password-hash.js';
import { viewUser, type UserView } from '../../domain/users.js';
import type { Ports } from '../../ports/index.js';
import type { User } from '../../domain/user-account.js';

export type ChangeOwnPasswordPorts = Pick<Ports, 'users' | 'ids'>;

/**
 * A user changes its own password (the caller checked the current one). The new one must differ:
 * setting the same password again would clear a pending first-login change without changing
 * anything. Old bearer tokens die with the new `credentialsVersion`.
 */
export async function changeOwnPassword(
  ports: ChangeOwnPasswordPorts,
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
