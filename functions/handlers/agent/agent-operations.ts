import { InvalidParameterError } from '../../domain/errors.js';
import { readBoolean } from '../../domain/option-values.js';
import type { AgentRecord, Login } from '../../domain/routing/agent.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import {
  agentAccept,
  agentComplete,
  agentLogin,
  agentLogout,
  agentNotReady,
  agentReady,
  agentReject,
  getAgent,
  listAgents,
} from '../../routes/agent-routes.js';
import type { agentLoginBody } from '../../routes/agent-routes.js';
import {
  becomeReady,
  changeAvailability,
  logIn,
  type AgentAvailabilityPorts,
} from '../../use-cases/routing/agent-availability.js';
import {
  acceptOffer,
  completeWork,
  rejectOffer,
  type AgentLifecyclePorts,
} from '../../use-cases/routing/agent-lifecycle.js';
import {
  currentAgent,
  listAgents as listAllAgents,
  readAgent,
  type AgentViewPorts,
} from '../../use-cases/routing/agent-view.js';
import type * as z from '../../domain/zod.js';

const MAX_SKILL_LEVEL = 1_000_000;

function names(param: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as string[]) : String(value).split(',');
  const out = [...new Set(list.map((s) => s.trim()).filter((s) => s.length > 0))];
  if (out.some((s) => s.length > 128))
    throw new InvalidParameterError(param, `Names in '${param}' are at most 128 characters.`);
  return out;
}

function skillLevel(skill: string, value: unknown): number {
  const text = String(value).trim();
  const level = Number(text);
  if (!/^\d+$/.test(text) || level > MAX_SKILL_LEVEL) {
    throw new InvalidParameterError(
      'skills',
      `Skill '${skill}' needs an integer level from 0 to ${MAX_SKILL_LEVEL}, not '${String(value)}'.`,
    );
  }
  return level;
}

function skills(value: unknown): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const pairs: [string, unknown][] =
    typeof value === 'string'
      ? value
          .split(',')
          .filter((p) => p.trim() !== '')
          .map((p) => {
            const eq = p.indexOf('=');
            if (eq <= 0)
              throw new InvalidParameterError('skills', `Skill '${p.trim()}' must read <skill>=<level>.`);
            return [p.slice(0, eq).trim(), p.slice(eq + 1)];
          })
      : Object.entries(value as Record<string, unknown>);
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [skill, level] of pairs) {
    if (skill === '' || /[=<>&@]/.test(skill)) {
      throw new InvalidParameterError('skills', `Skill name '${skill}' may not be empty or hold = < > & @.`);
    }
    out[skill] = skillLevel(skill, level);
  }
  return { ...out };
}

function flag(param: string, value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean'
    ? value
    : readBoolean(param, value === undefined ? undefined : String(value), fallback);
}

function loginInput(body: z.output<typeof agentLoginBody> | undefined): Login {
  const b = (body ?? {}) as Record<string, unknown>;
  const input: Login = {};
  if (b.ready !== undefined) input.ready = flag('ready', b.ready, false);
  if (typeof b.name === 'string') input.name = b.name;
  const groups = names('groups', b.groups);
  if (groups) input.groups = groups;
  const queues = names('queues', b.queues);
  if (queues) input.queues = queues;
  const s = skills(b.skills);
  if (s) input.skills = s;
  return input;
}

/**
 * Runs `action` for the agent of an action route (given the agent as read, 404 when it never
 * logged in) and answers the agent as it is afterwards.
 */
async function acting<P extends AgentViewPorts>(
  ports: P,
  id: string,
  action: (ports: P, id: string, read: AgentRecord) => Promise<void>,
) {
  const read = await currentAgent(ports, id);
  await action(ports, id, read);
  return json(await readAgent(ports, id));
}

type AvailabilityPorts = AgentAvailabilityPorts & AgentViewPorts;
type LifecyclePorts = AgentLifecyclePorts & AgentViewPorts;

/** The agent API of the built-in router: each route maps the request to its use case. */
export const agentOperations = [
  operation(listAgents, async (_input, ports: AgentViewPorts) => json(await listAllAgents(ports))),
  operation(getAgent, async ({ params }, ports: AgentViewPorts) =>
    json(await readAgent(ports, params.agentId)),
  ),
  operation(agentLogin, async ({ params, body }, ports: AvailabilityPorts) => {
    await logIn(ports, params.agentId, loginInput(body));
    return json(await readAgent(ports, params.agentId));
  }),
  operation(agentReady, async ({ params }, ports: AvailabilityPorts) => {
    await becomeReady(ports, params.agentId);
    return json(await readAgent(ports, params.agentId));
  }),
  operation(agentNotReady, async ({ params }, ports: AvailabilityPorts) =>
    acting(ports, params.agentId, (p, id, read) => changeAvailability(p, id, 'NOT_READY', read)),
  ),
  operation(agentLogout, async ({ params }, ports: AvailabilityPorts) =>
    acting(ports, params.agentId, (p, id, read) => changeAvailability(p, id, 'LOGGED_OUT', read)),
  ),
  operation(agentAccept, async ({ params }, ports: LifecyclePorts) =>
    acting(ports, params.agentId, acceptOffer),
  ),
  operation(agentReject, async ({ params }, ports: LifecyclePorts) =>
    acting(ports, params.agentId, (p, id) => rejectOffer(p, id)),
  ),
  operation(agentComplete, async ({ params, body }, ports: LifecyclePorts) =>
    acting(ports, params.agentId, (p, id, read) =>
      completeWork(p, id, flag('ready', body?.ready, true) ? 'READY' : 'NOT_READY', read),
    ),
  ),
];
