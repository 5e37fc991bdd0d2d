/**
 * The shard count the code gives each sharded key family, for the heat model: the families are
 * named as the meter names keys (`table[/index] <prefix>#`).
 */
import { SERVICE_SHARDS } from '../functions/adapters/dynamodb/callback-index-layout.js';
import { TICK_INDEX_SHARDS } from '../functions/adapters/dynamodb/callback-index-shards.js';
import { METRIC_SHARDS } from '../functions/adapters/dynamodb/metrics-store.js';
import { ROUTING_SHARDS } from '../functions/adapters/dynamodb/routing-store.js';
import type { ShardCounts } from './write-heat.js';

const FAMILIES: readonly [RegExp, number][] = [
  [/^callbacks\/(due|expiry) /, TICK_INDEX_SHARDS],
  [/^callbacks\/byServiceShard /, SERVICE_SHARDS],
  [/^metrics /, METRIC_SHARDS],
  [/^routing\/deadline /, ROUTING_SHARDS.deadlineIndex],
  [/^routing (wait|qcount)#/, ROUTING_SHARDS.queue],
  [/^routing ready#any#$/, ROUTING_SHARDS.anyReady],
  [/^routing ready#/, ROUTING_SHARDS.ready],
  [/^routing handle#/, ROUTING_SHARDS.handleTimes],
];

export const codeShardCounts: ShardCounts = (family) => FAMILIES.find(([re]) => re.test(family))?.[1];
