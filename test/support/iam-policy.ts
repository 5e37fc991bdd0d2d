import type { AwsCall, AwsResource } from '../../functions/adapters/aws-calls/aws-call.js';
import { tableEnvVar } from '../../functions/adapters/dynamodb/table-definitions.js';
import { endpointArnPrefix } from '../../functions/domain/push/native-push-payload.js';
import {
  ADMIN_SECRET_ENV,
  WEBSOCKET_MANAGEMENT_ENV,
  PLATFORM_APPLICATION_ENV,
  WORK_DEAD_LETTER_QUEUE_ENV,
  WORK_QUEUE_ENV,
} from '../../functions/runtime-config.js';
import { PUSH_SECRET_ID_ENV } from '../../functions/adapters/push/http-callback-sender.js';

/**
 * A small IAM evaluator over a synthesized template: the template's intrinsic functions are
 * resolved to ARN strings of a fixed partition, region and account, the recorded calls are turned
 * into ARNs of the same resources, and a call is allowed when an Allow statement matches its
 * action, its resource and its conditions, and no Deny does. Anything it does not understand
 * (NotAction, an unknown condition operator...) counts as not allowed, so it errs on failing.
 */

const PARTITION = 'aws';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const PSEUDO: Record<string, string> = {
  'AWS::Partition': PARTITION,
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** A synthesized template's `Resources`. */
export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** An IAM statement as synthesized (intrinsics unresolved). */
export interface RawStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** An ARN or value as it would be once deployed, for any intrinsic the stack's policies use. */
export function resolveValue(value: unknown, resources: Resources): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') {
      if (PSEUDO[v.Ref]) return PSEUDO[v.Ref]!;
      const type = resources[v.Ref]?.Type;
      if (!type) throw new Error(`Ref to an unknown resource ${v.Ref}`);
      // What Ref returns for each type: an ARN for secrets, a URL for queues, else a name or id.
      if (type === 'AWS::SecretsManager::Secret')
        return `arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:${v.Ref}`;
      if (type === 'AWS::SQS::Queue') return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${v.Ref}`;
      return v.Ref;
    }
    if (Array.isArray(v['Fn::GetAtt'])) {
      const [id, attribute] = v['Fn::GetAtt'] as [string, string];
      const type = resources[id]?.Type;
      if (!type) throw new Error(`Fn::GetAtt of an unknown resource ${id}`);
      if (attribute !== 'Arn') return `${id}.${attribute}`;
      if (type === 'AWS::DynamoDB::Table')
        return `arn:${PARTITION}:dynamodb:${REGION}:${ACCOUNT}:table/${id}`;
      if (type === 'AWS::SQS::Queue') return `arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:${id}`;
      if (type === 'AWS::Logs::LogGroup')
        return `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${id}:*`;
      const service = type.split('::')[1]!.toLowerCase();
      return `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${id}`;
    }
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => resolveValue(p, resources)).join(separator);
    }
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
}

export interface ResolvedStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  conditions: Record<string, Record<string, string[]>>;
}

/** Statements with every resource and condition value resolved. */
export function resolveStatements(
  statements: readonly RawStatement[],
  resources: Resources,
): ResolvedStatement[] {
  return statements.map((s) => {
    const raw = s as unknown as Record<string, unknown>;
    for (const unsupported of ['NotAction', 'NotResource', 'NotPrincipal']) {
      if (raw[unsupported]) throw new Error(`${unsupported} is not supported by this evaluator`);
    }
    const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);
    const conditions: ResolvedStatement['conditions'] = {};
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
      conditions[operator] = {};
      for (const [key, values] of Object.entries(keys))
        conditions[operator][key] = list(values).map((x) => resolveValue(x, resources));
    }
    return {
      effect: s.Effect as 'Allow' | 'Deny',
      actions: list(s.Action).map(String),
      resources: list(s.Resource).map((r) => resolveValue(r, resources)),
      conditions,
    };
  });
}

/** IAM's wildcards: `*` any run of characters, `?` one. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function conditionHolds(
  operator: string,
  expected: string[],
  actual: readonly string[] | undefined,
): boolean {
  const [qualifier, base] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const one = (value: string) =>
    expected.some((e) =>
      base === 'StringEquals' ? e === value : base === 'StringLike' ? globMatches(e, value) : false,
    );
  if (base !== 'StringEquals' && base !== 'StringLike') return false;
  // Stricter than IAM on purpose: an absent key never satisfies a condition (IAM's ForAllValues
  // would let a request without the key through).
  if (!actual || actual.length === 0) return false;
  if (qualifier === 'ForAnyValue') return actual.some(one);
  if (qualifier === undefined || qualifier === 'ForAllValues') return actual.every(one);
  return false;
}

function statementMatches(s: ResolvedStatement, action: string, arn: string, context: AwsCall['context']) {
  return (
    s.actions.some((a) => globMatches(a, action, true)) &&
    s.resources.some((r) => globMatches(r, arn)) &&
    Object.entries(s.conditions).every(([operator, keys]) =>
      Object.entries(keys).every(([key, values]) => conditionHolds(operator, values, context?.[key])),
    )
  );
}

export function isAllowed(
  statements: readonly ResolvedStatement[],
  action: string,
  arn: string,
  context?: AwsCall['context'],
): boolean {
  if (statements.some((s) => s.effect === 'Deny' && statementMatches(s, action, arn, context))) return false;
  return statements.some((s) => s.effect === 'Allow' && statementMatches(s, action, arn, context));
}

/**
 * Where each of the stack's resources is, read from what the functions are given (their
 * environment), so the test follows the stack's own wiring instead of a list of its own.
 */
export class StackResourceArns {
  private readonly env = new Map<string, string>();

  constructor(resources: Resources) {
    for (const fn of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
      const vars = ((fn.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables ??
        {}) as Record<string, unknown>;
      for (const [name, value] of Object.entries(vars)) {
        if (!this.env.has(name)) this.env.set(name, resolveValue(value, resources));
      }
    }
  }

  /** The ARN IAM authorizes `resource` against; undefined when the stack has no such resource. */
  arnOf(resource: AwsResource): string | undefined {
    switch (resource.kind) {
      case 'table': {
        const name = this.env.get(tableEnvVar(resource.table));
        if (!name) return undefined;
        const table = `arn:${PARTITION}:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
        return resource.index ? `${table}/index/${resource.index}` : table;
      }
      case 'queue': {
        const url = this.env.get(resource.queue === 'work' ? WORK_QUEUE_ENV : WORK_DEAD_LETTER_QUEUE_ENV);
        return url && `arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:${url.split('/').pop()}`;
      }
      case 'event-bus':
        return `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:event-bus/${resource.name}`;
      case 'secret':
        return this.env.get(resource.secret === 'admin' ? ADMIN_SECRET_ENV : PUSH_SECRET_ID_ENV);
      case 'websocket-connection': {
        const management = this.env.get(WEBSOCKET_MANAGEMENT_ENV);
        const m = management && /^https:\/\/([^.]+)\.execute-api\.[^/]+\/(.+)$/.exec(management);
        if (!m) return undefined;
        return `arn:${PARTITION}:execute-api:${REGION}:${ACCOUNT}:${m[1]}/${m[2]}/${resource.method}/@connections/recorded-connection`;
      }
      case 'sns-application':
      case 'sns-endpoint': {
        const app = this.env.get(PLATFORM_APPLICATION_ENV[resource.platform]);
        if (!app) return undefined;
        return resource.kind === 'sns-application' ? app : `${endpointArnPrefix(app)}recorded-endpoint`;
      }
      case 'unknown':
        return undefined;
    }
  }
}
