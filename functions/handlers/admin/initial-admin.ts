import type { Ports } from '../../ports/index.js';
import { ensureInitialAdmin } from '../../use-cases/admin/ensure-initial-admin.js';

export type InitialAdminPorts = Pick<Ports, 'users' | 'clock' | 'adminSecret'>;

let done: Promise<void> | undefined;

/**
 * In AWS the first administrator's password is generated into Secrets Manager by the stack; the
 * admin function creates user `default` from it the first time it runs, if there is no user yet,
 * flagged to change that password at first login.
 */
export function ensureAdminFromSecret(ports: InitialAdminPorts): Promise<void> {
  const secret = ports.adminSecret;
  if (!secret) return Promise.resolve();
  done ??= ensureInitialAdmin(
    ports,
    () => secret.password(),
    // Whoever can read the secret knows this password: the first login must replace it.
    { mustChangePassword: true },
  )
    .then(() => undefined)
    .catch((e: unknown) => {
      done = undefined;
      throw e;
    });
  return done;
}
