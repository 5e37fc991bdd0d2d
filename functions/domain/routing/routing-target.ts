import { InvalidParameterError } from '../errors.js';
import type { AgentRecord } from './agent.js';

/**
 * A routing target in GMS/URS form `<name>@<statserver>.<type>`. The built-in router keeps one
 * pool of agents, so the stat server part is kept for display but does not select anything.
 *
 * - `A`:  one agent, by agent id (`jdoe@StatServer.A`).
 * - `GA`: an agent group (`Billing@StatServer.GA`), or a skill expression when the name holds
 *         `=`, `>` or `<` (`English=20&Loans=2@StatServer.GA`).
 * - `Q`:  agents logged in to that queue (the `queues` given at agent login).
 *
 * Skill expressions: terms joined by `&` (all must hold). `Skill=N` and `Skill>=N` mean the agent
 * has the skill at level N or more (URS's reading of `=` in a target: a minimum level);
 * `Skill>N` strictly more; `Skill<N` / `Skill<=N` at most. A skill the agent lacks never matches.
 * Other URS target types (AP, GP, DN, GC, RP, DL) have no meaning without a switch and are refused.
 */
export type RoutingTarget =
  | { kind: 'any' }
  | { kind: 'agent'; name: string; statServer: string }
  | { kind: 'group'; name: string; statServer: string }
  | { kind: 'queue'; name: string; statServer: string }
  | { kind: 'skills'; terms: SkillTerm[]; statServer: string };

export type SkillComparison = '>=' | '>' | '<=' | '<';

export interface SkillTerm {
  skill: string;
  comparison: SkillComparison;
  level: number;
}

const TERM = /^\s*([^=<>&\s][^=<>&]*?)\s*(>=|<=|=|>|<)\s*(\d+)\s*$/;

function parseSkills(expression: string): SkillTerm[] {
  return expression.split('&').map((raw) => {
    const m = TERM.exec(raw);
    if (!m) {
      throw new InvalidParameterError(
        '_target',
        `Skill term '${raw.trim()}' must read <skill>=<level> (or >=, >, <=, <), e.g. English=20&Loans=2.`,
      );
    }
    const comparison = (m[2] === '=' ? '>=' : m[2]) as SkillComparison;
    return { skill: m[1]!, comparison, level: Number(m[3]) };
  });
}

/** Parses `_target`; an empty or missing target means any agent. Throws naming `_target` when malformed. */
export function parseTarget(value: string | undefined): RoutingTarget {
  const text = value?.trim() ?? '';
  if (text === '') return { kind: 'any' };
  const at = text.lastIndexOf('@');
  const dot = text.lastIndexOf('.');
  if (at <= 0 || dot < at + 2 || dot === text.length - 1) {
    throw new InvalidParameterError(
      '_target',
      `Target '${text}' must read <name>@<statserver>.<type>, e.g. Billing@StatServer.GA.`,
    );
  }
  const name = text.slice(0, at).trim();
  const statServer = text.slice(at + 1, dot);
  const type = text.slice(dot + 1).toUpperCase();
  switch (type) {
    case 'A':
      return { kind: 'agent', name, statServer };
    case 'GA':
      return /[=<>]/.test(name)
        ? { kind: 'skills', terms: parseSkills(name), statServer }
        : { kind: 'group', name, statServer };
    case 'Q':
      return { kind: 'queue', name, statServer };
    default:
      throw new InvalidParameterError(
        '_target',
        `Target type '${type}' is not supported by the built-in router (use A, GA, a skill expression or Q).`,
      );
  }
}

function skillHolds(term: SkillTerm, level: number | undefined): boolean {
  if (level === undefined) return false;
  switch (term.comparison) {
    case '>=':
      return level >= term.level;
    case '>':
      return level > term.level;
    case '<=':
      return level <= term.level;
    case '<':
      return level < term.level;
  }
}

/** Whether the agent may take work for the target (regardless of the agent's state). */
export function agentServes(
  target: RoutingTarget,
  agent: Pick<AgentRecord, 'id' | 'groups' | 'queues' | 'skills'>,
): boolean {
  switch (target.kind) {
    case 'any':
      return true;
    case 'agent':
      return agent.id === target.name;
    case 'group':
      return agent.groups.includes(target.name);
    case 'queue':
      return agent.queues.includes(target.name);
    case 'skills':
      return target.terms.every((t) => skillHolds(t, agent.skills[t.skill]));
  }
}
