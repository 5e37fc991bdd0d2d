import type { NativePlatform } from '../functions/domain/push/native-platforms.js';
import { Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  callbackIndexesAtStep,
  FINAL_UPGRADE_STEP,
} from '../functions/adapters/dynamodb/callback-index-layout.js';
import {
  TABLES,
  type TableDefinition,
  type TableId,
} from '../functions/adapters/dynamodb/table-definitions.js';
import { DEFAULT_DIAL_EVENT_BUS } from '../functions/adapters/eventbridge/eventbridge-dialer.js';
import { GmsQueues } from './gms-queues.js';
import { GmsTable, importGmsTable, type GmsTableRef } from './gms-table.js';

/** The env var naming the push signing secret (Secrets Manager secret ARN) for functions that POST `httpcb` notifications. */
export const PUSH_SIGNING_SECRET_ENV = 'GMS_PUSH_HMAC_SECRET_ID';

export interface GmsDataProps {
  /** Existing tables to use instead of creating them, by table id (setting `tableNames`). */
  tableNames?: Partial<Record<TableId, string>>;
  /** SNS platform applications of native push (setting `apnsPlatformApplicationArn`...); none: no native push. */
  nativePush?: Partial<Record<NativePlatform, string>>;
}

/**
 * The stateful part of GMS: every DynamoDB table of `TABLES`, the queues and the initial admin credential.
 * Stateless constructs receive these through typed props and never create state themselves.
 */
export class GmsData extends Construct {
  /** Created by the stack, except those `tableNames` maps to existing tables. */
  readonly tables: Readonly<Record<TableId, GmsTableRef>>;
  /** `{"username":"default","password":"..."}`: the first admin user's password. */
  readonly adminSecret: secretsmanager.Secret;
  readonly queues: GmsQueues;
  /** `{"key":"..."}`: the HMAC-SHA256 key `httpcb` notifications are signed with. */
  readonly pushSigningSecret: secretsmanager.Secret;
  /**
   * Where `DialRequested` events go: the account's default bus, which the telephony integration
   * (outside this stack) puts its rule on. Not created here, only referred to.
   */
  readonly dialBus: events.IEventBus;
  /** SNS platform application ARN by platform: what functions that push natively publish to. */
  readonly nativePush: Readonly<Partial<Record<NativePlatform, string>>>;

  constructor(scope: Construct, id: string, props: GmsDataProps = {}) {
    super(scope, id);
    this.nativePush = props.nativePush ?? {};

    const tables = {} as Record<TableId, GmsTableRef>;
    const step = indexUpgradeStep(this);
    for (const definition of TABLES) {
      const constructId = `${capitalize(definition.id)}Table`;
      const existing = props.tableNames?.[definition.id];
      // A created table that gets mapped leaves the stack but is not deleted (RemovalPolicy.RETAIN).
      tables[definition.id] = existing
        ? importGmsTable(this, constructId, atStep(definition, step), existing)
        : new GmsTable(this, constructId, atStep(definition, step));
    }
    this.tables = tables;
    this.queues = new GmsQueues(this, 'Queues');
    this.dialBus = events.EventBus.fromEventBusName(this, 'DialBus', DEFAULT_DIAL_EVENT_BUS);

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

    this.pushSigningSecret = new secretsmanager.Secret(this, 'PushSigningSecret', {
      description:
        'GMS httpcb push: HMAC-SHA256 key of the X-GMS-Signature header; share it with notification receivers.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'key',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    Validations.of(this.pushSigningSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Shared key: every httpcb receiver verifies X-GMS-Signature with a copy of it, so an automatic ' +
        'rotation would make all receivers reject notifications until they are updated. It is rotated by ' +
        'hand, together with the receivers (put a new value, then update them).',
    });
  }
}

/** CDK context naming the upgrade step of the callbacks table's indexes (docs/ARCHITECTURE.md). */
export const INDEX_UPGRADE_STEP_CONTEXT = 'gms:indexUpgradeStep';

/**
 * A stack deployed before `byServiceShard` walks to the final index layout one GSI per deploy
 * (`-c gms:indexUpgradeStep=1`, then 2, ...); without the value, the final layout.
 */
function indexUpgradeStep(scope: Construct): number {
  const value: unknown = scope.node.tryGetContext(INDEX_UPGRADE_STEP_CONTEXT);
  if (value === undefined) return FINAL_UPGRADE_STEP;
  const step = Number(value);
  if (!Number.isInteger(step) || step < 0 || step > FINAL_UPGRADE_STEP) {
    throw new Error(
      `Context '${INDEX_UPGRADE_STEP_CONTEXT}' must be an integer from 0 to ${FINAL_UPGRADE_STEP}, not '${String(value)}'.`,
    );
  }
  return step;
}

function atStep(definition: TableDefinition, step: number): TableDefinition {
  if (definition.id !== 'callbacks') return definition;
  return { ...definition, globalIndexes: callbackIndexesAtStep(definition.globalIndexes, step) };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
