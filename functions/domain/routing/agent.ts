import { ConflictError, InvalidParameterError } from '../errors.js';

/**
 * An agent of the built-in router. READY agents take work; RESERVED means a callback has been
 * offered to (held for) the agent; BUSY means the agent is connected to the customer.
 * A logged-out agent keeps its item (and version), so a stale write from before the logout can
 * never succeed after a new login.
 */
export const AGENT_STATES = ['LOGGED_OUT', 'NOT_READY', 'READY', 'RESERVED', 'BUSY'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * What a RESERVED or BUSY agent is waiting for:
 * - `offered`: the agent must accept (or reject) the callback;
 * - `awaiting-customer`: the customer was told an agent is available and must confirm or call;
 * - `dialing`: the dialer is calling the customer (attempt `attempt`);
 * - `retry-wait`: the last attempt failed, the next one is due;
 * - `connected`: agent and customer talk (BUSY).
 */
export type AgentPhase = 'offered' | 'awaiting-customer' | 'dialing' | 'retry-wait' | 'connected';

export interface AgentRecord {
  id: string;
  name: string;
  state: AgentState;
  groups: string[];
  queues: string[];
  /** Skill name -> level. */
  skills: Record<string, number>;
  /** The callback the agent holds (RESERVED or BUSY). */
  callbackId?: string;
  phase?: AgentPhase;
  /** Dial attempt in progress or last made (user-terminated callbacks). */
  attempt?: number;
  /** When the current phase times out (the tick acts on it), epoch ms. */
  deadline?: number;
  /** Rejects the held callback had before this offer (carried back to the queue on a reject). */
  offerRejects?: number;
  /** When the agent entered its state: READY agents waiting longest get work first. */
  stateSince: number;
  /** Callbacks completed and rejected since login. */
  handled: number;
  rejects: number;
  version: number;
}

export const AGENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function assertAgentId(id: string): void {
  if (!AGENT_ID.test(id)) {
    throw new InvalidParameterError(
      'agentId',
      'Agent id must be 1 to 64 letters, digits, dots, underscores or hyphens.',
    );
  }
}

export interface Login {
  name?: string;
  groups?: string[];
  queues?: string[];
  skills?: Record<string, number>;
  /** READY or NOT_READY; when absent a new login is NOT_READY and a logged-in agent keeps its state. */
  ready?: boolean;
}

/** The agent after a login (new, or a logged-out one logging in again; a logged-in one updates its profile). */
export function login(current: AgentRecord | undefined, id: string, input: Login, now: number): AgentRecord {
  assertAgentId(id);
  if (current && (current.state === 'RESERVED' || current.state === 'BUSY')) {
    throw new ConflictError(`Agent ${id} holds callback ${current.callbackId} and cannot log in again now.`);
  }
  const stay = current && current.state !== 'LOGGED_OUT' ? current.state : 'NOT_READY';
  const state: AgentState = input.ready === undefined ? stay : input.ready ? 'READY' : 'NOT_READY';
  return {
    id,
    name: input.name ?? current?.name ?? id,
    state,
    groups: input.groups ?? current?.groups ?? [],
    queues: input.queues ?? current?.queues ?? [],
    skills: input.skills ?? current?.skills ?? {},
    stateSince: current?.state === state ? current.stateSince : now,
    handled: current && current.state !== 'LOGGED_OUT' ? current.handled : 0,
    rejects: current && current.state !== 'LOGGED_OUT' ? current.rejects : 0,
    version: (current?.version ?? 0) + 1,
  };
}

function loggedIn(agent: AgentRecord | undefined, id: string): AgentRecord {
  if (!agent || agent.state === 'LOGGED_OUT') throw new NotLoggedInError(id);
  return agent;
}

export class NotLoggedInError extends ConflictError {
  constructor(id: string) {
    super(`Agent ${id} is not logged in.`);
  }
}

function holdsNothing(agent: AgentRecord, action: string): void {
  if (agent.state === 'RESERVED' || agent.state === 'BUSY') {
    throw new ConflictError(
      `Agent ${agent.id} is ${agent.state} with callback ${agent.callbackId}; ${action} is possible after reject or complete.`,
    );
  }
}

/**
 * Whether two records of one agent serve the same routing targets (its id, groups, queues and
 * skills, whatever their order): queue heads read for one are the heads for the other.
 */
export function servesAlike(
  a: Pick<AgentRecord, 'id' | 'groups' | 'queues' | 'skills'>,
  b: Pick<AgentRecord, 'id' | 'groups' | 'queues' | 'skills'>,
): boolean {
  const sameSet = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v) => y.includes(v));
  const skills = Object.keys(a.skills);
  return (
    a.id === b.id &&
    sameSet(a.groups, b.groups) &&
    sameSet(a.queues, b.queues) &&
    sameSet(skills, Object.keys(b.skills)) &&
    skills.every((k) => a.skills[k] === b.skills[k])
  );
}

/** A state change that holds no callback (READY / NOT_READY / LOGGED_OUT). */
export function setAvailability(
  agent: AgentRecord | undefined,
  id: string,
  state: 'READY' | 'NOT_READY' | 'LOGGED_OUT',
  now: number,
): AgentRecord {
  const a = loggedIn(agent, id);
  holdsNothing(a, state === 'LOGGED_OUT' ? 'logout' : state === 'READY' ? 'ready' : 'not-ready');
  return { ...free(a, state, now) };
}

/** The agent holding nothing, in `state`. */
export function free(
  agent: AgentRecord,
  state: 'READY' | 'NOT_READY' | 'LOGGED_OUT',
  now: number,
): AgentRecord {
  const { callbackId: _c, phase: _p, attempt: _a, deadline: _d, offerRejects: _r, ...rest } = agent;
  return {
    ...rest,
    state,
    stateSince: agent.state === state ? agent.stateSince : now,
    version: agent.version + 1,
  };
}

/** The agent holding `callbackId` in `phase`. */
export function hold(
  agent: AgentRecord,
  callbackId: string,
  phase: AgentPhase,
  now: number,
  extra: { deadline?: number; attempt?: number; offerRejects?: number } = {},
): AgentRecord {
  const state = phase === 'connected' ? 'BUSY' : 'RESERVED';
  const next: AgentRecord = {
    ...agent,
    state,
    callbackId,
    phase,
    stateSince: agent.state === state ? agent.stateSince : now,
    version: agent.version + 1,
  };
  delete next.deadline;
  if (extra.deadline !== undefined) next.deadline = extra.deadline;
  if (extra.attempt !== undefined) next.attempt = extra.attempt;
  if (extra.offerRejects !== undefined) next.offerRejects = extra.offerRejects;
  return next;
}

/**
 * A reservation takes an agent from READY, or from NOT_READY when the agent's own READY request
 * reserves it at once (it never becomes READY in between), at the version just before `next`'s.
 */
export function assertReservableFrom(from: AgentRecord, next: AgentRecord): void {
  if (
    (from.state !== 'READY' && from.state !== 'NOT_READY') ||
    from.id !== next.id ||
    from.version !== next.version - 1
  ) {
    throw new Error(
      `A reservation takes agent ${next.id} from READY or NOT_READY at the version before its own.`,
    );
  }
}

/** The agent's offered callback, checked for accept/reject. */
export function heldCallback(
  agent: AgentRecord | undefined,
  id: string,
  phases: readonly AgentPhase[],
): string {
  const a = loggedIn(agent, id);
  if (!a.callbackId || !a.phase) throw new ConflictError(`Agent ${id} holds no callback.`);
  if (!phases.includes(a.phase)) {
    throw new ConflictError(`Agent ${id}'s callback ${a.callbackId} is ${describePhase(a.phase)}.`);
  }
  return a.callbackId;
}

export function describePhase(phase: AgentPhase): string {
  switch (phase) {
    case 'offered':
      return 'offered to the agent';
    case 'awaiting-customer':
      return 'waiting for the customer to confirm or call';
    case 'dialing':
      return 'being dialled';
    case 'retry-wait':
      return 'waiting for the next dial attempt';
    case 'connected':
      return 'connected';
  }
}
