import { describe, expect, it } from 'vitest';
import { writeHeat } from '../../../bench/write-heat.js';

describe('the heat figure: hottest partition key and the modelled ceilings', () => {
  it('a key every service writes takes the traffic of all of them', () => {
    const heat = writeHeat([
      { lifecycles: 5, keyWriteUnits: { 'callbacks/due due': 10, 'routing agent#a': 5 } },
      { lifecycles: 5, keyWriteUnits: { 'callbacks/due due': 10, 'routing agent#b': 5 } },
    ])!;
    // 2 WCU per lifecycle on `due`, shared: 500/s for one service, and 500/s across all of them.
    expect(heat.hottest).toMatchObject({ key: 'callbacks/due due', shared: true, perLifecycle: 2 });
    expect(heat.perServiceCeiling).toBe(500);
    expect(heat.acrossCeiling).toBe(500);
    expect(heat.hottestPerService).toMatchObject({ key: 'routing agent#a', perLifecycle: 1 });
  });

  it('a sharded family counts per shard; per-service keys scale with the number of services', () => {
    const heat = writeHeat(
      [
        { lifecycles: 4, keyWriteUnits: { 'metrics callback#a#0': 8, 'metrics callback#a#15': 4 } },
        { lifecycles: 4, keyWriteUnits: { 'metrics callback#b#3': 12 } },
      ],
      100,
    )!;
    // Each service: 12 units over 4 lifecycles spread over 16 shards = 0.1875 per lifecycle per shard.
    expect(heat.loads.map((l) => [l.key, l.shards, l.shared])).toEqual([
      ['metrics callback#b#*', 4, false],
      ['metrics callback#a#*', 16, false],
    ]);
    const a = heat.loads.find((l) => l.key === 'metrics callback#a#*')!;
    expect(a.perLifecycle).toBeCloseTo(12 / 4 / 16);
    // b's highest shard seen is 3: assumed 4 shards (the conservative reading of a small sample).
    expect(heat.hottest).toMatchObject({ key: 'metrics callback#b#*', perLifecycle: 12 / 4 / 4 });
    expect(heat.perServiceCeiling).toBeCloseTo(1000 / 0.75);
    expect(heat.acrossCeiling).toBeCloseTo((100 * 1000) / 0.75);
    expect(heat.hottestShared).toBeUndefined();
  });

  it('a family the code shards N ways is spread over N, however few of them a small sample touched', () => {
    const runs = [{ lifecycles: 4, keyWriteUnits: { 'callbacks/due due#3': 8, 'metrics callback#b#3': 4 } }];
    const heat = writeHeat(
      runs,
      100,
      () => false,
      (family) => (family === 'callbacks/due due#' ? 32 : undefined),
    )!;
    expect(heat.loads.find((l) => l.key === 'callbacks/due due#*')).toMatchObject({
      shards: 32,
      perLifecycle: 2 / 32,
    });
    // Unknown to the caller: the highest shard seen + 1, as before.
    expect(heat.loads.find((l) => l.key === 'metrics callback#b#*')).toMatchObject({ shards: 4 });
  });

  it('long numeric suffixes (customer numbers) are keys, not shards', () => {
    const heat = writeHeat([{ lifecycles: 1, keyWriteUnits: { 'callbacks guard#number#5558000001': 2 } }])!;
    expect(heat.hottest).toMatchObject({ key: 'callbacks guard#number#5558000001', shards: 1 });
  });

  it('leaves out the keys the rule exempts (per-service guard counters)', () => {
    const heat = writeHeat(
      [
        {
          lifecycles: 2,
          keyWriteUnits: { 'callbacks bucket#a#10:00': 8, 'callbacks cb#x1': 2, 'callbacks cb#x2': 2 },
        },
      ],
      100,
      (k) => k.startsWith('callbacks bucket#'),
    )!;
    expect(heat.hottest).toMatchObject({ key: 'callbacks cb#x1', perLifecycle: 1 });
    expect(heat.loads.map((l) => l.key)).not.toContain('callbacks bucket#a#10:00');
  });
});
