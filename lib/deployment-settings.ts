import type { Construct } from 'constructs';
import { TABLES, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import { FUNCTION_IDS, type FunctionId } from './area-permissions.js';
import type { RouteGroup } from './route-groups.js';
import { validateStage } from './stage.js';
import { NATIVE_PLATFORMS, type NativePlatform } from '../functions/domain/push/native-platforms.js';

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/** What a deployment may change, from CDK context (`cdk.json` or `-c key=value`). */
export interface DeploymentSettings {
  /**
   * `allowedOrigins`: extra origins browsers may call the API from (CORS), a JSON array or a
   * comma-separated list of `https://host[:port]`. Default none: only the stack's own UI origin.
   * `*` (alone) allows any origin, and only when given explicitly.
   */
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
  /** `stage`: a separate stack `Gms-<stage>` with its own resources; none gives the stack `Gms`. */
  stage?: string;
  /** `domainName` + `certificateArn` + `uiCertificateArn`: the optional custom domain (lib/custom-domain.ts). */
  domain?: DomainSettings;
  /** `waf` or `webAclArn`: the optional WAF web ACL on CloudFront (lib/gms-web-acl.ts). */
  waf?: WafSettings;
  /**
   * `apiViaCloudFrontOnly`: the HTTP API refuses requests that did not come through CloudFront.
   * Default true when a web ACL is set (`waf` or `webAclArn`), so the WAF cannot be bypassed;
   * otherwise false, so existing apps calling the execute-api URL keep working.
   */
  apiViaCloudFrontOnly: boolean;
  /** `originVerifyVersion`: raise by one to rotate the CloudFront origin header value without downtime. Default 1. */
  originVerifyVersion: number;
  /**
   * `alarmEmails`: addresses the alarm topic e-mails (each confirms the subscription once), a
   * JSON array or a comma-separated list. Default none: subscribe other endpoints to the
   * `AlarmTopicArn` output.
   */
  alarmEmails: string[];
  /**
   * Native push (Amazon SNS mobile push): the platform application ARN of each platform,
   * `apnsPlatformApplicationArn` (APNS), `apnsSandboxPlatformApplicationArn` (APNS_SANDBOX: GMS's
   * debug provider, for `push_notification_debug=true` devices) and `fcmPlatformApplicationArn`
   * (GCM, i.e. Firebase). Default none: no native push, and no SNS permission.
   */
  nativePush: NativePushSettings;
  /**
   * `cometdLongPollHoldMs` (0..5000, default 2000): how long a CometD long-polling `/meta/connect`
   * waits for a message before answering; `cometdLongPollIntervalMs` (0..60000, default 1000): the
   * pause the client is advised to make before the next one (docs/push.md, CometD).
   */
  cometd: CometdSettings;
}

export interface CometdSettings {
  holdMs: number;
  intervalMs: number;
}

/** SNS platform application ARN by SNS platform (see `readNativePushSettings`). */
export type NativePushSettings = Partial<Record<NativePlatform, string>>;

export interface DomainSettings {
  /** `domainName`: the UI and API through CloudFront; `api.` and `ws.` in front of it for the regional APIs. */
  name: string;
  /** `certificateArn`: regional ACM certificate (stack's region) covering `api.<name>` and `ws.<name>`. */
  certificateArn: string;
  /** `uiCertificateArn`: ACM certificate in us-east-1 covering `<name>`, for CloudFront. */
  uiCertificateArn: string;
}

export type WafSettings =
  | {
      /** `waf=true`: a CLOUDFRONT-scope web ACL created in this stack (us-east-1 only). */
      kind: 'create';
      /** `wafLoginRateLimit`: requests per 5 minutes per address to `admin/login`. Default 100. */
      loginRateLimit: number;
      /** `wafServiceRateLimit`: requests per 5 minutes per address to `service/...`. Default 2000. */
      serviceRateLimit: number;
    }
  /** `webAclArn`: an existing CLOUDFRONT-scope web ACL (created in us-east-1 by the platform team). */
  | { kind: 'existing'; webAclArn: string };

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
  session: 50,
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
    allowedOrigins: origins(list(ctx('allowedOrigins'), 'allowedOrigins')),
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
    alarmEmails: emails(ctx('alarmEmails'), 'alarmEmails') ?? [],
    cometd: readCometdSettings(ctx),
    ...readEdgeSettings(ctx),
    nativePush: readNativePushSettings(ctx),
  };
}

// --- Native push: SNS platform applications ---

/** The context key of each platform's application ARN. */
export const NATIVE_PUSH_CONTEXT: Readonly<Record<NativePlatform, string>> = {
  APNS: 'apnsPlatformApplicationArn',
  APNS_SANDBOX: 'apnsSandboxPlatformApplicationArn',
  GCM: 'fcmPlatformApplicationArn',
};

/** `arn:<partition>:sns:<region>:<account>:app/<platform>/<name>`, as SNS names platform applications. */
const PLATFORM_APPLICATION_ARN =
  /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:app\/([A-Z_]+)\/[A-Za-z0-9_.-]{1,256}$/;

function readNativePushSettings(ctx: (key: string) => unknown): NativePushSettings {
  const out: NativePushSettings = {};
  for (const platform of NATIVE_PLATFORMS) {
    const key = NATIVE_PUSH_CONTEXT[platform];
    const value = ctx(key);
    if (value === undefined || value === '') continue;
    const arn = String(value).trim();
    const m = PLATFORM_APPLICATION_ARN.exec(arn);
    if (!m) {
      throw new Error(
        `Context '${key}' must be an SNS platform application ARN (arn:aws:sns:<region>:<account>:app/${platform}/<name>), not '${arn}'.`,
      );
    }
    if (m[2] !== platform) {
      throw new Error(
        `Context '${key}' must name a ${platform} platform application, not a ${m[2]} one ('${arn}').`,
      );
    }
    out[platform] = arn;
  }
  return out;
}

// --- CometD long-polling (a Lambda function holds a connect only this long) ---

function readCometdSettings(ctx: (key: string) => unknown): CometdSettings {
  return {
    holdMs: integerIn(ctx('cometdLongPollHoldMs'), 'cometdLongPollHoldMs', 0, 5000) ?? 2000,
    intervalMs: integerIn(ctx('cometdLongPollIntervalMs'), 'cometdLongPollIntervalMs', 0, 60_000) ?? 1000,
  };
}

// --- Edge: stage, custom domain, WAF, CloudFront-only API, CORS origins ---

type EdgeSettings = Pick<
  DeploymentSettings,
  'stage' | 'domain' | 'waf' | 'apiViaCloudFrontOnly' | 'originVerifyVersion'
>;

const DOMAIN_PATTERN = /^(?=.{1,250}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/;
const ACM_ARN_PATTERN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
const WEB_ACL_ARN_PATTERN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[a-f0-9-]+$/;

/** `*` only alone and explicitly; every other entry a scheme, host and optional port, nothing more. */
function origins(values: string[] | undefined): string[] {
  if (values === undefined) return [];
  if (values.includes('*')) {
    if (values.length > 1)
      throw new Error("Context 'allowedOrigins' is either exactly '*' or a list of origins, not both.");
    return ['*'];
  }
  for (const v of values) {
    if (!ORIGIN_PATTERN.test(v)) {
      throw new Error(
        `Context 'allowedOrigins' must list origins like https://app.example.com (no path), not '${v}'.`,
      );
    }
  }
  return values;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim();
}

function certificateArn(value: unknown, name: string, region?: string): string {
  const arn = text(value);
  const match = arn === undefined ? null : ACM_ARN_PATTERN.exec(arn);
  if (!arn || !match) {
    throw new Error(
      `Context '${name}' must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), not '${String(value)}'.`,
    );
  }
  if (region && match[1] !== region) {
    throw new Error(
      `Context '${name}' must be a certificate in ${region} (CloudFront only uses certificates from there), not in ${match[1]}.`,
    );
  }
  return arn;
}

function readDomain(ctx: (key: string) => unknown): DomainSettings | undefined {
  const name = text(ctx('domainName'))?.toLowerCase();
  if (name === undefined) {
    for (const key of ['certificateArn', 'uiCertificateArn']) {
      if (text(ctx(key)) !== undefined)
        throw new Error(`Context '${key}' is only used with 'domainName'; set it too.`);
    }
    return undefined;
  }
  if (!DOMAIN_PATTERN.test(name))
    throw new Error(`Context 'domainName' must be a DNS name like gms.example.com, not '${name}'.`);
  if (text(ctx('certificateArn')) === undefined || text(ctx('uiCertificateArn')) === undefined) {
    throw new Error(
      `Context 'domainName' needs 'certificateArn' (an ACM certificate in the stack's region for api.${name} and ws.${name}) ` +
        `and 'uiCertificateArn' (an ACM certificate in us-east-1 for ${name}; the same ARN when the stack is in us-east-1).`,
    );
  }
  return {
    name,
    certificateArn: certificateArn(ctx('certificateArn'), 'certificateArn'),
    uiCertificateArn: certificateArn(ctx('uiCertificateArn'), 'uiCertificateArn', 'us-east-1'),
  };
}

function wholeNumber(value: unknown, name: string): number | undefined {
  const n = positiveNumber(value, name);
  if (n !== undefined && !Number.isInteger(n)) {
    throw new Error(`Context '${name}' must be a whole number, not '${String(value)}'.`);
  }
  return n;
}

function rateLimit(value: unknown, name: string, fallback: number): number {
  const n = positiveNumber(value, name) ?? fallback;
  // WAF's bounds for a rate-based rule's limit.
  if (!Number.isInteger(n) || n < 10 || n > 2_000_000_000) {
    throw new Error(
      `Context '${name}' must be a whole number from 10 to 2000000000, not '${String(value)}'.`,
    );
  }
  return n;
}

function readWaf(ctx: (key: string) => unknown): WafSettings | undefined {
  const create = flag(ctx('waf'), 'waf') ?? false;
  const existing = text(ctx('webAclArn'));
  if (create && existing !== undefined) {
    throw new Error(
      "Context 'waf=true' creates a web ACL and 'webAclArn' attaches an existing one: set only one of them.",
    );
  }
  if (existing !== undefined) {
    if (!WEB_ACL_ARN_PATTERN.test(existing)) {
      throw new Error(
        `Context 'webAclArn' must be the ARN of a CLOUDFRONT-scope WAFv2 web ACL (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), not '${existing}'.`,
      );
    }
    return { kind: 'existing', webAclArn: existing };
  }
  for (const key of ['wafLoginRateLimit', 'wafServiceRateLimit']) {
    if (!create && ctx(key) !== undefined)
      throw new Error(`Context '${key}' is only used with 'waf=true'; set it too.`);
  }
  if (!create) return undefined;
  return {
    kind: 'create',
    loginRateLimit: rateLimit(ctx('wafLoginRateLimit'), 'wafLoginRateLimit', 100),
    serviceRateLimit: rateLimit(ctx('wafServiceRateLimit'), 'wafServiceRateLimit', 2000),
  };
}

function readEdgeSettings(ctx: (key: string) => unknown): EdgeSettings {
  const waf = readWaf(ctx);
  return {
    stage: validateStage(ctx('stage')),
    domain: readDomain(ctx),
    waf,
    apiViaCloudFrontOnly: flag(ctx('apiViaCloudFrontOnly'), 'apiViaCloudFrontOnly') ?? waf !== undefined,
    originVerifyVersion: wholeNumber(ctx('originVerifyVersion'), 'originVerifyVersion') ?? 1,
  };
}
