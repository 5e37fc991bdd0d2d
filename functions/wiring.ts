import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccessNumberStore } from './adapters/dynamodb/access-number-store.js';
import { DynamoCallbackStore } from './adapters/dynamodb/callback-store.js';
import { DynamoServiceShardBackfill } from './adapters/dynamodb/service-shard-backfill.js';
import { DynamoChatStore } from './adapters/dynamodb/chat-store.js';
import { DynamoMetricsStore } from './adapters/dynamodb/metrics-store.js';
import { MetricsRecorder } from './adapters/metrics-recorder.js';
import { InMemoryOperationalMetrics } from './adapters/operational-metrics/in-memory-operational-metrics.js';
import { PowertoolsOperationalMetrics } from './adapters/operational-metrics/powertools-operational-metrics.js';
import { DEFAULT_METRICS_STAGE } from './domain/operational-metrics.js';
import { SqsWorkQueue } from './adapters/sqs/sqs-work-queue.js';
import { SqsQueueStats } from './adapters/sqs/sqs-queue-stats.js';
import { DynamoTickRecordStore } from './adapters/dynamodb/tick-record-store.js';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { DynamoConfigStore } from './adapters/dynamodb/config-store.js';
import { DynamoNodeStatusStore } from './adapters/dynamodb/node-status-store.js';
import { DynamoSessionStore } from './adapters/dynamodb/session-store.js';
import { DynamoStorageStore } from './adapters/dynamodb/storage-store.js';
import { DynamoTemplateStore } from './adapters/dynamodb/template-store.js';
import { DynamoAttemptCounter } from './adapters/dynamodb/attempt-counter-store.js';
import { DynamoTokenStore } from './adapters/dynamodb/token-store.js';
import { DynamoUserStore } from './adapters/dynamodb/user-store.js';
import { DynamoIdempotencyStore } from './adapters/dynamodb/idempotency-store.js';
import { DynamoRoutingStore } from './adapters/dynamodb/routing-store.js';
import { EventBridgeDialer } from './adapters/eventbridge/eventbridge-dialer.js';
import { DynamoBayeuxStore } from './adapters/dynamodb/bayeux-store.js';
import { DynamoConnectionStore } from './adapters/dynamodb/connection-store.js';
import { DynamoNotificationStore } from './adapters/dynamodb/notification-store.js';
import { ApiGatewayConnectionSender } from './adapters/push/api-gateway-connection-sender.js';
import { HttpCallbackSender, pushSecretSource } from './adapters/push/http-callback-sender.js';
import { HttpCallbackDeviceChannel } from './adapters/push/httpcb-device-channel.js';
import { SessionSocketDeviceChannel } from './adapters/push/session-socket-device-channel.js';
import { DynamoNotificationSubscriptionStore } from './adapters/dynamodb/notification-subscription-store.js';
import { CallbackEventPublisher } from './adapters/callback-event-publisher.js';
import { StatusNotificationEmitter } from './adapters/status-notification-emitter.js';
import { PushDispatcher } from './adapters/push/push-dispatcher.js';
import { NativePushChannel } from './adapters/push/native-push-channel.js';
import { DynamoPushEndpointStore } from './adapters/dynamodb/push-endpoint-store.js';
import { SnsMobilePush } from './adapters/sns/sns-mobile-push.js';
import { nativeDeviceChannels } from './domain/push/native-push-payload.js';
import { CometdChannel } from './adapters/push/cometd-channel.js';
import { cryptoIds } from './adapters/crypto-ids.js';
import { BuiltInRouter } from './handlers/routing/built-in-router.js';
import { systemClock } from './adapters/system-clock.js';
import type {
  AccessNumberStore,
  AttemptCounter,
  BayeuxStore,
  IdempotencyStore,
  CallbackEvents,
  CallbackStore,
  ChatStore,
  ConnectionSender,
  DataUpgrade,
  ConnectionStore,
  MetricsPort,
  MetricsStore,
  NotificationStore,
  OperationalMetrics,
  PushPort,
  DeviceChannels,
  NotificationSubscriptionStore,
  MobilePushService,
  PushEndpointStore,
  QueueStats,
  TickRecordStore,
  WorkQueue,
  Clock,
  ConfigStore,
  IdGenerator,
  NodeStatusStore,
  SessionStore,
  StorageStore,
  TemplateStore,
  TokenStore,
  UserStore,
  RoutingStore,
  Dialer,
  Router,
} from './ports.js';
import { readRuntimeConfig, type RuntimeConfig } from './runtime-config.js';

/** Everything a handler needs, built once per process (Lambda instance or local server). */
export interface Deps {
  runtime: RuntimeConfig;
  clock: Clock;
  ids: IdGenerator;
  doc: DynamoDBDocumentClient;
  config: ConfigStore;
  templates: TemplateStore;
  users: UserStore;
  tokens: TokenStore;
  /** Rate limits and failed-attempt lockouts, shared by every instance. */
  attempts: AttemptCounter;
  /** `Idempotency-Key`s of creates and their first answers. */
  idempotency: IdempotencyStore;
  node: NodeStatusStore;
  sessions: SessionStore;
  storage: StorageStore;
  accessNumbers: AccessNumberStore;
  callbacks: CallbackStore;
  /** Status notifications, report metrics and counts of callback writes, published by each flow after its write. */
  callbackEvents: CallbackEvents;
  /** Gives callbacks from before `byServiceShard` its key (tick job; local start runs it to the end). */
  callbackIndexUpgrade: DataUpgrade;
  /** The work queue (SQS in AWS, `LocalWorkQueue` locally). */
  queue: WorkQueue;
  /** WebSocket connections and their session subscriptions. */
  connections: ConnectionStore;
  /** Notifications waiting for `retrieve-notifications` / `retrieve-agent-notifications`. */
  notifications: NotificationStore;
  /** PostToConnection (API Gateway's management API, or the local server's stand-in). */
  sockets: ConnectionSender;
  /** CometD clients at `/genesys/cometd`: their subscriptions and the messages waiting for them. */
  bayeux: BayeuxStore;
  /** Delivery to devices: WebSocket (comet), httpcb, else kept for poll. */
  push: PushPort;
  /** Delivery channels by GMS channel type (`DeviceChannels`); each channel adds its types here. */
  deviceChannels: DeviceChannels;
  /** Notification API subscriptions, found by filter at publish. */
  notificationSubscriptions: NotificationSubscriptionStore;
  /** Native push (`ios`, `android`, `gcm`, `fcm`): Amazon SNS mobile push in AWS, the push simulator locally. */
  mobilePush: MobilePushService;
  /** The SNS endpoint of each device token (created once per token). */
  pushEndpoints: PushEndpointStore;
  /** The built-in router: agents, waiting queue, handle times. */
  routing: RoutingStore;
  /** What the callback flows tell a router and ask it (the built-in router; a contact centre could replace it). */
  router: Router;
  /** Calls customers of user-terminated callbacks (EventBridge in AWS, a simulator locally). */
  dialer: Dialer;
  /** Chat sessions and transcripts (Chat API v1). */
  chats: ChatStore;
  /** Per-minute report figures (read by the reports). */
  metricsStore: MetricsStore;
  /** Records what happens for reports (service accesses, allocations, callback changes...). */
  metrics: MetricsPort;
  /**
   * CloudWatch counts (EMF in AWS, flushed once per invocation by the handler wrapper); locally
   * kept in memory, so `npm start` prints no EMF lines.
   */
  operationalMetrics: OperationalMetrics;
  /** Work queue figures for the monitor (SQS attributes in AWS, the local queue's counts locally). */
  queueStats: QueueStats;
  /** The latest run of the one-minute tick (the monitor's scheduler lag). */
  ticks: TickRecordStore;
  /** Local mode sets this so `changestatus/SHUTDOWN` stops the process; in AWS there is nothing to stop. */
  onShutdownRequested?: () => void;
}

export function createDeps(runtime: RuntimeConfig, overrides: Partial<Deps> = {}): Deps {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const doc = overrides.doc ?? createDocumentClient(runtime);
  const t = runtime.tables;
  const statusEmitter = new StatusNotificationEmitter(() => built);
  const metricsStore = overrides.metricsStore ?? new DynamoMetricsStore(doc, t.metrics);
  // One signer for every httpcb delivery: session pushes and Notification API subscriptions.
  const webhook = new HttpCallbackSender({ secret: pushSecretSource(runtime.mode, runtime.region) });
  const built: Deps = {
    runtime,
    clock,
    ids,
    doc,
    config: new DynamoConfigStore(doc, t.config, clock),
    templates: new DynamoTemplateStore(doc, t.config),
    users: new DynamoUserStore(doc, t.config),
    tokens: new DynamoTokenStore(doc, t.tokens),
    attempts: new DynamoAttemptCounter(doc, t.sessions),
    idempotency: new DynamoIdempotencyStore(doc, t.sessions),
    node: new DynamoNodeStatusStore(doc, t.config),
    sessions: new DynamoSessionStore(doc, t.sessions),
    storage: new DynamoStorageStore(doc, t.sessions),
    accessNumbers: new DynamoAccessNumberStore(doc, t.resources, ids),
    callbacks: new DynamoCallbackStore(doc, t.callbacks),
    // Reads metrics through `built`, so an override is the one used.
    callbackEvents: new CallbackEventPublisher(
      statusEmitter,
      () => built.metrics,
      () => built.operationalMetrics,
    ),
    callbackIndexUpgrade: new DynamoServiceShardBackfill(doc, t.callbacks),
    queue: runtime.workQueueUrl ? new SqsWorkQueue(runtime.workQueueUrl, runtime.region) : missingQueue,
    connections: new DynamoConnectionStore(doc, t.connections),
    notifications: new DynamoNotificationStore(doc, t.sessions),
    sockets: new ApiGatewayConnectionSender({
      region: runtime.region,
      // Read at send time: the local runtime learns its port (and sets the URL) after createDeps.
      endpoint: () => runtime.websocketManagementUrl,
      local: runtime.mode === 'local',
    }),
    // Reads the final ports through `built`, so overrides (e.g. a test's queue) are the ones used.
    push: new PushDispatcher(() => built, {
      webhook,
      allowPrivateWebhooks: runtime.mode === 'local',
    }),
    bayeux: new DynamoBayeuxStore(doc, t.connections),
    deviceChannels: {
      // CometD clients of a `gms_user` (docs/push.md, CometD).
      comet: new CometdChannel(() => built),
      httpcb: new HttpCallbackDeviceChannel(webhook, runtime.mode === 'local'),
      websocket: new SessionSocketDeviceChannel(() => built.push),
      // Native push: only the types whose platform application is configured (all of them locally).
      ...nativeDeviceChannels(
        Object.keys(runtime.platformApplications ?? {}),
        new NativePushChannel(() => built),
      ),
    },
    notificationSubscriptions: new DynamoNotificationSubscriptionStore(doc, t.connections),
    mobilePush: new SnsMobilePush(runtime.region, runtime.platformApplications ?? {}),
    pushEndpoints: new DynamoPushEndpointStore(doc, t.connections, () => clock.now()),
    routing: new DynamoRoutingStore(doc, t.routing, t.callbacks),
    router: new BuiltInRouter(() => built),
    dialer: new EventBridgeDialer(runtime.region, runtime.dialEventBus, runtime.stage),
    chats: new DynamoChatStore(doc, t.chats),
    metricsStore,
    metrics: new MetricsRecorder(metricsStore),
    operationalMetrics:
      runtime.mode === 'local'
        ? new InMemoryOperationalMetrics()
        : new PowertoolsOperationalMetrics(runtime.stage ?? DEFAULT_METRICS_STAGE),
    queueStats:
      runtime.workQueueUrl && runtime.workDeadLetterQueueUrl
        ? new SqsQueueStats(runtime.workQueueUrl, runtime.workDeadLetterQueueUrl, runtime.region)
        : missingQueueStats,
    ticks: new DynamoTickRecordStore(doc, t.metrics),
    // An override given as `undefined` means "use the default", not "remove it".
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  return built;
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

let current: Deps | undefined;

/** The process-wide dependencies; created from the environment on first use. */
export function deps(): Deps {
  current ??= createDeps(readRuntimeConfig());
  return current;
}

/**
 * The dependencies if they were created or installed, without creating them: for what runs on
 * every request but must not need a whole configuration (the `$default` route's 404 needs none).
 */
export function builtDeps(): Deps | undefined {
  return current;
}

/** Local runtime and tests install their own (e.g. with an injected clock). */
export function setDeps(value: Deps | undefined): void {
  current = value;
}
