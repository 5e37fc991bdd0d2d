import type { RuntimeConfig } from '../runtime-config.js';
import type { AccessNumberStore } from './access-numbers.js';
import type { AgentHints } from './agent-hints.js';
import type { AttemptCounter } from './attempt-counter.js';
import type { BayeuxStore } from './bayeux.js';
import type { CallbackEvents } from './callback-events.js';
import type { CallbackStore, DataUpgrade } from './callbacks.js';
import type { ChatStore } from './chat.js';
import type { Clock, IdGenerator } from './clock-and-ids.js';
import type { ConfigStore, NodeStatusStore, TemplateStore } from './config.js';
import type { ConnectionSender, ConnectionStore } from './connections.js';
import type { Dialer } from './dialer.js';
import type { IdempotencyStore } from './idempotency.js';
import type { MetricsPort, MetricsStore, OperationalMetrics, QueueStats } from './metrics.js';
import type { MobilePushService, PushEndpointStore } from './mobile-push.js';
import type { NotificationStore, NotificationSubscriptionStore } from './notifications.js';
import type { DeviceChannels, PushPort, WebhookSender } from './push.js';
import type { Router } from './router.js';
import type { RoutingStore } from './routing.js';
import type { SessionStore } from './sessions.js';
import type { StorageStore } from './storage.js';
import type { TableHealth } from './table-health.js';
import type { TickRecordStore } from './tick-records.js';
import type { AdminSecretSource, TokenStore, UserStore } from './users-and-tokens.js';
import type { WorkQueue } from './work-queue.js';

/** Every port by name (`Pick<Ports, ...>` is how a use case names what it needs). */

/**
 * Every port by name: the vocabulary use cases pick from (`Pick<Ports, 'callbacks' | 'clock'>`).
 * A composition root builds the ones its functions need; nothing takes the whole bag.
 */
export interface Ports {
  runtime: RuntimeConfig;
  clock: Clock;
  ids: IdGenerator;
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
  /** Signed POSTs to receivers' URLs: callback status notifications (one signer with httpcb push). */
  webhooks: WebhookSender;
  /** Notification API subscriptions, found by filter at publish. */
  notificationSubscriptions: NotificationSubscriptionStore;
  /** Native push (`ios`, `android`, `gcm`, `fcm`): Amazon SNS mobile push in AWS, the push simulator locally. */
  mobilePush: MobilePushService;
  /** The SNS endpoint of each device token (created once per token). */
  pushEndpoints: PushEndpointStore;
  /** The built-in router: agents, waiting queue, handle times. */
  routing: RoutingStore;
  /** What this process last saw of each agent: where a READY starts reading before it reads the agent. */
  agentHints: AgentHints;
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
  /** A read of every table this function was given: health and the monitor. */
  tableHealth: TableHealth;
  /** Local mode sets this so `changestatus/SHUTDOWN` stops the process; in AWS there is nothing to stop. */
  onShutdownRequested?: () => void;
  /** Absent without `GMS_ADMIN_SECRET_ID` (local mode seeds its first administrator itself). */
  adminSecret?: AdminSecretSource;
}
