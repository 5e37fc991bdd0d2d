import type { Construct } from 'constructs';
import { TABLES, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import { FUNCTION_IDS, type FunctionId } from './area-permissions.js';
import type { RouteGroup } from './route-groups.js';

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/** What a deployment may change, from CDK context (`cdk.json` or `-c key=value`). */
export interface DeploymentSettings {
  /** `allowedOrigins`: CORS origins, a JSON array or a comma-separated list. Default `*`. */
  allowedOrigins: string[];
  /** `throttleRateLimit` / `throttleBurstLimit`: stage-wide requests per second and burst. */
  throttle: Throttle;
  /**
   * `serviceThrottleRateLimit` / `serviceThrottleBurstLimit` (public service API routes, default
   * 1000 / 2000) and `adminThrottleRateLimit` / `adminThrottleBurstLimit` (management API routes,
   * default 20 / 40): per-route limits over the stage default.
   */
  routeThrottles: Record<RouteGroup, Throttle>;
  /**
   * `workerMaxConcurrency`: most concurrent callback-worker invocations the work queue's event
   * source starts (SQS `MaximumConcurrency`, 2..1000). Default 100.
   */
  workerMaxConcurrency: number;
  /**
   * `reservedConcurrency`: reserved concurrent executions by function id (JSON object, e.g.
   * `{"service":50,"callback":50,"scheduler-tick":2}`, which is the default; `{}` reserves none).
   */
  reservedConcurrency: Partial<Record<FunctionId, number>>;
  /**
   * `tableNames`: existing tables the stack uses instead of creating its own, by table id (a JSON
   * object, e.g. `{"callbacks":"restored-callbacks"}`): how a table restored from point-in-time
   * recovery, which always gets a new name, is put back in service. Default none.
   */
  tableNames: Partial<Record<TableId, string>>;
  /** `logLevel`: the functions' log level. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * `apiGatewayCloudWatchRole`: set the API Gateway account's CloudWatch Logs role, which WebSocket
   * access logs need. Default true; `false` when the account already has one.
   */
  apiGatewayCloudWatchRole: boolean;
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

/** Sized so that the public API keeps capacity through a worker burst, on an account at the default 1,000 limit. */
export const DEFAULT_RESERVED_CONCURRENCY: Partial<Record<FunctionId, number>> = {
  service: 50,
  callback: 50,
  'scheduler-tick': 2,
};

function integerIn(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`Context '${name}' must be an integer from ${min} to ${max}, not '${String(value)}'.`);
  return n;
}

/** A JSON object setting (given as an object in cdk.json or as JSON text with `-c`). */
function jsonObject(value: unknown, name: string, what: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`Context '${name}' must be a JSON object of ${what}, not '${value}'.`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`Context '${name}' must be a JSON object of ${what}, not '${String(value)}'.`);
  return parsed as Record<string, unknown>;
}

function reservations(value: unknown): Partial<Record<FunctionId, number>> | undefined {
  const parsed = jsonObject(value, 'reservedConcurrency', 'function id to a number');
  if (parsed === undefined) return undefined;
  const out: Partial<Record<FunctionId, number>> = {};
  for (const [id, n] of Object.entries(parsed)) {
    if (!(FUNCTION_IDS as readonly string[]).includes(id))
      throw new Error(
        `Context 'reservedConcurrency' names an unknown function '${id}'; known: ${FUNCTION_IDS.join(', ')}.`,
      );
    // 0 would stop the function altogether: not a concurrency setting.
    out[id as FunctionId] = integerIn(n, `reservedConcurrency.${id}`, 1, 10_000);
  }
  return out;
}

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function tableNames(value: unknown): Partial<Record<TableId, string>> | undefined {
  const parsed = jsonObject(value, 'tableNames', 'table id to table name');
  if (parsed === undefined) return undefined;
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
    routeThrottles: {
      service: {
        rateLimit: positiveNumber(ctx('serviceThrottleRateLimit'), 'serviceThrottleRateLimit') ?? 1000,
        burstLimit: positiveNumber(ctx('serviceThrottleBurstLimit'), 'serviceThrottleBurstLimit') ?? 2000,
      },
      admin: {
        rateLimit: positiveNumber(ctx('adminThrottleRateLimit'), 'adminThrottleRateLimit') ?? 20,
        burstLimit: positiveNumber(ctx('adminThrottleBurstLimit'), 'adminThrottleBurstLimit') ?? 40,
      },
    },
    workerMaxConcurrency: integerIn(ctx('workerMaxConcurrency'), 'workerMaxConcurrency', 2, 1000) ?? 100,
    reservedConcurrency: reservations(ctx('reservedConcurrency')) ?? { ...DEFAULT_RESERVED_CONCURRENCY },
    tableNames: tableNames(ctx('tableNames')) ?? {},
    logLevel: logLevel as DeploymentSettings['logLevel'],
    apiGatewayCloudWatchRole: flag(ctx('apiGatewayCloudWatchRole'), 'apiGatewayCloudWatchRole') ?? true,
  };
}
