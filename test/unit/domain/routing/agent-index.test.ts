import { describe, expect, it } from 'vitest';
import { agentKeys, targetKey } from '../../../../functions/domain/routing/agent-index.js';
import { agentServes, parseTarget } from '../../../../functions/domain/routing/routing-target.js';

describe('agent index keys', () => {
  const agent = { id: 'a1', groups: ['Sales', 'VIP'], queues: ['Q1'], skills: { English: 20, Loans: 1 } };

  it('files an agent under any, each group, queue and skill', () => {
    expect(agentKeys(agent)).toEqual([
      'any',
      'group:Sales',
      'group:VIP',
      'queue:Q1',
      'skill:English',
      'skill:Loans',
    ]);
  });

  it("reads a target from the set of one of the agent's keys, which holds every agent serving it", () => {
    for (const text of ['', 'Sales@S.GA', 'Q1@S.Q', 'English=10&Loans=1@S.GA', 'Loans<5@S.GA']) {
      const target = parseTarget(text);
      expect(agentServes(target, agent), text).toBe(true);
      expect(agentKeys(agent), text).toContain(targetKey(target));
    }
    expect(targetKey(parseTarget('Billing@S.GA'))).toBe('group:Billing');
    expect(targetKey(parseTarget('a1@S.A'))).toBeUndefined();
  });
});
