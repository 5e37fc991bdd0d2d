import type { Construct } from 'constructs';
import { TABLES, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';

/** What a deployment may change, from CDK context (`cdk.json` or `-c key=value`). */
export interface DeploymentSettings {
  /** `allowedOrigins`: CORS origins, a JSON array or a comma-separated list. Default `*`. */
  allowedOrigins: string[];
  /** `throttleRateLimit` / `throttleBurstLimit`: stage-wide requests per second and burst. */
  throttle: { rateLimit: number; burstLimit: number };
  /** `logLevel`: the functions' log level. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * `apiGatewayCloudWatchRole`: set the API Gateway account's CloudWatch Logs role, which WebSocket
   * access logs need. Default true; `false` when the account already has one.
   */
  apiGatewayCloudWatchRole: boolean;
  /**
   * `tableNames`: existing tables the stack uses instead of creating its own, by table id (a JSON
   * object, e.g. `{"callbacks":"restored-callbacks"}`): how a table restored from point-in-time
   * recovery, which always gets a new name, is put back in service. Default none.
   */
  tableNames: Partial<Record<TableId, string>>;
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

function list(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : String(value).split(',');
  const out = items.map((v) => String(v).trim()).filter((v) => v.length > 0);
  if (out.length === 0) throw new Error(`Context '${name}' must list at least one value.`);
  return out;
}

function positiveNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`Context '${name}' must be a positive number, not '${String(value)}'.`);
  return n;
}

function flag(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context '${name}' must be true or false, not '${String(value)}'.`);
}

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function tableNames(value: unknown): Partial<Record<TableId, string>> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(
        `Context 'tableNames' must be a JSON object of table id to table name, not '${value}'.`,
      );
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `Context 'tableNames' must be a JSON object of table id to table name, not '${String(value)}'.`,
    );
  }
  const ids = TABLES.map((t) => t.id as string);
  const out: Partial<Record<TableId, string>> = {};
  for (const [id, name] of Object.entries(parsed)) {
    if (!ids.includes(id)) {
      throw new Error(
        `Context 'tableNames' names an unknown table id '${id}'; the ids are ${ids.join(', ')}.`,
      );
    }
    if (typeof name !== 'string' || !TABLE_NAME.test(name)) {
      throw new Error(
        `Context 'tableNames.${id}' must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), not '${String(name)}'.`,
      );
    }
    out[id as TableId] = name;
  }
  return out;
}

export function readDeploymentSettings(scope: Construct): DeploymentSettings {
  const ctx = (key: string): unknown => scope.node.tryGetContext(key);
  const logLevel = String(ctx('logLevel') ?? 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`Context 'logLevel' must be one of ${LOG_LEVELS.join(', ')}, not '${logLevel}'.`);
  }
  return {
    allowedOrigins: list(ctx('allowedOrigins'), 'allowedOrigins') ?? ['*'],
    throttle: {
      rateLimit: positiveNumber(ctx('throttleRateLimit'), 'throttleRateLimit') ?? 100,
      burstLimit: positiveNumber(ctx('throttleBurstLimit'), 'throttleBurstLimit') ?? 200,
    },
    logLevel: logLevel as DeploymentSettings['logLevel'],
    apiGatewayCloudWatchRole: flag(ctx('apiGatewayCloudWatchRole'), 'apiGatewayCloudWatchRole') ?? true,
    tableNames: tableNames(ctx('tableNames')) ?? {},
  };
}
