import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import type { CallbackQueuePosition, Router } from '../../ports.js';
import type { Deps } from '../../composition/full.js';
import { callArrived, callbackEnded, customerConfirmed } from './agent-lifecycle.js';
import { queuePosition } from './queue-position.js';
import { routeCallback } from './reservation.js';

/**
 * The `Router` port over the built-in router (agents, waiting queue and dialer of
 * `handlers/routing/`). Its own events (`agent-ready`, `dial-result`, `dial-retry`), its tick jobs
 * and the agent API stay inside it: a replacement router brings its own.
 */
export class BuiltInRouter implements Router {
  /** Reads the final ports through `deps`, so overrides (a test's clock or queue) are the ones used. */
  constructor(private readonly deps: () => Deps) {}

  async callbackQueued(callbackId: string): Promise<void> {
    await routeCallback(this.deps(), callbackId);
  }

  customerCallArrived(callbackId: string): Promise<void> {
    return callArrived(this.deps(), callbackId);
  }

  customerConfirmed(callbackId: string): Promise<void> {
    return customerConfirmed(this.deps(), callbackId);
  }

  callbackEnded(callbackId: string, agentId?: string): Promise<void> {
    return callbackEnded(this.deps(), callbackId, agentId);
  }

  queuePosition(record: CallbackRecord): Promise<CallbackQueuePosition | undefined> {
    return queuePosition(this.deps(), record);
  }
}
