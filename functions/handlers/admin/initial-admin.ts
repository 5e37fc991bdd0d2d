import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { recordSdkCalls } from '../../adapters/aws-calls/sdk-call-recording.js';
import { secretCallDescriber } from '../../adapters/aws-calls/service-call-describers.js';
import { ensureInitialAdmin } from '../../domain/users.js';
import { deps } from '../../composition/full.js';

let done: Promise<void> | undefined;

/**
 * In AWS the first administrator's password is generated into Secrets Manager by the stack; the
 * admin function creates user `default` from it the first time it runs, if there is no user yet,
 * flagged to change that password at first login.
 */
export function ensureAdminFromSecret(): Promise<void> {
  const d = deps();
  const secretId = d.runtime.adminSecretId;
  if (!secretId) return Promise.resolve();
  done ??= ensureInitialAdmin(
    d,
    async () => {
      const client = recordSdkCalls(
        new SecretsManagerClient({ region: d.runtime.region }),
        secretCallDescriber('admin'),
      );
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      const value = JSON.parse(out.SecretString ?? '{}') as { password?: string };
      if (!value.password) throw new Error(`Secret ${secretId} has no "password" field.`);
      return value.password;
    },
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
