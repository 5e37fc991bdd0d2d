import { NotFoundError } from '../../domain/errors.js';
import { assertAgentId, type AgentRecord } from '../../domain/routing/agent.js';
import type { Ports } from '../../ports/index.js';

/** An agent with the callback it holds, read from the routing table and the callbacks. */
export type AgentViewPorts = Pick<Ports, 'routing' | 'callbacks'>;

/** Agents read per page when listing them all. */
const AGENT_PAGE = 100;

const iso = (ms: number) => new Date(ms).toISOString();

/** The agent as the API shows it, with the callback it holds. */
export async function agentView(ports: Pick<Ports, 'callbacks'>, agent: AgentRecord) {
  const out: Record<string, unknown> = {
    id: agent.id,
    name: agent.name,
    state: agent.state,
    since: iso(agent.stateSince),
    groups: agent.groups,
    queues: agent.queues,
    skills: agent.skills,
    handled: agent.handled,
    rejects: agent.rejects,
  };
  if (agent.phase) out.phase = agent.phase;
  if (agent.attempt !== undefined) out.dial_attempt = agent.attempt;
  if (agent.callbackId) {
    const record = await ports.callbacks.get(agent.callbackId);
    if (record) {
      out.callback = {
        ...record.properties,
        _id: record.id,
        _service_name: record.service,
        _callback_state: record.state,
        ...(record.customerNumber ? { _customer_number: record.customerNumber } : {}),
        _desired_time: iso(record.desiredTime),
        _media_type: record.scenario.mediaType,
        _call_direction: record.scenario.direction,
      };
    }
  }
  return out;
}

/** The agent as stored; a 404 for an agent that never logged in. */
export async function currentAgent(ports: Pick<Ports, 'routing'>, id: string): Promise<AgentRecord> {
  assertAgentId(id);
  const agent = await ports.routing.getAgent(id);
  if (!agent) throw new NotFoundError(`No agent '${id}' has ever logged in.`);
  return agent;
}

/** One agent as the API shows it. */
export async function readAgent(ports: AgentViewPorts, id: string) {
  return agentView(ports, await currentAgent(ports, id));
}

/** Every agent that ever logged in, as the API shows them. */
export async function listAgents(ports: AgentViewPorts) {
  // The listing grows with the agents (it is not a routing step): read page by page.
  const agents: AgentRecord[] = [];
  let after: string | undefined;
  do {
    const page = await ports.routing.listAgents(after, AGENT_PAGE);
    agents.push(...page.agents);
    after = page.next;
  } while (after !== undefined);
  return Promise.all(agents.map((a) => agentView(ports, a)));
}
