import type { AgentRecord } from './agent.js';
import type { RoutingTarget } from './routing-target.js';

/**
 * The keys an agent is found under: every agent under `any`, and under each of its groups,
 * queues and skills. The store keeps READY agents in a set per key and a count of logged-in
 * agents per key, so a routing step reads the set of the target's key instead of every agent.
 */
export function agentKeys(agent: Pick<AgentRecord, 'groups' | 'queues' | 'skills'>): string[] {
  return [
    'any',
    ...agent.groups.map((g) => `group:${g}`),
    ...agent.queues.map((q) => `queue:${q}`),
    ...Object.keys(agent.skills).map((s) => `skill:${s}`),
  ];
}

/**
 * The key whose set holds every agent that may serve `target` (a superset for a skill expression:
 * the agents with its first term's skill, at any level; the caller filters). Undefined for one
 * named agent, which is read directly.
 */
export function targetKey(target: RoutingTarget): string | undefined {
  switch (target.kind) {
    case 'any':
      return 'any';
    case 'agent':
      return undefined;
    case 'group':
      return `group:${target.name}`;
    case 'queue':
      return `queue:${target.name}`;
    case 'skills':
      return `skill:${target.terms[0]!.skill}`;
  }
}
