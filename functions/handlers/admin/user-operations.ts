import { ForbiddenError, InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { changeOwnPassword, deleteUser, saveUser, viewUser } from '../../domain/users.js';
import { checkPassword } from '../../http/authenticate.js';
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
  changeOwnPassword: async (req, deps) => {
    const username = req.params.username!;
    if (req.principal?.username !== username) {
      throw new ForbiddenError(
        `User '${req.principal?.username}' may change only its own password; an Administrator sets another user's with PUT /genesys/1/admin/users/${username}.`,
      );
    }
    const body = req.valid.body as { current_password: string; new_password: string };
    // Asked again even with a bearer token: a token left on a shared screen cannot take the account.
    // A wrong one counts as a failed login (lockout).
    const user = await checkPassword(deps, username, body.current_password, { sourceIp: req.sourceIp });
    if (!user) throw new InvalidParameterError('current_password', 'The current password is wrong.');
    return json(await changeOwnPassword(deps, user, body.new_password));
  },
  deleteUser: async (req, deps) => {
    await deleteUser(deps, req.params.username!);
    return json({ deleted: req.params.username });
  },
};
