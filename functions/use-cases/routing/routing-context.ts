import type { CallbackReason, CallbackRecord, CallbackState } from '../../domain/callback/callback-record.js';
import { IllegalTransitionError } from '../../domain/callback/callback-errors.js';
import { transition, type ChangeOptions } from '../../domain/callback/callback-transition.js';
import type { MetricEvent } from '../../domain/reports/metric-events.js';
import type { AgentRecord } from '../../domain/routing/agent.js';
import type { QueuedCallback } from '../../domain/routing/queued-callback.js';
import { reservableCopyOf } from '../../domain/routing/reservable-copy.js';
import { readRoutingOptions, type RoutingOptions } from '../../domain/routing/routing-plan.js';
import { clampPriority, type WaitingEntry } from '../../domain/routing/waiting-queue.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';

/** Reads a callback's service options. */
export type ServiceRoutingPorts = Pick<Ports, 'config'>;
/** Versioned callback writes of the routing flows. */
export type ChangeCallbackPorts = Pick<Ports, 'callbacks' | 'callbackEvents' | 'clock'>;
/** Conditional agent writes. */
export type UpdateAgentPorts = Pick<Ports, 'routing'>;

export interface ServiceRouting {
  options: RoutingOptions;
  /** The service's raw options (for `_target` / `_urs_virtual_queue` when the record has none). */
  raw: Record<string, string>;
}

/** The routing options of a callback's service; defaults when the service is gone or misconfigured. */
export async function serviceRouting(deps: ServiceRoutingPorts, service: string): Promise<ServiceRouting> {
  const raw = (await deps.config.get('service', service))?.options ?? {};
  try {
    return { options: readRoutingOptions(raw), raw };
  } catch (e) {
    // A bad option must not stop every callback of the service; the admin sees the warning.
    logger.warn('Invalid routing option; using defaults', { service, error: e as Error });
    return { options: readRoutingOptions({}), raw };
  }
}

/** The waiting-queue entry of a QUEUED callback (with its copy when `record` is it as stored QUEUED). */
export function entryFor(
  record: QueuedCallback & { properties?: Record<string, string> },
  routing: ServiceRouting,
  extra: { rejects?: number; notBefore?: number } = {},
): WaitingEntry {
  const queuedAt = record.queuedAt ?? record.desiredTime;
  // A record not (yet) stored QUEUED, as a requeue passes it, gives no copy: it is read instead.
  const copy = reservableCopyOf(record);
  const target = record.target ?? routing.raw._target;
  const virtualQueue = record.virtualQueue ?? routing.raw._urs_virtual_queue;
  return {
    callbackId: record.id,
    service: record.service,
    ...(target ? { target } : {}),
    ...(virtualQueue ? { virtualQueue } : {}),
    priority: clampPriority(record.priority ?? 0),
    queuedAt,
    rejects: extra.rejects ?? 0,
    ...(extra.notBefore !== undefined ? { notBefore: extra.notBefore } : {}),
    deadline: Math.min(record.expiresAt, queuedAt + routing.options.queuedTtlMs),
    ...(copy ? { copy } : {}),
  };
}

/**
 * Moves the callback to `to` if its version is still the one read, and publishes what that did.
 * Undefined when someone else changed it first (the version moved, or the record read no longer
 * allows this move): the caller re-reads and decides again (or drops a stale message).
 */
export async function changeCallback(
  deps: ChangeCallbackPorts,
  record: CallbackRecord,
  to: CallbackState,
  options: Omit<ChangeOptions, 'now' | 'statusOnly'> & {
    /** Report metrics recorded with the change's own (see `CallbackEvent.metrics`). */
    metrics?: readonly MetricEvent[];
  } = {},
): Promise<CallbackRecord | undefined> {
  const { metrics, ...change } = options;
  let moved;
  try {
    moved = transition(record, to, { ...change, now: deps.clock.now() });
  } catch (e) {
    if (!(e instanceof IllegalTransitionError)) throw e;
    logger.warn('Callback change refused: the record read has moved on', { callbackId: record.id, to });
    return undefined;
  }
  const result = await deps.callbacks.update(
    record.id,
    record.version,
    moved.change,
    moved.next.updatedAt,
    record,
  );
  if (result.ok) {
    await deps.callbackEvents.publish(
      metrics ? moved.events.map((e, i) => (i === 0 ? { ...e, metrics } : e)) : moved.events,
    );
    return result.record;
  }
  if (result.reason === 'guard') throw new Error(`Unexpected guard refusal routing callback ${record.id}.`);
  return undefined;
}

/**
 * COMPLETED with `reason`, giving back every guard the callback holds; `metrics` are recorded
 * with the completion's own (the handle time, when the agent's conversation ended it).
 */
export function completeCallback(
  deps: ChangeCallbackPorts,
  record: CallbackRecord,
  reason: CallbackReason,
  metrics?: readonly MetricEvent[],
): Promise<CallbackRecord | undefined> {
  return changeCallback(deps, record, 'COMPLETED', { reason, release: record.guards, metrics });
}

/**
 * Read-modify-write of an agent with a conditional put, retried when another write came first.
 * `next` returns the new agent, or undefined to leave it as it is. `read`: the agent as the
 * caller just read it, used for the first attempt instead of reading again (a stale one fails the
 * conditional put, and the retry reads).
 */
export async function updateAgent(
  deps: UpdateAgentPorts,
  id: string,
  next: (agent: AgentRecord | undefined) => AgentRecord | undefined,
  read?: AgentRecord,
): Promise<AgentRecord | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 && read ? read : await deps.routing.getAgent(id);
    const updated = next(current);
    if (!updated) return undefined;
    if (await deps.routing.saveAgent(updated, current?.version)) return updated;
  }
  throw new Error(`Agent ${id} kept changing; giving up this update.`);
}
