import type { AgentRecord } from '../domain/routing/agent.js';
import type { AgentHints } from '../ports/agent-hints.js';

/** Agents remembered per process at most: about 1 KB each, the oldest forgotten first. */
export const AGENT_HINTS_KEPT = 10_000;

/** `AgentHints` in the process's memory, bounded (a Map keeps insertion order: the first key is the oldest). */
export class AgentHintCache implements AgentHints {
  private readonly agents = new Map<string, AgentRecord>();

  constructor(private readonly kept = AGENT_HINTS_KEPT) {}

  remember(agent: AgentRecord): void {
    this.agents.delete(agent.id);
    this.agents.set(agent.id, agent);
    if (this.agents.size > this.kept) this.agents.delete(this.agents.keys().next().value!);
  }

  recall(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }
}
