import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import type { QueuedCallback } from '../../domain/routing/queued-callback.js';
import type { CallbackQueuePosition, Router } from '../../ports/router.js';
import { callArrived, callbackEnded, customerConfirmed } from '../../use-cases/routing/agent-lifecycle.js';
import { queuePosition, type QueuePositionPorts } from '../../use-cases/routing/queue-position.js';
import { routeCallback, type RouteCallbackPorts } from '../../use-cases/routing/route-callback.js';

/** What the built-in router routes with: agents, waiting queue, callbacks, dialer and push. */
export type BuiltInRouterPorts = RouteCallbackPorts & QueuePositionPorts;

/**
 * The `Router` port over the built-in router (agents, waiting queue and dialer of
 * `use-cases/routing/`). Its own events (`agent-ready`, `dial-result`, `dial-retry`), its tick jobs
 * and the agent API stay inside it: a replacement router brings its own.
 */
export class BuiltInRouter implements Router {
  /**
   * Each port is read when a call runs, not kept at construction: a composition whose port is
   * replaced later (a test's clock or queue) is routed with the replacement.
   */
  constructor(private readonly ports: BuiltInRouterPorts) {}

  async callbackQueued(callbackId: string, known?: QueuedCallback): Promise<void> {
    await routeCallback(this.ports, callbackId, known ? { known } : {});
  }

  customerCallArrived(callbackId: string): Promise<void> {
    return callArrived(this.ports, callbackId);
  }

  customerConfirmed(callbackId: string): Promise<void> {
    return customerConfirmed(this.ports, callbackId);
  }

  callbackEnded(callbackId: string, agentId?: string): Promise<void> {
    return callbackEnded(this.ports, callbackId, agentId);
  }

  queuePosition(record: CallbackRecord): Promise<CallbackQueuePosition | undefined> {
    return queuePosition(this.ports, record);
  }
}
