import { DynamoAccessNumberStore } from '../adapters/dynamodb/access-number-store.js';
import { DynamoCallbackStore } from '../adapters/dynamodb/callback-store.js';
import { DynamoServiceShardBackfill } from '../adapters/dynamodb/service-shard-backfill.js';
import { DynamoChatStore } from '../adapters/dynamodb/chat-store.js';
import { DynamoMetricsStore } from '../adapters/dynamodb/metrics-store.js';
import { MetricsRecorder } from '../adapters/metrics-recorder.js';
import { InMemoryOperationalMetrics } from '../adapters/operational-metrics/in-memory-operational-metrics.js';
import { EmfOperationalMetrics } from '../adapters/operational-metrics/emf-operational-metrics.js';
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
import {
  StatusNotificationEmitter,
  type StatusNotificationPorts,
} from '../adapters/status-notification-emitter.js';
import { PushDispatcher, type PushPorts } from '../adapters/push/push-dispatcher.js';
import { NativePushChannel, type NativePushPorts } from '../adapters/push/native-push-channel.js';
import { DynamoPushEndpointStore } from '../adapters/dynamodb/push-endpoint-store.js';
import { SnsMobilePush } from '../adapters/sns/sns-mobile-push.js';
import { nativeDeviceChannels } from '../domain/push/native-push-payload.js';
import { CometdChannel, type CometdChannelPorts } from '../adapters/push/cometd-channel.js';
import { cryptoIds } from '../adapters/crypto-ids.js';
import { SecretsManagerAdminSecret } from '../adapters/secrets/secrets-manager-admin-secret.js';
import { BuiltInRouter, type BuiltInRouterPorts } from '../adapters/router/built-in-router.js';
import { systemClock } from '../adapters/system-clock.js';
import type { RuntimeConfig } from '../runtime-config.js';

import { missingQueue, missingQueueStats, table, type Deps } from './factories.js';

/**
 * How each port is built, from the ports it needs (`p`, built on first use): each factory's
 * parameter type names exactly those, so `composePorts` can check at compile time that a
 * function's factories are closed (every port one of them reads is among them). An area imports
 * only the factories it composes, so its bundle carries (and its Lambda builds, and needs the
 * tables and grants of) nothing else.
 */
export const runtime = (_p: unknown, runtime: RuntimeConfig): Deps['runtime'] => runtime;
export const clock = (_p: unknown, _r: RuntimeConfig): Deps['clock'] => systemClock;
export const ids = (_p: unknown, _r: RuntimeConfig): Deps['ids'] => cryptoIds;
export const doc = (_p: unknown, runtime: RuntimeConfig): Deps['doc'] => createDocumentClient(runtime);
export const config = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['config'] =>
  new DynamoConfigStore(p.doc, table(r, 'config'), p.clock);
export const templates = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['templates'] =>
  new DynamoTemplateStore(p.doc, table(r, 'config'));
export const users = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['users'] =>
  new DynamoUserStore(p.doc, table(r, 'config'), p.clock);
export const tokens = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['tokens'] =>
  new DynamoTokenStore(p.doc, table(r, 'tokens'), p.clock);
export const attempts = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['attempts'] =>
  new DynamoAttemptCounter(p.doc, table(r, 'sessions'));
export const idempotency = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['idempotency'] =>
  new DynamoIdempotencyStore(p.doc, table(r, 'sessions'));
export const node = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['node'] =>
  new DynamoNodeStatusStore(p.doc, table(r, 'config'), p.clock);
export const sessions = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['sessions'] =>
  new DynamoSessionStore(p.doc, table(r, 'sessions'));
export const storage = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['storage'] =>
  new DynamoStorageStore(p.doc, table(r, 'sessions'));
export const accessNumbers = (p: Pick<Deps, 'doc' | 'ids'>, r: RuntimeConfig): Deps['accessNumbers'] =>
  new DynamoAccessNumberStore(p.doc, table(r, 'resources'), p.ids);
export const callbacks = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['callbacks'] =>
  new DynamoCallbackStore(p.doc, table(r, 'callbacks'));
// Reads the metrics ports through `p`, so an override is the one used.
export const callbackEvents = (
  p: StatusNotificationPorts & Pick<Deps, 'metrics' | 'operationalMetrics'>,
  _r: RuntimeConfig,
): Deps['callbackEvents'] =>
  new CallbackEventPublisher(
    new StatusNotificationEmitter(() => p),
    () => p.metrics,
    () => p.operationalMetrics,
  );
export const callbackIndexUpgrade = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['callbackIndexUpgrade'] =>
  new DynamoServiceShardBackfill(p.doc, table(r, 'callbacks'));
export const queue = (_p: unknown, r: RuntimeConfig): Deps['queue'] =>
  r.workQueueUrl ? new SqsWorkQueue(r.workQueueUrl, r.region) : missingQueue;
export const connections = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['connections'] =>
  new DynamoConnectionStore(p.doc, table(r, 'connections'));
export const notifications = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['notifications'] =>
  new DynamoNotificationStore(p.doc, table(r, 'sessions'));
export const sockets = (_p: unknown, r: RuntimeConfig): Deps['sockets'] =>
  new ApiGatewayConnectionSender({
    region: r.region,
    // Read at send time: the local runtime learns its port (and sets the URL) after composing.
    endpoint: () => r.websocketManagementUrl,
    local: r.mode === 'local',
  });
export const push = (p: PushPorts & Pick<Deps, 'webhooks'>, r: RuntimeConfig): Deps['push'] =>
  new PushDispatcher(() => p, { webhook: p.webhooks, allowPrivateWebhooks: r.mode === 'local' });
export const bayeux = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['bayeux'] =>
  new DynamoBayeuxStore(p.doc, table(r, 'connections'));
export const deviceChannels = (
  p: CometdChannelPorts & NativePushPorts & Pick<Deps, 'webhooks' | 'push'>,
  r: RuntimeConfig,
): Deps['deviceChannels'] => ({
  // CometD clients of a `gms_user` (docs/push.md, CometD).
  comet: new CometdChannel(() => p),
  httpcb: new HttpCallbackDeviceChannel(p.webhooks, r.mode === 'local'),
  websocket: new SessionSocketDeviceChannel(() => p.push),
  // Native push: only the types whose platform application is configured (all of them locally).
  ...nativeDeviceChannels(Object.keys(r.platformApplications ?? {}), new NativePushChannel(() => p)),
});
export const notificationSubscriptions = (
  p: Pick<Deps, 'doc'>,
  r: RuntimeConfig,
): Deps['notificationSubscriptions'] =>
  new DynamoNotificationSubscriptionStore(p.doc, table(r, 'connections'));
// One signer for every signed POST: session pushes, Notification API subscriptions, status notifications.
export const webhooks = (_p: unknown, r: RuntimeConfig): Deps['webhooks'] =>
  new HttpCallbackSender({ secret: pushSecretSource(r.mode, r.region) });
export const mobilePush = (_p: unknown, r: RuntimeConfig): Deps['mobilePush'] =>
  new SnsMobilePush(r.region, r.platformApplications ?? {});
export const pushEndpoints = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['pushEndpoints'] =>
  new DynamoPushEndpointStore(p.doc, table(r, 'connections'), () => p.clock.now());
export const routing = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['routing'] =>
  new DynamoRoutingStore(p.doc, table(r, 'routing'), table(r, 'callbacks'));
// `p` itself, not a copy: the router reads each port when it runs, so a replaced one is used.
export const router = (p: BuiltInRouterPorts, _r: RuntimeConfig): Deps['router'] => new BuiltInRouter(p);
export const dialer = (_p: unknown, r: RuntimeConfig): Deps['dialer'] =>
  new EventBridgeDialer(r.region, r.dialEventBus, r.stage);
export const chats = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['chats'] =>
  new DynamoChatStore(p.doc, table(r, 'chats'));
export const metricsStore = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['metricsStore'] =>
  new DynamoMetricsStore(p.doc, table(r, 'metrics'));
export const metrics = (p: Pick<Deps, 'metricsStore'>, _r: RuntimeConfig): Deps['metrics'] =>
  new MetricsRecorder(p.metricsStore);
export const operationalMetrics = (_p: unknown, r: RuntimeConfig): Deps['operationalMetrics'] =>
  r.mode === 'local'
    ? new InMemoryOperationalMetrics()
    : new EmfOperationalMetrics(r.stage ?? DEFAULT_METRICS_STAGE);
export const queueStats = (_p: unknown, r: RuntimeConfig): Deps['queueStats'] =>
  r.workQueueUrl && r.workDeadLetterQueueUrl
    ? new SqsQueueStats(r.workQueueUrl, r.workDeadLetterQueueUrl, r.region)
    : missingQueueStats;
export const ticks = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['ticks'] =>
  new DynamoTickRecordStore(p.doc, table(r, 'metrics'));
export const tableHealth = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['tableHealth'] =>
  new DynamoTableHealth(p.doc, r.tables, p.clock);
export const onShutdownRequested = (_p: unknown, _r: RuntimeConfig): Deps['onShutdownRequested'] => undefined;
export const adminSecret = (_p: unknown, r: RuntimeConfig): Deps['adminSecret'] =>
  r.adminSecretId ? new SecretsManagerAdminSecret(r.adminSecretId, r.region) : undefined;
