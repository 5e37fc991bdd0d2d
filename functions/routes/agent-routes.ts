import * as z from '../domain/zod.js';
import type { Role } from '../domain/roles.js';
import { defineRoute } from '../http/define-route.js';
import { authErrorResponses, errorResponses, gmsError } from './schemas.js';

/**
 * The agent API of the built-in router: a person (the agent desktop of a demo) or a test plays
 * the agent. Agents are not GMS users: any user with the Administrator or Supervisor role may act
 * for any agent; CallbackReadOnly users may only look.
 */
const ACTORS: readonly Role[] = ['Administrator', 'Supervisor'];
const READERS: readonly Role[] = ['Administrator', 'Supervisor', 'CallbackReadOnly'];
const TAGS = ['Agents (built-in router)'];

const agentId = z.lazy(() =>
  z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1 to 64 letters, digits, ".", "_" or "-"'),
      z.describe('Agent id; also the name of an `A` target (`<id>@StatServer.A`)'),
    ),
);

const nameList = z.lazy(() =>
  z
    .union([
      z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.maxLength(100)),
      z.string().check(z.maxLength(4000)),
    ])
    .check(z.describe('Names as a JSON array or a comma-separated string')),
);

export const agentLoginBody = z.lazy(() =>
  z.object({
    name: z
      .optional(z.string().check(z.minLength(1), z.maxLength(128)))
      .check(z.describe('Display name (default: the id)')),
    groups: z.optional(nameList).check(z.describe('Agent groups, for `<group>@StatServer.GA` targets')),
    queues: z.optional(nameList).check(z.describe('Queues, for `<queue>@StatServer.Q` targets')),
    skills: z
      .optional(
        z.union([
          z.record(z.string().check(z.minLength(1), z.maxLength(128)), z.union([z.number(), z.string()])),
          z.string().check(z.maxLength(4000)),
        ]),
      )
      .check(z.describe('Skill -> level (integer 0..1000000): a JSON object or `English=20,Loans=2`')),
    ready: z
      .optional(z.union([z.boolean(), z.string()]))
      .check(z.describe('Log in READY (default NOT_READY)')),
  }),
);

export const agentCompleteBody = z.lazy(() =>
  z.object({
    ready: z
      .optional(z.union([z.boolean(), z.string()]))
      .check(z.describe('READY after completing (default true); false leaves the agent NOT_READY')),
  }),
);

const heldCallbackView = z.lazy(() =>
  z
    .catchall(
      z.object({
        _id: z.string(),
        _service_name: z.string(),
        _callback_state: z.string(),
        _customer_number: z.optional(z.string()),
        _desired_time: z.string(),
        _media_type: z.string(),
        _call_direction: z.string(),
      }),
      z.string(),
    )
    .check(z.describe("The held callback's fields and stored properties")),
);

export const agentView = z.lazy(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      state: z.enum(['LOGGED_OUT', 'NOT_READY', 'READY', 'RESERVED', 'BUSY']),
      since: z.string().check(z.describe('ISO-8601 UTC: when the agent entered its state')),
      groups: z.array(z.string()),
      queues: z.array(z.string()),
      skills: z.record(z.string(), z.number()),
      handled: z.number().check(z.int()),
      rejects: z.number().check(z.int()),
      phase: z
        .optional(z.enum(['offered', 'awaiting-customer', 'dialing', 'retry-wait', 'connected']))
        .check(z.describe('What the held callback waits for')),
      dial_attempt: z.optional(z.number().check(z.int())),
      callback: z.optional(heldCallbackView),
    })
    .check(z.meta({ id: 'Agent' })),
);

const params = z.lazy(() => z.object({ agentId }));
const conflict = { 409: { description: "The agent's state does not allow this", schema: gmsError } };
const notFound = { 404: { description: 'Unknown agent', schema: gmsError } };

/** An action on one agent: POST, the agent after it as the answer. Typed, so its operation's input is. */
const action = (path: string, operationId: string, summary: string) => ({
  method: 'POST' as const,
  path: `/genesys/1/agents/{agentId}/${path}`,
  area: 'agent' as const,
  access: { roles: ACTORS },
  operationId,
  summary,
  tags: TAGS,
  params,
  responses: {
    200: { description: 'The agent after the action', schema: agentView },
    ...errorResponses,
    ...authErrorResponses,
    ...notFound,
    ...conflict,
  },
});

export const listAgents = defineRoute({
  method: 'GET',
  path: '/genesys/1/agents',
  area: 'agent',
  access: { roles: READERS },
  operationId: 'listAgents',
  summary: 'Every agent that ever logged in (LOGGED_OUT ones included), by id.',
  tags: TAGS,
  responses: {
    200: { description: 'Agents', schema: z.lazy(() => z.array(agentView)) },
    ...authErrorResponses,
  },
});

export const getAgent = defineRoute({
  method: 'GET',
  path: '/genesys/1/agents/{agentId}',
  area: 'agent',
  access: { roles: READERS },
  operationId: 'getAgent',
  summary: 'The agent: state, groups, queues, skills, and the callback it is offered or connected to.',
  tags: TAGS,
  params,
  responses: {
    200: { description: 'The agent', schema: agentView },
    ...errorResponses,
    ...authErrorResponses,
    ...notFound,
  },
});

export const agentLogin = defineRoute({
  ...action(
    'login',
    'agentLogin',
    'Logs the agent in (creating it on first login) with its groups, queues and skills; NOT_READY unless `ready` is true (a logged-in agent keeps its state). ' +
      'A logged-in agent that holds no callback may log in again to change its profile.',
  ),
  body: agentLoginBody,
  bodyTypes: ['json', 'form'],
});

export const agentReady = defineRoute(
  action(
    'ready',
    'agentReady',
    'The agent is READY and is at once offered the first waiting callback it serves (priority, then FIFO).',
  ),
);

export const agentNotReady = defineRoute(
  action('not-ready', 'agentNotReady', 'The agent stops taking callbacks (NOT_READY).'),
);

export const agentLogout = defineRoute(
  action('logout', 'agentLogout', 'Logs the agent out; not while it holds a callback.'),
);

export const agentAccept = defineRoute(
  action(
    'accept',
    'agentAccept',
    'Accepts the offered callback. User-terminated voice: the customer is dialled now (agent connected first); ' +
      'chat and user-originated voice: the callback is PROCESSING and the agent BUSY.',
  ),
);

export const agentReject = defineRoute(
  action(
    'reject',
    'agentReject',
    'Declines the held callback: it goes back to the waiting queue (other agents get it first for 2 s), the agent becomes NOT_READY. ' +
      'With the service option `_max_agent_rejects` = n > 0, the n-th reject completes it with AGENT_PREVIEW_CANCEL_AFTER_<n>REJECTS.',
  ),
);

export const agentComplete = defineRoute({
  ...action(
    'complete',
    'agentComplete',
    'Ends the conversation: the callback is COMPLETED with AGENT_CONNECTED and its handle time feeds the estimated wait; ' +
      'the agent is READY (and offered the next callback) unless `ready` is false.',
  ),
  body: agentCompleteBody,
  bodyTypes: ['json', 'form'],
});

export const agentRoutes = [
  listAgents,
  getAgent,
  agentLogin,
  agentReady,
  agentNotReady,
  agentLogout,
  agentAccept,
  agentReject,
  agentComplete,
];
