import { ForbiddenError, InvalidParameterError } from '../../domain/errors.js';
import { checkPassword, type AuthorizePorts } from '../../http/authenticate.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { changeOwnPassword as changeOwnPasswordRoute, users } from '../../routes/admin-routes.js';
import { changeOwnPassword, type ChangeOwnPasswordPorts } from '../../use-cases/admin/change-own-password.js';
import { deleteUser, type DeleteUserPorts } from '../../use-cases/admin/delete-user.js';
import { listUsers, readUser, type ReadUsersPorts } from '../../use-cases/admin/read-users.js';
import { saveUser, type SaveUserPorts } from '../../use-cases/admin/save-user.js';

export const userOperations = [
  operation(users.list, async (_input, ports: ReadUsersPorts) => json(await listUsers(ports))),
  operation(users.get, async ({ params }, ports: ReadUsersPorts) =>
    json(await readUser(ports, params.username)),
  ),
  operation(users.put, async ({ params, body }, ports: SaveUserPorts) =>
    json(await saveUser(ports, params.username, body)),
  ),
  operation(
    changeOwnPasswordRoute,
    async ({ params, body }, ports: AuthorizePorts & ChangeOwnPasswordPorts, req) => {
      const { username } = params;
      if (req.principal?.username !== username) {
        throw new ForbiddenError(
          `User '${req.principal?.username}' may change only its own password; an Administrator sets another user's with PUT /genesys/1/admin/users/${username}.`,
        );
      }
      // Asked again even with a bearer token: a token left on a shared screen cannot take the account.
      // A wrong one counts as a failed login (lockout).
      const user = await checkPassword(ports, username, body.current_password, { sourceIp: req.sourceIp });
      if (!user) throw new InvalidParameterError('current_password', 'The current password is wrong.');
      return json(await changeOwnPassword(ports, user, body.new_password));
    },
  ),
  operation(users.delete, async ({ params }, ports: DeleteUserPorts) => {
    await deleteUser(ports, params.username);
    return json({ deleted: params.username });
  }),
];
