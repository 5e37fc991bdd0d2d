import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLES, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import { GmsQueues } from './gms-queues.js';
import { GmsTable } from './gms-table.js';

/**
 * The stateful part of GMS: every DynamoDB table of `TABLES`, the queues and the initial admin credential.
 * Stateless constructs receive these through typed props and never create state themselves.
 */
export class GmsData extends Construct {
  readonly tables: Readonly<Record<TableId, GmsTable>>;
  /** `{"username":"default","password":"..."}`: the first admin user's password. */
  readonly adminSecret: secretsmanager.Secret;
  readonly queues: GmsQueues;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const tables = {} as Record<TableId, GmsTable>;
    for (const definition of TABLES) {
      tables[definition.id] = new GmsTable(this, `${capitalize(definition.id)}Table`, definition);
    }
    this.tables = tables;
    this.queues = new GmsQueues(this, 'Queues');

    this.adminSecret = new secretsmanager.Secret(this, 'AdminSecret', {
      description:
        'GMS initial administrator: the admin function creates user "default" with this password on first use.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'default' }),
        generateStringKey: 'password',
        passwordLength: 32,
        // Typed into HTTP Basic prompts and shell commands: letters and digits only (~190 bits).
        excludePunctuation: true,
      },
    });
    Validations.of(this.adminSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Bootstrap credential read once: on first use the admin function creates user "default" with a scrypt hash ' +
        'of this password in the config table; from then on the password is changed through the admin users API, ' +
        'not here. Rotating the secret would not change the live password, so rotation would only give false assurance.',
    });
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
