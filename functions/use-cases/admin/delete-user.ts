import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';

export type DeleteUserPorts = Pick<Ports, 'users'>;

/** Refuses to delete the last Administrator, which would lock everyone out of management. */
export async function deleteUser(ports: DeleteUserPorts, username: string): Promise<void> {
  const users = await ports.users.list();
  const target = users.find((u) => u.username === username);
  if (!target) throw new NotFoundError(`No user '${username}'.`);
  const admins = users.filter((u) => u.roles.includes('Administrator'));
  if (target.roles.includes('Administrator') && admins.length === 1) {
    throw new ConflictError(`'${username}' is the last Administrator and cannot be deleted.`);
  }
  await ports.users.delete(username);
}
