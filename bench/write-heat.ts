/**
 * The heat figure: which partition key takes the most write units per lifecycle, and how many
 * lifecycles a second that allows before the key reaches DynamoDB's per-partition limit.
 *
 * Input: write units by partition key (`CapacityTotals.keyWriteUnits`) measured over lifecycles of
 * two services of the same kind run side by side. A key written during both services' runs is
 * shared by services (it takes the traffic of all of them); a key written by one only belongs to
 * that service. Keys of a sharded family (`<prefix>#<n>`, n < 1,000) count as one family whose
 * load is spread evenly over its shards (family units / shard count: the count the code gives the
 * family when the caller knows it, else the highest shard seen + 1): a handful of lifecycles cannot
 * show the spread a million would.
 */
export const PARTITION_WCU_PER_SECOND = 1_000;

export interface KeyLoad {
  /** `table <pk>` or `table/index <pk>`; a family as `<prefix>#*`. */
  key: string;
  /** Write units on the key (one shard of a family) per lifecycle. */
  perLifecycle: number;
  shared: boolean;
  shards: number;
}

export interface HeatFigure {
  hottest: KeyLoad;
  /** The hottest key written only by one service, and the hottest shared one. */
  hottestPerService?: KeyLoad;
  hottestShared?: KeyLoad;
  /** Lifecycles a second one service can run before its hottest key reaches the limit. */
  perServiceCeiling: number;
  /** Lifecycles a second across `services` services (shared keys take all of them). */
  acrossCeiling: number;
  services: number;
  /** Every key and family, hottest first. */
  loads: KeyLoad[];
}

const SHARD = /^(.*#)(\d{1,3})$/;

/**
 * How many shards the code gives a family (`table[/index] <prefix>#`), when known: a few lifecycles
 * touch only some of them, while the ids of a million spread evenly over all (`shardOf`).
 */
export type ShardCounts = (family: string) => number | undefined;

function families(
  units: Record<string, number>,
  shardCount: ShardCounts,
): Map<string, { units: number; shards: number }> {
  const out = new Map<string, { units: number; shards: number }>();
  for (const [key, u] of Object.entries(units)) {
    if (u <= 0) continue;
    const m = SHARD.exec(key);
    const name = m ? `${m[1]}*` : key;
    const shard = m ? Math.max(Number(m[2]) + 1, shardCount(m[1]!) ?? 0) : 1;
    const f = out.get(name) ?? { units: 0, shards: 1 };
    f.units += u;
    f.shards = Math.max(f.shards, shard);
    out.set(name, f);
  }
  return out;
}

export function writeHeat(
  runs: { keyWriteUnits: Record<string, number>; lifecycles: number }[],
  services = 100,
  /** Keys the heat rule exempts (per-service guard counters that keep configured limits exact). */
  exempt: (key: string) => boolean = () => false,
  shardCount: ShardCounts = () => undefined,
): HeatFigure | undefined {
  const perRun = runs.map((r) =>
    families(Object.fromEntries(Object.entries(r.keyWriteUnits).filter(([k]) => !exempt(k))), shardCount),
  );
  const lifecycles = runs.reduce((a, r) => a + r.lifecycles, 0);
  const names = new Set(perRun.flatMap((f) => [...f.keys()]));
  const loads: KeyLoad[] = [];
  for (const key of names) {
    const seen = perRun.filter((f) => f.has(key));
    const units = seen.reduce((a, f) => a + f.get(key)!.units, 0);
    const shards = Math.max(...seen.map((f) => f.get(key)!.shards));
    const shared = seen.length > 1;
    // A service's own key carries only the lifecycles of the run(s) that wrote it.
    const carried = shared
      ? lifecycles
      : runs.filter((_, i) => perRun[i]!.has(key)).reduce((a, r) => a + r.lifecycles, 0);
    loads.push({ key, perLifecycle: units / carried / shards, shared, shards });
  }
  if (loads.length === 0) return undefined;
  loads.sort((a, b) => b.perLifecycle - a.perLifecycle);
  const hottestPerService = loads.find((l) => !l.shared);
  const hottestShared = loads.find((l) => l.shared);
  const perServiceCeiling = PARTITION_WCU_PER_SECOND / loads[0]!.perLifecycle;
  const acrossCeiling = Math.min(
    hottestShared ? PARTITION_WCU_PER_SECOND / hottestShared.perLifecycle : Infinity,
    hottestPerService ? (services * PARTITION_WCU_PER_SECOND) / hottestPerService.perLifecycle : Infinity,
  );
  return {
    hottest: loads[0]!,
    hottestPerService,
    hottestShared,
    perServiceCeiling,
    acrossCeiling,
    services,
    loads,
  };
}
