import { describe, expect, it } from 'vitest';
import {
  callbackIndexesAtStep,
  FINAL_UPGRADE_STEP,
  serviceShardOf,
  SERVICE_SHARDS,
} from '../../../../functions/adapters/dynamodb/callback-index-layout.js';
import { TABLES } from '../../../../functions/adapters/dynamodb/table-definitions.js';

const final = TABLES.find((t) => t.id === 'callbacks')!.globalIndexes;
const names = (step: number) =>
  callbackIndexesAtStep(final, step)
    .map((i) => i.name)
    .sort();

describe('callbacks index upgrade steps', () => {
  it('starts from the deployed layout and ends at the final one', () => {
    expect(names(0)).toEqual(['byCustomer', 'byService', 'due', 'expiry']);
    expect(callbackIndexesAtStep(final, FINAL_UPGRADE_STEP)).toEqual(expect.arrayContaining([...final]));
    expect(names(FINAL_UPGRADE_STEP)).toEqual(final.map((i) => i.name).sort());
  });

  it('moves one index per step, byService last', () => {
    for (let step = 1; step <= FINAL_UPGRADE_STEP; step++) {
      const before = new Set(names(step - 1));
      const after = new Set(names(step));
      const changed = [...before]
        .filter((n) => !after.has(n))
        .concat([...after].filter((n) => !before.has(n)));
      expect(changed, `step ${step}`).toHaveLength(1);
    }
    expect(names(FINAL_UPGRADE_STEP - 1)).toContain('byService');
    expect(names(FINAL_UPGRADE_STEP - 1)).toContain('byServiceShard');
  });

  it('refuses steps outside 0..final', () => {
    expect(() => callbackIndexesAtStep(final, -1)).toThrow(RangeError);
    expect(() => callbackIndexesAtStep(final, FINAL_UPGRADE_STEP + 1)).toThrow(RangeError);
    expect(() => callbackIndexesAtStep(final, 1.5)).toThrow(RangeError);
  });
});

describe('serviceShardOf', () => {
  it('puts a callback on one of the service’s shards, always the same, and spreads a service’s callbacks', () => {
    expect(serviceShardOf('svc', 'id-1')).toBe(serviceShardOf('svc', 'id-1'));
    const used = new Set(Array.from({ length: 1000 }, (_, i) => serviceShardOf('svc', `id-${i}`)));
    expect(used.size).toBe(SERVICE_SHARDS);
    for (const key of used) expect(key).toMatch(new RegExp(`^svc#([0-9]|1[0-5])$`));
  });
});
