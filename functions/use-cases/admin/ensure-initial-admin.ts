import { hashPassword } from '../../domain/password-hash.js';
import { INITIAL_ADMIN } from '../../domain/users.js';
import type { Ports } from '../../ports/index.js';

export type EnsureInitialAdminPorts = Pick<Ports, 'users' | 'clock'>;

/**
 * The first administrator: `default` (GMS's documented local login) with the given password.
 * Seeded from the AWS secret it must change that password before anything else
 * (`mustChangePassword`); locally `default`/`password` stays usable, as GMS documents.
 */
export async function ensureInitialAdmin(
  ports: EnsureInitialAdminPorts,
  password: () => Promise<string>,
  options: { mustChangePassword?: boolean } = {},
): Promise<boolean> {
  if ((await ports.users.list()).length > 0) return false;
  return ports.users.createIfAbsent({
    username: INITIAL_ADMIN,
    passwordHash: await hashPassword(await password()),
    roles: ['Administrator'],
    createdAt: ports.clock.now(),
    ...(options.mustChangePassword ? { mustChangePassword: true } : {}),
  });
}
