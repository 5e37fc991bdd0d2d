import {
  assertAgentId,
  login,
  setAvailability,
  type AgentRecord,
  type Login,
} from '../../domain/routing/agent.js';
import { reserveOnReady, serveAgent, waitingFor, type RouteCallbackPorts } from './route-callback.js';
import { updateAgent } from './routing-context.js';

/** A READY agent is offered (and may be dialed for) the first waiting callback it serves. */
export type AgentAvailabilityPorts = RouteCallbackPorts;

/**
 * Logs the agent in (creating it on first login) with its profile; an agent that logs in READY is
 * at once offered the first waiting callback it serves.
 */
export async function logIn(ports: AgentAvailabilityPorts, id: string, input: Login): Promise<void> {
  assertAgentId(id);
  const now = ports.clock.now();
  const agent = await updateAgent(ports, id, (a) => login(a, id, input, now));
  if (agent?.state === 'READY') await serveAgent(ports, id);
}

/**
 * READY (and offered the first waiting callback it serves), NOT_READY or LOGGED_OUT. A NOT_READY
 * agent meeting a waiting callback goes straight to RESERVED (`reserveOnReady`). `read`: the
 * agent as the caller just read it (saves a read; a stale one costs a retry, see `updateAgent`).
 */
export async function changeAvailability(
  ports: AgentAvailabilityPorts,
  id: string,
  state: 'READY' | 'NOT_READY' | 'LOGGED_OUT',
  read?: AgentRecord,
): Promise<void> {
  // READY from NOT_READY with a callback waiting: reserved at once, in one transaction.
  if (state === 'READY' && read?.state === 'NOT_READY' && (await reserveOnReady(ports, read))) return;
  const now = ports.clock.now();
  // READY: the heads of the queues the agent serves are read while it is written READY (see
  // `serveAgent` for why that is safe), and the agent as written is the one served. After a
  // `reserveOnReady` that found nothing, they are read again after the write (not early).
  const early =
    state === 'READY' && read && read.state !== 'LOGGED_OUT' && read.state !== 'NOT_READY'
      ? waitingFor(ports, read).catch(() => undefined)
      : undefined;
  const agent = await updateAgent(ports, id, (a) => setAvailability(a, id, state, now), read);
  if (state === 'READY') await serveAgent(ports, id, agent, early);
}
