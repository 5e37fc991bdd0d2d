import type { Role } from '../../domain/roles.js';
import type { Ports } from '../../ports/index.js';
import type { User } from '../../domain/user-account.js';

export type IssueTokenPorts = Pick<Ports, 'runtime' | 'ids' | 'clock' | 'tokens'>;

export interface IssuedToken {
  token: string;
  token_type: 'Bearer';
  expires_in: number;
  username: string;
  roles: Role[];
}

/**
 * `admin/login` after the password was checked: a bearer token bound to the user's current
 * credentials, so a later password or role change ends it.
 */
export async function issueToken(ports: IssueTokenPorts, user: User): Promise<IssuedToken> {
  const expiresIn = ports.runtime.tokenTtlSeconds;
  const token = ports.ids.token();
  await ports.tokens.save({
    token,
    username: user.username,
    expiresAt: ports.clock.now() + expiresIn * 1000,
    ...(user.credentialsVersion !== undefined ? { credentialsVersion: user.credentialsVersion } : {}),
  });
  return { token, token_type: 'Bearer', expires_in: expiresIn, username: user.username, roles: user.roles };
}
