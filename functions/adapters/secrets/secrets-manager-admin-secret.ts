import type { AdminSecretSource } from '../../ports/users-and-tokens.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { secretCallDescriber } from '../aws-calls/service-call-describers.js';

/** The admin secret the stack generated (`GMS_ADMIN_SECRET_ID`), read when it is needed. */
export class SecretsManagerAdminSecret implements AdminSecretSource {
  constructor(
    private readonly secretId: string,
    private readonly region: string,
  ) {}

  async password(): Promise<string> {
    // Read once per container at most: the package is loaded only then.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const client = instrumentSdkClient(
      new SecretsManagerClient({ region: this.region }),
      secretCallDescriber('admin'),
    );
    const out = await client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    const value = JSON.parse(out.SecretString ?? '{}') as { password?: string };
    if (!value.password) throw new Error(`Secret ${this.secretId} has no "password" field.`);
    return value.password;
  }
}
