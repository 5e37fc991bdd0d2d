import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import { agentServes, parseTarget } from '../../../../functions/domain/routing/routing-target.js';

const agent = (
  over: Partial<{ id: string; groups: string[]; queues: string[]; skills: Record<string, number> }> = {},
) => ({
  id: 'a1',
  groups: [],
  queues: [],
  skills: {},
  ...over,
});

describe('routing targets', () => {
  it('parses the URS target types A, GA, Q and skill expressions', () => {
    expect(parseTarget('jdoe@StatServer.A')).toEqual({
      kind: 'agent',
      name: 'jdoe',
      statServer: 'StatServer',
    });
    expect(parseTarget('Billing@StatServer.GA')).toEqual({
      kind: 'group',
      name: 'Billing',
      statServer: 'StatServer',
    });
    expect(parseTarget('8999@Stat_1.Q')).toEqual({ kind: 'queue', name: '8999', statServer: 'Stat_1' });
    expect(parseTarget('English=20&Loans=2@StatServer.GA')).toEqual({
      kind: 'skills',
      statServer: 'StatServer',
      terms: [
        { skill: 'English', comparison: '>=', level: 20 },
        { skill: 'Loans', comparison: '>=', level: 2 },
      ],
    });
    expect(parseTarget('Spanish > 5 & French<=3@S.ga')).toMatchObject({
      kind: 'skills',
      terms: [
        { skill: 'Spanish', comparison: '>', level: 5 },
        { skill: 'French', comparison: '<=', level: 3 },
      ],
    });
  });

  it('treats a missing or blank target as any agent', () => {
    expect(parseTarget(undefined)).toEqual({ kind: 'any' });
    expect(parseTarget('  ')).toEqual({ kind: 'any' });
  });

  it.each([
    ['Billing', 'must read'],
    ['Billing@StatServer', 'must read'],
    ['@StatServer.GA', 'must read'],
    ['Billing@StatServer.', 'must read'],
    ['Billing@StatServer.DN', "'DN' is not supported"],
    ['English=&Loans=2@StatServer.GA', "Skill term 'English='"],
    ['English=high@StatServer.GA', "Skill term 'English=high'"],
  ])('refuses %s naming _target', (value, message) => {
    let error: unknown;
    try {
      parseTarget(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).parameter).toBe('_target');
    expect((error as Error).message).toContain(message);
  });

  it('matches agents by id, group, queue and skill levels (= means at least)', () => {
    expect(agentServes(parseTarget('a1@S.A'), agent())).toBe(true);
    expect(agentServes(parseTarget('a2@S.A'), agent())).toBe(false);
    expect(agentServes(parseTarget('Billing@S.GA'), agent({ groups: ['Sales', 'Billing'] }))).toBe(true);
    expect(agentServes(parseTarget('Billing@S.GA'), agent({ groups: ['Sales'] }))).toBe(false);
    expect(agentServes(parseTarget('8999@S.Q'), agent({ queues: ['8999'] }))).toBe(true);
    expect(agentServes(parseTarget('8999@S.Q'), agent({ groups: ['8999'] }))).toBe(false);

    const skilled = agent({ skills: { English: 20, Loans: 5 } });
    expect(agentServes(parseTarget('English=20&Loans=2@S.GA'), skilled)).toBe(true);
    expect(agentServes(parseTarget('English=21&Loans=2@S.GA'), skilled)).toBe(false);
    expect(agentServes(parseTarget('English>20@S.GA'), skilled)).toBe(false);
    expect(agentServes(parseTarget('Loans<6@S.GA'), skilled)).toBe(true);
    expect(agentServes(parseTarget('Loans<5@S.GA'), skilled)).toBe(false);
    // A skill the agent lacks never matches, even "at most".
    expect(agentServes(parseTarget('French<=3@S.GA'), skilled)).toBe(false);
    expect(agentServes(parseTarget(''), skilled)).toBe(true);
  });
});
