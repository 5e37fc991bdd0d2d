import { assertAgentId, login, setAvailability, type Login } from '../../domain/routing/agent.js';
import { serveAgent, type RouteCallbackPorts } from './route-callback.js';
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

/** READY (and offered the first waiting callback it serves), NOT_READY or LOGGED_OUT. */
export async function changeAvailability(
  ports: AgentAvailabilityPorts,
  id: string,
  state: 'READY' | 'NOT_READY' | 'LOGGED_OUT',
): Promise<void> {
  const now = ports.clock.now();
  await updateAgent(ports, id, (a) => setAvailability(a, id, state, now));
  if (state === 'READY') await serveAgent(ports, id);
}
