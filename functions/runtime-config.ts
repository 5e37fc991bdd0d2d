import { NATIVE_PLATFORMS, type NativePlatform } from './domain/push/native-platforms.js';
import type { BayeuxTiming } from './domain/bayeux/bayeux-server.js';
import { TABLES, tableEnvVar, type TableId } from './adapters/dynamodb/table-definitions.js';

/** Everything the functions read from the environment, read once and checked here. */
export interface RuntimeConfig {
  region: string;
  /** Set in local mode and tests: the DynamoDB Local URL. */
  dynamodbEndpoint?: string;
  /**
   * How calls to `dynamodbEndpoint` are signed: `local` (a fixed key DynamoDB Local accepts, the
   * default) or `environment` (the SDK's standard chain, for a real endpoint in a dev account).
   */
  dynamodbCredentials?: 'local' | 'environment';
  /**
   * Requests in flight to `dynamodbEndpoint` at most (its connection pool); unset, the SDK's
   * default of 50. The local runtime sets it for DynamoDB Local (`DYNAMODB_LOCAL_SOCKETS`).
   */
  dynamodbMaxSockets?: number;
  /**
   * The tables this function was given (`<ID>_TABLE`). A function is given only the ones its area
   * uses; composing a port whose table is missing fails at start, naming the variable.
   */
  tables: Partial<Record<TableId, string>>;
  /** Where the initial admin password lives in AWS (Secrets Manager secret id). */
  adminSecretId?: string;
  /** `local` enables local-only behaviour (default user, SHUTDOWN stops the process). */
  mode: 'aws' | 'local';
  /** Seconds a bearer token from admin/login stays valid. */
  tokenTtlSeconds: number;
  /** SQS work queue (callback activation, routing, push retries); locally an in-process queue. */
  workQueueUrl?: string;
  /** The work queue's dead-letter queue, for the monitor's figures (functions that read queue stats). */
  workDeadLetterQueueUrl?: string;
  /** API Gateway WebSocket management endpoint (`https://.../live`) for PostToConnection. */
  websocketManagementUrl?: string;
  /** The `wss://` URL devices connect to for push (`_comet_url`). */
  websocketUrl?: string;
  /** The EventBridge bus `DialRequested` events go to (the stack grants `events:PutEvents` on it); `default` when unset. */
  dialEventBus?: string;
  /**
   * Set when the API only answers through CloudFront: the values of CloudFront's origin header
   * (`x-gms-origin-verify`) that are accepted (the current one and, while rotating, the previous).
   */
  originVerify?: string[];
  /** The stack's stage (`GMS_STAGE`: the `-c stage` name, or `default`): also the `stage` dimension of the custom metrics. */
  stage?: string;
  /** SNS platform application ARN by platform (`GMS_SNS_*_APPLICATION_ARN`): native push; none configured sends none. */
  platformApplications?: Partial<Record<NativePlatform, string>>;
  /** CometD long-polling holds and intervals (`GMS_COMETD_HOLD_MS`, `GMS_COMETD_INTERVAL_MS`); defaults in the domain. */
  cometd?: Partial<BayeuxTiming>;
}

/** The env var that names the Secrets Manager secret holding the first admin's password (set by the stack). */
export const ADMIN_SECRET_ENV = 'GMS_ADMIN_SECRET_ID';
export const WORK_QUEUE_ENV = 'WORK_QUEUE_URL';
export const WORK_DEAD_LETTER_QUEUE_ENV = 'WORK_DEAD_LETTER_QUEUE_URL';
export const WEBSOCKET_MANAGEMENT_ENV = 'WEBSOCKET_MANAGEMENT_URL';
export const WEBSOCKET_URL_ENV = 'WEBSOCKET_URL';
export const COMETD_HOLD_ENV = 'GMS_COMETD_HOLD_MS';
export const COMETD_INTERVAL_ENV = 'GMS_COMETD_INTERVAL_MS';
export const DIAL_EVENT_BUS_ENV = 'GMS_DIAL_EVENT_BUS';
/** Comma-separated values of CloudFront's origin header the HTTP functions accept (lib/origin-verify.ts). */
export const ORIGIN_VERIFY_ENV = 'GMS_ORIGIN_VERIFY';
/** The env var naming each SNS platform application ARN (set only on functions that send native push). */
export const PLATFORM_APPLICATION_ENV: Readonly<Record<NativePlatform, string>> = {
  APNS: 'GMS_SNS_APNS_APPLICATION_ARN',
  APNS_SANDBOX: 'GMS_SNS_APNS_SANDBOX_APPLICATION_ARN',
  GCM: 'GMS_SNS_GCM_APPLICATION_ARN',
};

export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const tables: Partial<Record<TableId, string>> = {};
  for (const t of TABLES) {
    const name = env[tableEnvVar(t.id)];
    if (name) tables[t.id] = name;
  }
  const ttl = Number(env.GMS_TOKEN_TTL_SECONDS ?? 3600);
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    tables,
    adminSecretId: env[ADMIN_SECRET_ENV] || undefined,
    mode: env.GMS_MODE === 'local' ? 'local' : 'aws',
    tokenTtlSeconds: Number.isFinite(ttl) && ttl > 0 ? ttl : 3600,
    workQueueUrl: env[WORK_QUEUE_ENV] || undefined,
    workDeadLetterQueueUrl: env[WORK_DEAD_LETTER_QUEUE_ENV] || undefined,
    websocketManagementUrl: env[WEBSOCKET_MANAGEMENT_ENV] || undefined,
    websocketUrl: env[WEBSOCKET_URL_ENV] || undefined,
    dialEventBus: env[DIAL_EVENT_BUS_ENV] || undefined,
    originVerify: originVerifyValues(env),
    stage: env.GMS_STAGE || undefined,
    platformApplications: Object.fromEntries(
      NATIVE_PLATFORMS.filter((p) => env[PLATFORM_APPLICATION_ENV[p]]).map((p) => [
        p,
        env[PLATFORM_APPLICATION_ENV[p]]!,
      ]),
    ),
    cometd: {
      ...millis(env[COMETD_HOLD_ENV], 'holdMs'),
      ...millis(env[COMETD_INTERVAL_ENV], 'intervalMs'),
    },
  };
}

/** A whole, non-negative number of milliseconds, or nothing (the domain default applies). */
function millis<K extends string>(value: string | undefined, key: K): Partial<Record<K, number>> {
  if (value === undefined || value === '') return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${key}: '${value}' is not a whole number of milliseconds.`);
  return { [key]: n } as Partial<Record<K, number>>;
}

/** CloudFront's origin header values the function accepts, read alone (no table names needed). */
export function originVerifyValues(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  return commaList(env[ORIGIN_VERIFY_ENV]);
}

function commaList(value: string | undefined): string[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  return items.length > 0 ? items : undefined;
}
