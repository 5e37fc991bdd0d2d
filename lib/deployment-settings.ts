import type { Construct } from 'constructs';

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
   * `alarmEmails`: addresses the alarm topic e-mails (each confirms the subscription once), a
   * JSON array or a comma-separated list. Default none: subscribe other endpoints to the
   * `AlarmTopicArn` output.
   */
  alarmEmails: string[];
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

/** Deliberately loose (SNS checks deliverability): catches lists, typos of separators and blanks. */
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** `-c key=[...]` arrives as a string: a value that looks like a JSON array is read as one. */
function jsonArray(value: unknown, name: string): unknown {
  if (typeof value !== 'string' || !value.trim().startsWith('[')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new Error(`Context '${name}' starts like a JSON array but is not valid JSON: ${value}`);
  }
}

function emails(value: unknown, name: string): string[] | undefined {
  const out = list(jsonArray(value, name), name);
  for (const address of out ?? []) {
    if (!EMAIL.test(address))
      throw new Error(`Context '${name}' has '${address}', which is not an e-mail address.`);
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
    alarmEmails: emails(ctx('alarmEmails'), 'alarmEmails') ?? [],
  };
}
