import { NotFoundError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { deleteUser, saveUser, viewUser } from '../../domain/users.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

export const userOperations: Record<string, Operation> = {
  listUsers: async (_req, deps) => json((await deps.users.list()).map(viewUser)),
  getUser: async (req, deps) => {
    const user = await deps.users.get(req.params.username!);
    if (!user) throw new NotFoundError(`No user '${req.params.username}'.`);
    return json(viewUser(user));
  },
  putUser: async (req, deps) =>
    json(await saveUser(deps, req.params.username!, req.valid.body as { password?: string; roles: Role[] })),
  deleteUser: async (req, deps) => {
    await deleteUser(deps, req.params.username!);
    return json({ deleted: req.params.username });
  },
};
