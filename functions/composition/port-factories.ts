import { MetricsRecorder } from '../adapters/metrics-recorder.js';
import { InMemoryOperationalMetrics } from '../adapters/operational-metrics/in-memory-operational-metrics.js';
import { EmfOperationalMetrics } from '../adapters/operational-metrics/emf-operational-metrics.js';
import { DEFAULT_METRICS_STAGE } from '../domain/operational-metrics.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { ApiGatewayConnectionSender } from '../adapters/push/api-gateway-connection-sender.js';
import { SessionSocketDeviceChannel } from '../adapters/push/session-socket-device-channel.js';
import { CallbackEventPublisher } from '../adapters/callback-event-publisher.js';
import {
  StatusNotificationEmitter,
  type StatusNotificationPorts,
} from '../adapters/status-notification-emitter.js';
import type { PushPorts } from '../adapters/push/push-dispatcher.js';
import type { NativePushPorts } from '../adapters/push/native-push-channel.js';
import { configuredPlatforms, nativeDeviceChannels } from '../domain/push/native-platforms.js';
import type { CometdChannelPorts } from '../adapters/push/cometd-channel.js';
import { cryptoIds } from '../adapters/crypto-ids.js';
import { AgentHintCache } from '../adapters/agent-hint-cache.js';
import type { BuiltInRouterPorts } from '../adapters/router/built-in-router.js';
import { systemClock } from '../adapters/system-clock.js';
import type { RuntimeConfig } from '../runtime-config.js';

import { deferredAdapter, deferredPort } from './deferred-port.js';
import { DynamoNotificationSubscriptionStore } from '../adapters/dynamodb/notification-subscription-store.js';
import {
  DUE_PARTITIONS,
  EXPIRY_PARTITIONS,
  QUEUED_PARTITIONS,
} from '../adapters/dynamodb/callback-index-shards.js';
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
export const agentHints = (_p: unknown, _r: RuntimeConfig): Deps['agentHints'] => new AgentHintCache();
export const doc = (_p: unknown, runtime: RuntimeConfig): Deps['doc'] => createDocumentClient(runtime);
export const config = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['config'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/config-store.js')).DynamoConfigStore,
    p.doc,
    table(r, 'config'),
    p.clock,
  );
export const templates = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['templates'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/template-store.js')).DynamoTemplateStore,
    p.doc,
    table(r, 'config'),
  );
export const users = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['users'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/user-store.js')).DynamoUserStore,
    p.doc,
    table(r, 'config'),
    p.clock,
  );
export const tokens = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['tokens'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/token-store.js')).DynamoTokenStore,
    p.doc,
    table(r, 'tokens'),
    p.clock,
  );
export const attempts = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['attempts'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/attempt-counter-store.js')).DynamoAttemptCounter,
    p.doc,
    table(r, 'sessions'),
  );
export const idempotency = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['idempotency'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/idempotency-store.js')).DynamoIdempotencyStore,
    p.doc,
    table(r, 'sessions'),
  );
export const node = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['node'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/node-status-store.js')).DynamoNodeStatusStore,
    p.doc,
    table(r, 'config'),
    p.clock,
  );
export const sessions = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['sessions'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/session-store.js')).DynamoSessionStore,
    p.doc,
    table(r, 'sessions'),
  );
export const storage = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['storage'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/storage-store.js')).DynamoStorageStore,
    p.doc,
    table(r, 'sessions'),
  );
export const accessNumbers = (p: Pick<Deps, 'doc' | 'ids'>, r: RuntimeConfig): Deps['accessNumbers'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/access-number-store.js')).DynamoAccessNumberStore,
    p.doc,
    table(r, 'resources'),
    p.ids,
  );
export const callbacks = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['callbacks'] => {
  const name = table(r, 'callbacks');
  return deferredPort<Deps['callbacks']>(
    async () => new (await import('../adapters/dynamodb/callback-store.js')).DynamoCallbackStore(p.doc, name),
    // The tick asks for the partitions before it reads: constants, so they need no load.
    {
      dueShards: () => DUE_PARTITIONS,
      expiryShards: () => EXPIRY_PARTITIONS,
      queuedShards: () => QUEUED_PARTITIONS,
    },
  );
};
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
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/service-shard-backfill.js')).DynamoServiceShardBackfill,
    p.doc,
    table(r, 'callbacks'),
  );
export const queue = (_p: unknown, r: RuntimeConfig): Deps['queue'] =>
  r.workQueueUrl
    ? deferredAdapter(
        async () => (await import('../adapters/sqs/sqs-work-queue.js')).SqsWorkQueue,
        r.workQueueUrl!,
        r.region,
      )
    : missingQueue;
export const connections = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['connections'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/connection-store.js')).DynamoConnectionStore,
    p.doc,
    table(r, 'connections'),
  );
export const notifications = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['notifications'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/notification-store.js')).DynamoNotificationStore,
    p.doc,
    table(r, 'sessions'),
  );
export const sockets = (_p: unknown, r: RuntimeConfig): Deps['sockets'] =>
  new ApiGatewayConnectionSender({
    region: r.region,
    // Read at send time: the local runtime learns its port (and sets the URL) after composing.
    endpoint: () => r.websocketManagementUrl,
    local: r.mode === 'local',
  });
export const push = (p: PushPorts & Pick<Deps, 'webhooks'>, r: RuntimeConfig): Deps['push'] =>
  deferredAdapter(
    async () => (await import('../adapters/push/push-dispatcher.js')).PushDispatcher,
    () => p,
    {
      webhook: p.webhooks,
      allowPrivateWebhooks: r.mode === 'local',
    },
  );
export const bayeux = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['bayeux'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/bayeux-store.js')).DynamoBayeuxStore,
    p.doc,
    table(r, 'connections'),
  );
export const deviceChannels = (
  p: CometdChannelPorts & NativePushPorts & Pick<Deps, 'webhooks' | 'push'>,
  r: RuntimeConfig,
): Deps['deviceChannels'] => ({
  // CometD clients of a `gms_user` (docs/push.md, CometD).
  comet: deferredAdapter(
    async () => (await import('../adapters/push/cometd-channel.js')).CometdChannel,
    () => p,
  ),
  httpcb: deferredAdapter(
    async () => (await import('../adapters/push/httpcb-device-channel.js')).HttpCallbackDeviceChannel,
    p.webhooks,
    r.mode === 'local',
  ),
  websocket: new SessionSocketDeviceChannel(() => p.push),
  // Native push: only the types whose platform application is configured (all of them locally).
  ...nativeDeviceChannels(
    Object.keys(r.platformApplications ?? {}),
    deferredAdapter(
      async () => (await import('../adapters/push/native-push-channel.js')).NativePushChannel,
      () => p,
    ),
  ),
});
export const notificationSubscriptions = (
  p: Pick<Deps, 'doc'>,
  r: RuntimeConfig,
): Deps['notificationSubscriptions'] =>
  // Not deferred: `byFilter` answers an async iterable, which a deferred port cannot stand in for.
  new DynamoNotificationSubscriptionStore(p.doc, table(r, 'connections'));
// One signer for every signed POST: session pushes, Notification API subscriptions, status notifications.
export const webhooks = (_p: unknown, r: RuntimeConfig): Deps['webhooks'] =>
  deferredPort<Deps['webhooks']>(async () => {
    const { HttpCallbackSender, pushSecretSource } = await import('../adapters/push/http-callback-sender.js');
    return new HttpCallbackSender({ secret: pushSecretSource(r.mode, r.region) });
  });
export const mobilePush = (_p: unknown, r: RuntimeConfig): Deps['mobilePush'] =>
  deferredPort<Deps['mobilePush']>(
    async () =>
      new (await import('../adapters/sns/sns-mobile-push.js')).SnsMobilePush(
        r.region,
        r.platformApplications ?? {},
      ),
    { platforms: configuredPlatforms(r.platformApplications ?? {}) },
  );
export const pushEndpoints = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['pushEndpoints'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/push-endpoint-store.js')).DynamoPushEndpointStore,
    p.doc,
    table(r, 'connections'),
    () => p.clock.now(),
  );
export const routing = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['routing'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/routing-store.js')).DynamoRoutingStore,
    p.doc,
    table(r, 'routing'),
    table(r, 'callbacks'),
  );
// `p` itself, not a copy: the router reads each port when it runs, so a replaced one is used.
export const router = (p: BuiltInRouterPorts, _r: RuntimeConfig): Deps['router'] =>
  deferredAdapter(async () => (await import('../adapters/router/built-in-router.js')).BuiltInRouter, p);
export const dialer = (_p: unknown, r: RuntimeConfig): Deps['dialer'] =>
  deferredAdapter(
    async () => (await import('../adapters/eventbridge/eventbridge-dialer.js')).EventBridgeDialer,
    r.region,
    r.dialEventBus,
    r.stage,
  );
export const chats = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['chats'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/chat-store.js')).DynamoChatStore,
    p.doc,
    table(r, 'chats'),
  );
export const metricsStore = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['metricsStore'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/metrics-store.js')).DynamoMetricsStore,
    p.doc,
    table(r, 'metrics'),
  );
export const metrics = (p: Pick<Deps, 'metricsStore'>, _r: RuntimeConfig): Deps['metrics'] =>
  new MetricsRecorder(p.metricsStore);
export const operationalMetrics = (_p: unknown, r: RuntimeConfig): Deps['operationalMetrics'] =>
  r.mode === 'local'
    ? new InMemoryOperationalMetrics()
    : new EmfOperationalMetrics(r.stage ?? DEFAULT_METRICS_STAGE);
export const queueStats = (_p: unknown, r: RuntimeConfig): Deps['queueStats'] =>
  r.workQueueUrl && r.workDeadLetterQueueUrl
    ? deferredAdapter(
        async () => (await import('../adapters/sqs/sqs-queue-stats.js')).SqsQueueStats,
        r.workQueueUrl!,
        r.workDeadLetterQueueUrl!,
        r.region,
      )
    : missingQueueStats;
export const ticks = (p: Pick<Deps, 'doc'>, r: RuntimeConfig): Deps['ticks'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/tick-record-store.js')).DynamoTickRecordStore,
    p.doc,
    table(r, 'metrics'),
  );
export const tableHealth = (p: Pick<Deps, 'doc' | 'clock'>, r: RuntimeConfig): Deps['tableHealth'] =>
  deferredAdapter(
    async () => (await import('../adapters/dynamodb/table-probe.js')).DynamoTableHealth,
    p.doc,
    r.tables,
    p.clock,
  );
export const onShutdownRequested = (_p: unknown, _r: RuntimeConfig): Deps['onShutdownRequested'] => undefined;
export const adminSecret = (_p: unknown, r: RuntimeConfig): Deps['adminSecret'] =>
  r.adminSecretId
    ? deferredAdapter(
        async () =>
          (await import('../adapters/secrets/secrets-manager-admin-secret.js')).SecretsManagerAdminSecret,
        r.adminSecretId!,
        r.region,
      )
    : undefined;
