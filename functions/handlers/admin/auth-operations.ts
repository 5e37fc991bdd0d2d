import { UnauthorizedError } from '../../domain/errors.js';
import { checkPassword, passwordChangeRequired, type AuthorizePorts } from '../../http/authenticate.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { login, logout } from '../../routes/admin-routes.js';
import { issueToken, type IssueTokenPorts } from '../../use-cases/admin/issue-token.js';
import { revokeToken, type RevokeTokenPorts } from '../../use-cases/admin/revoke-token.js';

export const authOperations = [
  operation(login, async ({ body }, ports: AuthorizePorts & IssueTokenPorts, req) => {
    const user = await checkPassword(ports, body.username, body.password, { sourceIp: req.sourceIp });
    if (!user) throw new UnauthorizedError('Wrong username or password.');
    // No token at all until the initial password is changed: the change route takes the password.
    if (user.mustChangePassword) throw passwordChangeRequired(user.username);
    return json(await issueToken(ports, user));
  }),
  operation(logout, async (_input, ports: RevokeTokenPorts, req) => {
    const [scheme, value] = (req.headers.authorization ?? '').split(/\s+/, 2);
    const bearer = scheme?.toLowerCase() === 'bearer';
    if (bearer && value) await revokeToken(ports, value);
    return json({ revoked: bearer });
  }),
];
