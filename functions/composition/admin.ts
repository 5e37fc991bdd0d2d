import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { authPorts, httpPorts } from './http-ports.js';

/**
 * The admin function: configuration, users and login, node status, callback administration and
 * the monitor. Cancelling callbacks tells the router (work queue) and records report metrics; the
 * monitor reads the queue figures, the tick's heartbeat, live connections and every table.
 */
export function composeAdmin(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    accessNumbers: F.accessNumbers,
    adminSecret: F.adminSecret,
    attempts: F.attempts,
    callbackEvents: F.callbackEvents,
    callbacks: F.callbacks,
    clock: F.clock,
    config: F.config,
    connections: F.connections,
    doc: F.doc,
    ids: F.ids,
    metrics: F.metrics,
    metricsStore: F.metricsStore,
    node: F.node,
    onShutdownRequested: F.onShutdownRequested,
    operationalMetrics: F.operationalMetrics,
    queue: F.queue,
    queueStats: F.queueStats,
    runtime: F.runtime,
    sessions: F.sessions,
    tableHealth: F.tableHealth,
    templates: F.templates,
    ticks: F.ticks,
    tokens: F.tokens,
    users: F.users,
  });
  return {
    ...httpPorts(p),
    ...authPorts(p),
    config: p.config,
    ids: p.ids,
    templates: p.templates,
    accessNumbers: p.accessNumbers,
    node: p.node,
    onShutdownRequested: p.onShutdownRequested,
    callbacks: p.callbacks,
    callbackEvents: p.callbackEvents,
    sessions: p.sessions,
    queue: p.queue,
    metrics: p.metrics,
    queueStats: p.queueStats,
    ticks: p.ticks,
    connections: p.connections,
    tableHealth: p.tableHealth,
    adminSecret: p.adminSecret,
  };
}

export type AdminPorts = ReturnType<typeof composeAdmin>;
