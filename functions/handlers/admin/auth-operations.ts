import { UnauthorizedError } from '../../domain/errors.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import { checkPassword, passwordChangeRequired } from '../../http/authenticate.js';

export const authOperations: Record<string, Operation> = {
  login: async (req, deps) => {
    const { username, password } = req.valid.body as { username: string; password: string };
    const user = await checkPassword(deps, username, password, { sourceIp: req.sourceIp });
    if (!user) throw new UnauthorizedError('Wrong username or password.');
    // No token at all until the initial password is changed: the change route takes the password.
    if (user.mustChangePassword) throw passwordChangeRequired(user.username);
    const expiresIn = deps.runtime.tokenTtlSeconds;
    const token = deps.ids.token();
    await deps.tokens.save({
      token,
      username: user.username,
      expiresAt: deps.clock.now() + expiresIn * 1000,
      ...(user.credentialsVersion !== undefined ? { credentialsVersion: user.credentialsVersion } : {}),
    });
    return json({
      token,
      token_type: 'Bearer',
      expires_in: expiresIn,
      username: user.username,
      roles: user.roles,
    });
  },
  logout: async (req, deps) => {
    const [scheme, value] = (req.headers.authorization ?? '').split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'bearer' && value) await deps.tokens.revoke(value);
    return json({ revoked: scheme?.toLowerCase() === 'bearer' });
  },
};
