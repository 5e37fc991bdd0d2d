import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { guardPorts, httpPorts } from './http-ports.js';

/**
 * The callback function: the Callback Services API, the requests on a live session
 * (notifications, queue position, dialogs), the customer's chat, Notification API subscriptions
 * and CometD long-polling.
 */
export function composeCallback(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    accessNumbers: F.accessNumbers,
    attempts: F.attempts,
    bayeux: F.bayeux,
    callbackEvents: F.callbackEvents,
    callbacks: F.callbacks,
    chats: F.chats,
    clock: F.clock,
    config: F.config,
    connections: F.connections,
    deviceChannels: F.deviceChannels,
    dialer: F.dialer,
    doc: F.doc,
    idempotency: F.idempotency,
    ids: F.ids,
    metrics: F.metrics,
    metricsStore: F.metricsStore,
    mobilePush: F.mobilePush,
    notificationSubscriptions: F.notificationSubscriptions,
    notifications: F.notifications,
    operationalMetrics: F.operationalMetrics,
    push: F.push,
    pushEndpoints: F.pushEndpoints,
    queue: F.queue,
    router: F.router,
    routing: F.routing,
    runtime: F.runtime,
    sessions: F.sessions,
    sockets: F.sockets,
    webhooks: F.webhooks,
  });
  return {
    ...httpPorts(p),
    ...guardPorts(p),
    ids: p.ids,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    sessions: p.sessions,
    idempotency: p.idempotency,
    accessNumbers: p.accessNumbers,
    metrics: p.metrics,
    queue: p.queue,
    router: p.router,
    push: p.push,
    deviceChannels: p.deviceChannels,
    notifications: p.notifications,
    notificationSubscriptions: p.notificationSubscriptions,
    chats: p.chats,
    bayeux: p.bayeux,
  };
}
