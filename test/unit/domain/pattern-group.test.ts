import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFoundError } from '../../../functions/domain/errors.js';
import {
  getPatternGroup,
  listPatternGroups,
  matchParameters,
  MAX_PARAMETERS,
  MAX_PATTERNS_PER_GROUP,
} from '../../../functions/domain/pattern-group.js';
import { InMemoryConfigStore } from '../../support/in-memory-config-store.js';
import { matchAllGroups, matchGroup } from '../../../functions/use-cases/patterns/match-patterns.js';
import { deletePatternGroup } from '../../../functions/use-cases/admin/delete-pattern-group.js';
import { savePatternGroup } from '../../../functions/use-cases/admin/save-pattern-group.js';
import { loadPatternEngine as loadRe2 } from '../../../functions/domain/pattern-matcher.js';

// RE2 loads on demand (functions/domain/pattern-matcher.ts); the matching below needs it loaded.
await loadRe2();

describe('matchParameters', () => {
  it('reports the matching pattern of each parameter and omits non-matching ones (conformance 15)', () => {
    expect(matchParameters({ Pattern1: '\\d{3}' }, { param1: '555', param2: 'abc', param3: '5555' })).toEqual(
      {
        param1: 'Pattern1',
      },
    );
  });

  it('returns an empty object when nothing matches', () => {
    expect(matchParameters({ Pattern1: '\\d{3}' }, { a: 'x' })).toEqual({});
    expect(matchParameters({}, { a: 'x' })).toEqual({});
  });

  it('picks the first matching pattern in code-unit name order, whatever the insertion order', () => {
    const patterns = { p2: '5.*', P10: '55.*', p1: '555.*', zz: '.*' };
    expect(matchParameters(patterns, { n: '5551234' })).toEqual({ n: 'P10' });
    expect(matchParameters({ zz: '.*', p1: '555.*' }, { n: '5551234' })).toEqual({ n: 'p1' });
  });

  it('reports a parameter named __proto__ like any other', () => {
    const params = Object.fromEntries([['__proto__', '555']]);
    const out = matchParameters({ P: '\\d+' }, params);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(JSON.stringify(out)).toBe('{"__proto__":"P"}');
  });

  it('rejects too many parameters', () => {
    const params = Object.fromEntries(Array.from({ length: MAX_PARAMETERS + 1 }, (_, i) => [`p${i}`, 'x']));
    expect(() => matchParameters({ P: 'x' }, params)).toThrow(InvalidParameterError);
  });
});

describe('pattern group use cases', () => {
  it('saves a valid group and reads it back', async () => {
    const config = new InMemoryConfigStore();
    const entry = await savePatternGroup({ config }, 'g1', { Pattern1: '\\d{3}' });
    expect(entry.options).toEqual({ Pattern1: '\\d{3}' });
    expect((await getPatternGroup({ config }, 'g1')).options).toEqual({ Pattern1: '\\d{3}' });
    expect(await matchGroup({ config }, 'g1', { param1: '555' })).toEqual({ param1: 'Pattern1' });
  });

  it('refuses a group with an invalid pattern, naming it, and stores nothing', async () => {
    const config = new InMemoryConfigStore();
    await expect(savePatternGroup({ config }, 'g1', { ok: 'a', Broken: '(a)\\1' })).rejects.toMatchObject({
      parameter: 'Broken',
    });
    expect(config.entries.size).toBe(0);
  });

  it('refuses a group with too many patterns', async () => {
    const config = new InMemoryConfigStore();
    const many = Object.fromEntries(
      Array.from({ length: MAX_PATTERNS_PER_GROUP + 1 }, (_, i) => [`p${i}`, 'x']),
    );
    await expect(savePatternGroup({ config }, 'big', many)).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('answers NotFoundError for an unknown group on get, match and delete', async () => {
    const config = new InMemoryConfigStore();
    await expect(getPatternGroup({ config }, 'nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(matchGroup({ config }, 'nope', { a: '1' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deletePatternGroup({ config }, 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists groups in name order as {name, patterns}', async () => {
    const config = new InMemoryConfigStore();
    await savePatternGroup({ config }, 'b', { B: 'b' });
    await savePatternGroup({ config }, 'a', { A: 'a' });
    expect(await listPatternGroups({ config })).toEqual([
      { name: 'a', patterns: { A: 'a' } },
      { name: 'b', patterns: { B: 'b' } },
    ]);
  });

  it('matches the general list: first group in name order that has a matching pattern wins', async () => {
    const config = new InMemoryConfigStore();
    await savePatternGroup({ config }, 'zeta', { Z_digits: '\\d+', Z_word: '[a-z]+' });
    await savePatternGroup({ config }, 'alpha', { A_three: '\\d{3}' });
    expect(await matchAllGroups({ config }, { x: '555', y: '5555', w: 'hello', n: '!' })).toEqual({
      x: 'A_three',
      y: 'Z_digits',
      w: 'Z_word',
    });
  });

  it('matches nothing when there are no groups', async () => {
    expect(await matchAllGroups({ config: new InMemoryConfigStore() }, { x: '1' })).toEqual({});
  });
});
