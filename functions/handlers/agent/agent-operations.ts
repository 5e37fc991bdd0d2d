import { InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { readBoolean } from '../../domain/option-values.js';
import {
  assertAgentId,
  login,
  setAvailability,
  type AgentRecord,
  type Login,
} from '../../domain/routing/agent.js';
import type { Operation, RequestContext } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';
import type { Deps } from '../../composition/full.js';
import { acceptOffer, completeWork, rejectOffer } from './agent-lifecycle.js';
import { serveAgent } from './reservation.js';
import { updateAgent } from './routing-context.js';

const MAX_SKILL_LEVEL = 1_000_000;
const AGENT_PAGE = 100;

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

function loginInput(req: RequestContext): Login {
  const body = (req.valid.body ?? {}) as Record<string, unknown>;
  const input: Login = {};
  if (body.ready !== undefined) input.ready = flag('ready', body.ready, false);
  if (typeof body.name === 'string') input.name = body.name;
  const groups = names('groups', body.groups);
  if (groups) input.groups = groups;
  const queues = names('queues', body.queues);
  if (queues) input.queues = queues;
  const s = skills(body.skills);
  if (s) input.skills = s;
  return input;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The agent as the API shows it, with the callback it holds. */
async function view(deps: Deps, agent: AgentRecord) {
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
    const record = await deps.callbacks.get(agent.callbackId);
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

async function current(deps: Deps, id: string): Promise<AgentRecord> {
  assertAgentId(id);
  const agent = await deps.routing.getAgent(id);
  if (!agent) throw new NotFoundError(`No agent '${id}' has ever logged in.`);
  return agent;
}

/** Runs `action` for the path's agent and answers the agent as it is afterwards. */
const acting =
  (action: (deps: Deps, id: string, req: RequestContext) => Promise<void>): Operation =>
  async (req, deps) => {
    const id = req.params.agentId!;
    await current(deps, id);
    await action(deps, id, req);
    return json(await view(deps, await current(deps, id)));
  };

const availability = (state: 'READY' | 'NOT_READY' | 'LOGGED_OUT') =>
  acting(async (deps, id) => {
    const now = deps.clock.now();
    await updateAgent(deps, id, (a) => setAvailability(a, id, state, now));
    if (state === 'READY') await serveAgent(deps, id);
  });

export const agentOperations: Record<string, Operation> = {
  listAgents: async (_req, deps) => {
    // The listing grows with the agents (it is not a routing step): read page by page.
    const agents: AgentRecord[] = [];
    let after: string | undefined;
    do {
      const page = await deps.routing.listAgents(after, AGENT_PAGE);
      agents.push(...page.agents);
      after = page.next;
    } while (after !== undefined);
    return json(await Promise.all(agents.map((a) => view(deps, a))));
  },
  getAgent: async (req, deps) => json(await view(deps, await current(deps, req.params.agentId!))),
  agentLogin: async (req, deps) => {
    const id = req.params.agentId!;
    assertAgentId(id);
    const input = loginInput(req);
    const now = deps.clock.now();
    const agent = await updateAgent(deps, id, (a) => login(a, id, input, now));
    if (agent?.state === 'READY') await serveAgent(deps, id);
    return json(await view(deps, await current(deps, id)));
  },
  agentReady: availability('READY'),
  agentNotReady: availability('NOT_READY'),
  agentLogout: availability('LOGGED_OUT'),
  agentAccept: acting((deps, id) => acceptOffer(deps, id)),
  agentReject: acting((deps, id) => rejectOffer(deps, id)),
  agentComplete: acting((deps, id, req) => {
    const body = (req.valid.body ?? {}) as Record<string, unknown>;
    return completeWork(deps, id, flag('ready', body.ready, true) ? 'READY' : 'NOT_READY');
  }),
};
