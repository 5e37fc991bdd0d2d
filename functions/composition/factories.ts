import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccessNumberStore } from '../adapters/dynamodb/access-number-store.js';
import { DynamoCallbackStore } from '../adapters/dynamodb/callback-store.js';
import { DynamoServiceShardBackfill } from '../adapters/dynamodb/service-shard-backfill.js';
import { DynamoChatStore } from '../adapters/dynamodb/chat-store.js';
import { DynamoMetricsStore } from '../adapters/dynamodb/metrics-store.js';
import { MetricsRecorder } from '../adapters/metrics-recorder.js';
import { InMemoryOperationalMetrics } from '../adapters/operational-metrics/in-memory-operational-metrics.js';
import { PowertoolsOperationalMetrics } from '../adapters/operational-metrics/powertools-operational-metrics.js';
import { DEFAULT_METRICS_STAGE } from '../domain/operational-metrics.js';
import { SqsWorkQueue } from '../adapters/sqs/sqs-work-queue.js';
import { SqsQueueStats } from '../adapters/sqs/sqs-queue-stats.js';
import { DynamoTableHealth } from '../adapters/dynamodb/table-probe.js';
import { DynamoTickRecordStore } from '../adapters/dynamodb/tick-record-store.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoConfigStore } from '../adapters/dynamodb/config-store.js';
import { DynamoNodeStatusStore } from '../adapters/dynamodb/node-status-store.js';
import { DynamoSessionStore } from '../adapters/dynamodb/session-store.js';
import { DynamoStorageStore } from '../adapters/dynamodb/storage-store.js';
import { DynamoTemplateStore } from '../adapters/dynamodb/template-store.js';
import { DynamoAttemptCounter } from '../adapters/dynamodb/attempt-counter-store.js';
import { DynamoTokenStore } from '../adapters/dynamodb/token-store.js';
import { DynamoUserStore } from '../adapters/dynamodb/user-store.js';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { DynamoRoutingStore } from '../adapters/dynamodb/routing-store.js';
import { EventBridgeDialer } from '../adapters/eventbridge/eventbridge-dialer.js';
import { DynamoBayeuxStore } from '../adapters/dynamodb/bayeux-store.js';
import { DynamoConnectionStore } from '../adapters/dynamodb/connection-store.js';
import { DynamoNotificationStore } from '../adapters/dynamodb/notification-store.js';
import { ApiGatewayConnectionSender } from '../adapters/push/api-gateway-connection-sender.js';
import { HttpCallbackSender, pushSecretSource } from '../adapters/push/http-callback-sender.js';
import { HttpCallbackDeviceChannel } from '../adapters/push/httpcb-device-channel.js';
import { SessionSocketDeviceChannel } from '../adapters/push/session-socket-device-channel.js';
import { DynamoNotificationSubscriptionStore } from '../adapters/dynamodb/notification-subscription-store.js';
import { CallbackEventPublisher } from '../adapters/callback-event-publisher.js';
import { StatusNotificationEmitter } from '../adapters/status-notification-emitter.js';
import { PushDispatcher } from '../adapters/push/push-dispatcher.js';
import { NativePushChannel } from '../adapters/push/native-push-channel.js';
import { DynamoPushEndpointStore } from '../adapters/dynamodb/push-endpoint-store.js';
import { SnsMobilePush } from '../adapters/sns/sns-mobile-push.js';
import { nativeDeviceChannels } from '../domain/push/native-push-payload.js';
import { CometdChannel } from '../adapters/push/cometd-channel.js';
import { cryptoIds } from '../adapters/crypto-ids.js';
import { SecretsManagerAdminSecret } from '../adapters/secrets/secrets-manager-admin-secret.js';
import { BuiltInRouter } from '../adapters/router/built-in-router.js';
import { systemClock } from '../adapters/system-clock.js';
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

type Factories = { [K in keyof Deps]-?: (p: Deps, runtime: RuntimeConfig) => Deps[K] };

/** A table this function was given, or a start failure naming the variable the deployment must set. */
function table(runtime: RuntimeConfig, id: TableId): string {
  const name = runtime.tables[id];
  if (!name) {
    throw new Error(`${tableEnvVar(id)} is not set: this function was not given the ${id} table.`);
  }
  return name;
}

/**
 * How each port is built, from the ports it needs (`p`, built on first use). An area composes only
 * what its functions use, so a Lambda builds (and needs the tables and grants of) nothing else.
 */
const FACTORIES: Factories = {
  runtime: (_, runtime) => runtime,
  clock: () => systemClock,
  ids: () => cryptoIds,
  doc: (_, runtime) => createDocumentClient(runtime),
  config: (p, r) => new DynamoConfigStore(p.doc, table(r, 'config'), p.clock),
  templates: (p, r) => new DynamoTemplateStore(p.doc, table(r, 'config')),
  users: (p, r) => new DynamoUserStore(p.doc, table(r, 'config')),
  tokens: (p, r) => new DynamoTokenStore(p.doc, table(r, 'tokens')),
  attempts: (p, r) => new DynamoAttemptCounter(p.doc, table(r, 'sessions')),
  idempotency: (p, r) => new DynamoIdempotencyStore(p.doc, table(r, 'sessions')),
  node: (p, r) => new DynamoNodeStatusStore(p.doc, table(r, 'config'), p.clock),
  sessions: (p, r) => new DynamoSessionStore(p.doc, table(r, 'sessions')),
  storage: (p, r) => new DynamoStorageStore(p.doc, table(r, 'sessions')),
  accessNumbers: (p, r) => new DynamoAccessNumberStore(p.doc, table(r, 'resources'), p.ids),
  callbacks: (p, r) => new DynamoCallbackStore(p.doc, table(r, 'callbacks')),
  // Reads the metrics ports through `p`, so an override is the one used.
  callbackEvents: (p) =>
    new CallbackEventPublisher(
      new StatusNotificationEmitter(() => p),
      () => p.metrics,
      () => p.operationalMetrics,
    ),
  callbackIndexUpgrade: (p, r) => new DynamoServiceShardBackfill(p.doc, table(r, 'callbacks')),
  queue: (_, r) => (r.workQueueUrl ? new SqsWorkQueue(r.workQueueUrl, r.region) : missingQueue),
  connections: (p, r) => new DynamoConnectionStore(p.doc, table(r, 'connections')),
  notifications: (p, r) => new DynamoNotificationStore(p.doc, table(r, 'sessions')),
  sockets: (_, r) =>
    new ApiGatewayConnectionSender({
      region: r.region,
      // Read at send time: the local runtime learns its port (and sets the URL) after composing.
      endpoint: () => r.websocketManagementUrl,
      local: r.mode === 'local',
    }),
  push: (p, r) =>
    new PushDispatcher(() => p, { webhook: p.webhooks, allowPrivateWebhooks: r.mode === 'local' }),
  bayeux: (p, r) => new DynamoBayeuxStore(p.doc, table(r, 'connections')),
  deviceChannels: (p, r) => ({
    // CometD clients of a `gms_user` (docs/push.md, CometD).
    comet: new CometdChannel(() => p),
    httpcb: new HttpCallbackDeviceChannel(p.webhooks, r.mode === 'local'),
    websocket: new SessionSocketDeviceChannel(() => p.push),
    // Native push: only the types whose platform application is configured (all of them locally).
    ...nativeDeviceChannels(Object.keys(r.platformApplications ?? {}), new NativePushChannel(() => p)),
  }),
  notificationSubscriptions: (p, r) =>
    new DynamoNotificationSubscriptionStore(p.doc, table(r, 'connections')),
  // One signer for every signed POST: session pushes, Notification API subscriptions, status notifications.
  webhooks: (_, r) => new HttpCallbackSender({ secret: pushSecretSource(r.mode, r.region) }),
  mobilePush: (_, r) => new SnsMobilePush(r.region, r.platformApplications ?? {}),
  pushEndpoints: (p, r) => new DynamoPushEndpointStore(p.doc, table(r, 'connections'), () => p.clock.now()),
  routing: (p, r) => new DynamoRoutingStore(p.doc, table(r, 'routing'), table(r, 'callbacks')),
  // `p` itself, not a copy: the router reads each port when it runs, so a replaced one is used.
  router: (p) => new BuiltInRouter(p),
  dialer: (_, r) => new EventBridgeDialer(r.region, r.dialEventBus, r.stage),
  chats: (p, r) => new DynamoChatStore(p.doc, table(r, 'chats')),
  metricsStore: (p, r) => new DynamoMetricsStore(p.doc, table(r, 'metrics')),
  metrics: (p) => new MetricsRecorder(p.metricsStore),
  operationalMetrics: (_, r) =>
    r.mode === 'local'
      ? new InMemoryOperationalMetrics()
      : new PowertoolsOperationalMetrics(r.stage ?? DEFAULT_METRICS_STAGE),
  queueStats: (_, r) =>
    r.workQueueUrl && r.workDeadLetterQueueUrl
      ? new SqsQueueStats(r.workQueueUrl, r.workDeadLetterQueueUrl, r.region)
      : missingQueueStats,
  ticks: (p, r) => new DynamoTickRecordStore(p.doc, table(r, 'metrics')),
  tableHealth: (p, r) => new DynamoTableHealth(p.doc, r.tables, p.clock),
  onShutdownRequested: () => undefined,
  adminSecret: (_, r) =>
    r.adminSecretId ? new SecretsManagerAdminSecret(r.adminSecretId, r.region) : undefined,
};

/**
 * The ports of one process, each built the first time it is read (and then kept), from `runtime`
 * unless `overrides` gives it. Assigning a port replaces it (tests swap one in a running server).
 * An override given as `undefined` means "use the default", not "remove it".
 */
export function composePorts(runtime: RuntimeConfig, overrides: Partial<Deps> = {}): Deps {
  const built = new Map<keyof Deps, unknown>();
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) built.set(key as keyof Deps, value);
  }
  const ports = {} as Deps;
  for (const key of Object.keys(FACTORIES) as (keyof Deps)[]) {
    Object.defineProperty(ports, key, {
      enumerable: true,
      get() {
        if (!built.has(key)) built.set(key, FACTORIES[key](ports, runtime));
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
const missingQueue: WorkQueue = {
  send: () => Promise.reject(new Error('WORK_QUEUE_URL is not set: this function has no work queue.')),
  sendBatch: () => Promise.reject(new Error('WORK_QUEUE_URL is not set: this function has no work queue.')),
};

/** Only the admin function is given both queue URLs (and `sqs:GetQueueAttributes`). */
const missingQueueStats: QueueStats = {
  stats: () =>
    Promise.reject(new Error('This function is not given the work queue and its dead-letter queue.')),
};
