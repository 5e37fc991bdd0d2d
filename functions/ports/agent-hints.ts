import type { AgentRecord } from '../domain/routing/agent.js';

/**
 * What this process last saw of each agent. A hint, never a decision: a READY reads the heads of
 * the queues the agent served while it reads the agent itself, and keeps them only when the agent
 * read still serves the same queues (`servesAlike`). A Lambda instance that served an agent's
 * login or earlier state changes knows it; a cold one does not, and reads as before.
 */
export interface AgentHints {
  remember(agent: AgentRecord): void;
  recall(id: string): AgentRecord | undefined;
}
