import { NotFoundError } from '../../domain/errors.js';
import { viewUser, type UserView } from '../../domain/users.js';
import type { Ports } from '../../ports/index.js';

export type ReadUsersPorts = Pick<Ports, 'users'>;

/** Users and their roles; password hashes never leave the store. */
export async function listUsers(ports: ReadUsersPorts): Promise<UserView[]> {
  return (await ports.users.list()).map(viewUser);
}

export async function readUser(ports: ReadUsersPorts, username: string): Promise<UserView> {
  const user = await ports.users.get(username);
  if (!user) throw new NotFoundError(`No user '${username}'.`);
  return viewUser(user);
}
