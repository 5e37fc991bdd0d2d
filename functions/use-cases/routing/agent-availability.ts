import {
  assertAgentId,
  login,
  servesAlike,
  setAvailability,
  type AgentRecord,
  type Login,
} from '../../domain/routing/agent.js';
import type { WaitingEntry } from '../../domain/routing/waiting-queue.js';
import type { Ports } from '../../ports/index.js';
import { currentAgent } from './agent-view.js';
import { reserveOnReady, serveAgent, waitingFor, type RouteCallbackPorts } from './route-callback.js';
import { updateAgent } from './routing-context.js';

/**
 * A READY agent is offered (and may be dialed for) the first waiting callback it serves; what the
 * process last saw of each agent tells a READY where to start reading.
 */
export type AgentAvailabilityPorts = RouteCallbackPorts & Pick<Ports, 'agentHints'>;

/**
 * Logs the agent in (creating it on first login) with its profile; an agent that logs in READY is
 * at once offered the first waiting callback it serves.
 */
export async function logIn(ports: AgentAvailabilityPorts, id: string, input: Login): Promise<void> {
  assertAgentId(id);
  const now = ports.clock.now();
  const agent = await updateAgent(ports, id, (a) => login(a, id, input, now));
  if (agent) ports.agentHints.remember(agent);
  if (agent?.state === 'READY') await serveAgent(ports, id);
}

/**
 * READY for the agent as it is stored (a 404 for one that never logged in). When this process has
 * seen the agent before, the heads of the queues it served then are read while the agent is: a
 * NOT_READY agent's reservation then waits for one DynamoDB round trip fewer. They are used only
 * if the agent read serves the same queues; the reservation is conditional on what it read anyway.
 */
export async function becomeReady(ports: AgentAvailabilityPorts, id: string): Promise<void> {
  const hint = ports.agentHints.recall(id);
  const hinted = hint ? waitingFor(ports, hint).catch(() => undefined) : undefined;
  const read = await currentAgent(ports, id);
  // A hint another instance made stale (new groups) is right again for the next READY.
  ports.agentHints.remember(read);
  await changeAvailability(ports, id, 'READY', read, hint && servesAlike(hint, read) ? hinted : undefined);
}

/**
 * READY (and offered the first waiting callback it serves), NOT_READY or LOGGED_OUT. A NOT_READY
 * agent meeting a waiting callback goes straight to RESERVED (`reserveOnReady`). `read`: the
 * agent as the caller just read it (saves a read; a stale one costs a retry, see `updateAgent`).
 * `hinted`: queue heads for the agent's profile read before `read` (see `becomeReady`).
 */
export async function changeAvailability(
  ports: AgentAvailabilityPorts,
  id: string,
  state: 'READY' | 'NOT_READY' | 'LOGGED_OUT',
  read?: AgentRecord,
  hinted?: Promise<WaitingEntry[] | undefined>,
): Promise<void> {
  // READY from NOT_READY with a callback waiting: reserved at once, in one transaction.
  if (state === 'READY' && read?.state === 'NOT_READY' && (await reserveOnReady(ports, read, hinted))) return;
  const now = ports.clock.now();
  // READY: the heads of the queues the agent serves are read while it is written READY (see
  // `serveAgent` for why that is safe), and the agent as written is the one served. After a
  // `reserveOnReady` that found nothing, they are read again after the write (not early).
  const early =
    state === 'READY' && read && read.state !== 'LOGGED_OUT' && read.state !== 'NOT_READY'
      ? (hinted ?? waitingFor(ports, read).catch(() => undefined))
      : undefined;
  const agent = await updateAgent(ports, id, (a) => setAvailability(a, id, state, now), read);
  if (agent) ports.agentHints.remember(agent);
  if (state === 'READY') await serveAgent(ports, id, agent, early);
}
