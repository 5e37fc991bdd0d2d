/**
 * Partitions of a sharded index the tick's sweeps query at once (the routing table's `deadline`
 * index: 64 per family; the callbacks' `due` and `expiry` indexes: 33). Reading them all at once
 * put up to a few hundred Queries in flight at every tick: locally they queue in DynamoDB Local
 * and the one event loop in front of the requests served meanwhile (an agent READY waiting for its
 * push met one at p99), and in AWS they take the table's burst at once. At 8 a tick's read of a
 * family takes a few round trips instead of one, well within its minute.
 */
export const SWEEP_READ_CONCURRENCY = 8;
