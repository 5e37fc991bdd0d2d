import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Ports } from '../ports/index.js';
import type { QueueStats } from '../ports/metrics.js';
import type { WorkQueue } from '../ports/work-queue.js';
import { tableEnvVar, type TableId } from '../adapters/dynamodb/table-definitions.js';
import type { RuntimeConfig } from '../runtime-config.js';

/**
 * The ports plus the raw DynamoDB client they are built on: what the local runtime and tests hold
 * (tests reach into tables directly). Use cases never see it: they pick from `Ports`.
 */
export interface Deps extends Ports {
  doc: DynamoDBDocumentClient;
}

/** A table this function was given, or a start failure naming the variable the deployment must set. */
export function table(runtime: RuntimeConfig, id: TableId): string {
  const name = runtime.tables[id];
  if (!name) {
    throw new Error(`${tableEnvVar(id)} is not set: this function was not given the ${id} table.`);
  }
  return name;
}

/** How each port is built: a function of the ports it reads (its parameter's type) and the runtime. */
export type Factories = { [K in keyof Deps]-?: (p: Deps, runtime: RuntimeConfig) => Deps[K] };

type Needs<F> = F extends (p: infer P, runtime: RuntimeConfig) => unknown
  ? P extends object
    ? keyof P
    : never
  : never;
/** `S` itself when every port one of its factories reads is also in `S`; otherwise names what is missing. */
type Closed<S> = {
  [K in keyof S]: [Exclude<Needs<S[K]>, keyof S>] extends [never]
    ? S[K]
    : { missingFactories: Exclude<Needs<S[K]>, keyof S> };
};

/** The ports `factories` build. */
export type PortsOf<S> = Pick<Deps, keyof S & keyof Deps>;

/**
 * The ports of one process, each built by `factories` the first time it is read (and then kept),
 * from `runtime` unless `overrides` gives it. `factories` must be closed (checked at compile
 * time): every port a factory reads is built too. Assigning a port replaces it (tests swap one
 * in a running server). An override given as `undefined` means "use the default", not "remove it".
 */
export function composePorts<S extends Partial<Record<keyof Deps, unknown>>>(
  runtime: RuntimeConfig,
  factories: S & Closed<S>,
  overrides: Partial<Deps> = {},
): PortsOf<S> {
  const built = new Map<keyof Deps, unknown>();
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) built.set(key as keyof Deps, value);
  }
  const build = factories as unknown as Partial<Factories>;
  const ports = {} as Deps;
  for (const key of Object.keys(build) as (keyof Deps)[]) {
    Object.defineProperty(ports, key, {
      enumerable: true,
      get() {
        if (!built.has(key)) built.set(key, build[key]!(ports, runtime));
        return built.get(key);
      },
      set(value: unknown) {
        built.set(key, value);
      },
    });
  }
  return ports;
}

/** Functions without a queue binding never send work; if one does, the deployment is wrong. */
export const missingQueue: WorkQueue = {
  send: () => Promise.reject(new Error('WORK_QUEUE_URL is not set: this function has no work queue.')),
  sendBatch: () => Promise.reject(new Error('WORK_QUEUE_URL is not set: this function has no work queue.')),
};

/** Only the admin function is given both queue URLs (and `sqs:GetQueueAttributes`). */
export const missingQueueStats: QueueStats = {
  stats: () =>
    Promise.reject(new Error('This function is not given the work queue and its dead-letter queue.')),
};
