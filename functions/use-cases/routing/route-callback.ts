import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import { reservation, transition } from '../../domain/callback/callback-transition.js';
import { hold, setAvailability, type AgentRecord } from '../../domain/routing/agent.js';
import {
  phaseDeadline,
  planReservation,
  queuesOnCallArrival,
  type ReservationPlan,
} from '../../domain/routing/routing-plan.js';
import type { QueuedCallback } from '../../domain/routing/queued-callback.js';
import { copyOf, type ReservableCopy } from '../../domain/routing/reservable-copy.js';
import { agentServes, parseTarget, type RoutingTarget } from '../../domain/routing/routing-target.js';
import { entriesFor, offerable, type WaitingEntry } from '../../domain/routing/waiting-queue.js';
import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { PushRecipients } from '../../ports/push.js';
import type { PendingPush } from '../../ports/routing.js';
import { agentAvailablePush, forgetPosted, lookAhead, postAgentAvailable } from './agent-available-push.js';
import { dialCustomer, nextDialAttempt, type DialFlowPorts } from './dial-flow.js';
import { completeCallback, entryFor, serviceRouting, type ServiceRouting } from './routing-context.js';

/** READY agents tried per routing step: a bounded read of the target's READY set. */
const READY_CANDIDATES = 5;
/**
 * Entries read per shard of each queue an agent serves: the merged heads are exactly the first
 * entries of the queue (any of the first N is among its shard's first N), and more candidates.
 */
export const HEAD_ENTRIES = 2;

/** Routing a callback to an agent: the reservation, then the push to the customer or the dial. */
export type RouteCallbackPorts = DialFlowPorts & Pick<Ports, 'push' | 'ids'>;

/**
 * The heads of the queues a READY agent serves (found through the registry of active queues and
 * their targets): what it could take, whatever the queue lengths. An entry deeper than the head
 * of a queue that mixes targets (a virtual queue) waits for its own routing step or the sweep.
 * Only the shards the queue's counters call occupied are queried: a READY meeting a short or
 * empty queue costs one batched read instead of a Query per shard (the sweep queries them all).
 */
export async function waitingFor(deps: Pick<Ports, 'routing'>, agent: AgentRecord): Promise<WaitingEntry[]> {
  const keys = new Set<string>();
  for (const q of await deps.routing.activeQueues()) {
    try {
      if (agentServes(parseTarget(q.target), agent)) keys.add(q.queueKey);
    } catch {
      // An unparseable target is never served: routing fails its callbacks.
    }
  }
  const heads = await Promise.all(
    [...keys].map((k) => deps.routing.waitingHead(k, HEAD_ENTRIES, { onlyOccupiedShards: true })),
  );
  return heads.flat();
}

/** Entries of callbacks that can no longer be routed (cancelled, rescheduled, gone). */
export const isStale = (record: CallbackRecord | undefined) =>
  !record || record.state === 'COMPLETED' || record.state === 'SCHEDULED';

/**
 * The callback a reservation takes: the record as read, or its waiting entry's copy (`id`, `copy`),
 * read only after the push (for the reservation's events).
 */
type Taken = { record: CallbackRecord } | { id: string; copy: ReservableCopy };

/**
 * Reserves `agent` for the QUEUED callback `taken` in one transaction (with the push it owes the
 * customer, kept pending until posted; its recipients are looked up while the transaction runs),
 * then starts what the scenario does next (push to the customer, dial) before the follow-up work
 * nobody waits for (the pending push forgotten, the status notification of the change, the READY
 * set tidied). False when the agent or the callback moved first (or the copy was stale).
 */
async function reserve(
  deps: RouteCallbackPorts,
  taken: Taken,
  agent: AgentRecord,
  entry: WaitingEntry,
  routing: ServiceRouting,
  /** The agent as stored, when not `agent` itself (NOT_READY: see `reserveOnReady`). */
  from: AgentRecord = agent,
): Promise<boolean> {
  const now = deps.clock.now();
  const record = 'record' in taken ? taken.record : undefined;
  const callback =
    'record' in taken ? { id: taken.record.id, ...copyOf(taken.record) } : { id: taken.id, ...taken.copy };
  const plan = planReservation(callback.scenario, routing.options);
  if (plan.dialNow && !record)
    throw new Error(`Callback ${callback.id}: a reservation that dials reads it first.`);
  const reserved = hold(agent, callback.id, plan.phase, now, {
    deadline: phaseDeadline(plan.phase, callback.scenario, routing.options, now),
    offerRejects: entry.rejects,
    ...(plan.dialNow ? { attempt: nextDialAttempt(record!) } : {}),
  });
  const routed = record
    ? transition(record, 'ROUTING', { now, set: { agentId: agent.id }, statusOnly: true })
    : undefined;
  const fromCopy = record ? undefined : reservation(agent.id, callback.version, now);
  const push = plan.notifyCustomer
    ? agentAvailablePush(deps, callback.id, callback, reserved, routing.raw, now)
    : undefined;
  const reservationOf = {
    agent: reserved,
    from,
    callbackId: callback.id,
    callbackVersion: callback.version,
    change: routed?.change ?? fromCopy!.change,
    entry,
    now,
    ...(push ? { push } : {}),
  };
  const recipients = push ? lookAhead(deps, push) : undefined;
  if (!(await deps.routing.reserve(reservationOf))) return false;
  const posted = await afterReservation(deps, routed?.next, reserved, plan, push, recipients);
  logger.info('Agent reserved', { callbackId: callback.id, agentId: agent.id, phase: plan.phase });
  await Promise.all([
    posted && push ? forgetPosted(deps, push) : undefined,
    routed ? deps.callbackEvents.publish(routed.events) : publishFromCopy(deps, callback.id, fromCopy!),
    deps.routing.tidyReservation(reservationOf),
  ]);
  return true;
}

/**
 * The events of a reservation made from a copy, once the push is out: the callback read now (a
 * strongly consistent read) is the record the reservation left, unless it moved on since (its
 * own change reports it then). Never throws: the reservation stands whatever happens here, as a
 * status notification that fails to send does not undo the change it reports.
 */
async function publishFromCopy(
  deps: RouteCallbackPorts,
  id: string,
  made: ReturnType<typeof reservation>,
): Promise<void> {
  try {
    const after = await deps.callbacks.get(id);
    const routed = after ? made.of(after) : undefined;
    if (routed) await deps.callbackEvents.publish(routed.events);
    else logger.info('Callback moved on before its reservation was reported', { callbackId: id });
  } catch (e) {
    logger.error('Reading a reserved callback for its status notification failed', {
      callbackId: id,
      error: e as Error,
    });
  }
}

/**
 * Side effects of a reservation. A failure here is logged, not thrown: the reservation stands, a
 * push not posted stays pending (the tick posts it), and the agent's phase deadline lets the tick
 * recover the rest (redial, or give the callback back). True when the push was posted.
 */
async function afterReservation(
  deps: RouteCallbackPorts,
  /** The callback as the reservation left it; read whenever the plan dials. */
  record: CallbackRecord | undefined,
  agent: AgentRecord,
  plan: ReservationPlan,
  push: PendingPush | undefined,
  recipients: Promise<PushRecipients> | undefined,
): Promise<boolean> {
  const posted = push ? await postAgentAvailable(deps, push, recipients) : false;
  if (plan.dialNow && record) {
    try {
      await dialCustomer(deps, record, agent, agent.attempt ?? nextDialAttempt(record));
    } catch (e) {
      logger.error('Dial request failed; the tick retries it', { callbackId: record.id, error: e as Error });
    }
  }
  return posted;
}

/**
 * Puts a QUEUED callback in the waiting queue (once) and offers it to the READY agent that has
 * waited longest among those serving its target. A user-originated immediate callback is queued
 * only when its call arrived (`callArrived`). Safe to repeat: every step re-reads state, or writes
 * only under a condition on what it assumed. True when it reserved an agent.
 *
 * `known`: the callback as the sender of the message (or this invocation) wrote it QUEUED. Its
 * entry is then added unless the callback ever had one, with no read of the record or of an entry
 * first, and the record is read once, after that. When it had one (a duplicate message, the
 * callback routed since), the callback is routed from its stored state as without a copy.
 */
export async function routeCallback(
  deps: RouteCallbackPorts,
  id: string,
  opts: { callArrived?: boolean; known?: QueuedCallback } = {},
): Promise<boolean> {
  if (opts.known && !opts.callArrived) {
    const joined = await joinKnown(deps, opts.known);
    // The record is read after the join (see joinKnown), alongside the READY set.
    if (joined)
      return offer(deps, id, deps.callbacks.get(id), joined.entry, joined.routing, joined.target, true);
  }
  const record = await deps.callbacks.get(id);
  if (!record || record.state !== 'QUEUED') return false;
  if (queuesOnCallArrival(record.scenario) && !opts.callArrived) return false;
  const routing = await serviceRouting(deps, record.service);
  const existing = await deps.routing.getWaiting(id);
  let target;
  try {
    target = parseTarget(record.target ?? routing.raw._target);
  } catch (e) {
    logger.warn('Callback target cannot be routed', { callbackId: id, error: e as Error });
    if (await completeCallback(deps, record, 'FAIL_TARGET_NOT_FOUND')) {
      if (existing) await deps.routing.removeWaiting(existing);
    }
    return false;
  }
  const entry = existing ?? entryFor(record, routing);
  if (!existing) await deps.routing.putWaiting(entry);
  return offer(deps, id, record, entry, routing, target, !existing);
}

/**
 * The entry of a callback known from a copy, added unless it ever had one; undefined when routing
 * must read the stored state instead (a target the router cannot parse is failed there, a
 * user-originated immediate callback waits for its call there).
 *
 * The caller reads the record after the entry is written: a copy can be older than the callback
 * (a create's message waits in the queue), and a callback cancelled meanwhile may have had its
 * `callback-ended` handled before the entry existed. Read after it, the record shows the cancel
 * and the entry goes (`offer`), or the cancel came later and its `callback-ended` finds the entry.
 */
async function joinKnown(
  deps: RouteCallbackPorts,
  known: QueuedCallback,
): Promise<{ entry: WaitingEntry; routing: ServiceRouting; target: RoutingTarget } | undefined> {
  if (known.state !== 'QUEUED' || queuesOnCallArrival(known.scenario)) return undefined;
  const routing = await serviceRouting(deps, known.service);
  let target;
  try {
    target = parseTarget(known.target ?? routing.raw._target);
  } catch {
    return undefined;
  }
  const entry = entryFor(known, routing);
  return (await deps.routing.joinWaiting(entry)) ? { entry, routing, target } : undefined;
}

/**
 * Offers the waiting `entry` to the READY agents of `target`, read after the entry was written.
 * `read`: the callback as read, or being read alongside the READY set (then a callback that left
 * meanwhile loses its entry here), or undefined (it is read once there is an agent to reserve).
 * `joined`: this step has just written the entry. The READY set is then read only when someone
 * who could serve the target is logged in (one item read instead of a query per READY shard): an
 * agent logging in later reads the queue heads after counting itself in, so it finds the entry.
 * An entry found already waiting (a redelivered message, the tick's sweep) always reads the
 * READY set, so a logged-in count that ever fell behind costs at most a wait for the sweep.
 */
async function offer(
  deps: RouteCallbackPorts,
  id: string,
  read: CallbackRecord | Promise<CallbackRecord | undefined> | undefined,
  entry: WaitingEntry,
  routing: ServiceRouting,
  target: RoutingTarget,
  joined: boolean,
): Promise<boolean> {
  const [stored, agents] = await Promise.all([
    read,
    offerable(entry, deps.clock.now())
      ? deps.routing.readyAgents(target, READY_CANDIDATES, { onlyIfServing: joined })
      : [],
  ]);
  if (read !== undefined && stored?.state !== 'QUEUED') {
    if (isStale(stored)) await deps.routing.removeWaiting(entry);
    return false;
  }
  let record = stored;
  for (const agent of agents) {
    if (!record) {
      record = await deps.callbacks.get(id);
      if (!record || record.state !== 'QUEUED') return false;
    }
    if (await reserve(deps, { record }, agent, entry, routing)) return true;
    const fresh = await deps.callbacks.get(id);
    if (!fresh || fresh.state !== 'QUEUED') return false;
    record = fresh;
  }
  return false;
}

/**
 * A READY agent takes the first waiting callback it serves, in queue order. Two agents racing
 * for one callback: the reservation transaction lets exactly one win; the other moves on to
 * the next entry.
 *
 * `known`: the agent as its caller just wrote it (READY), saving a read; the reservation is
 * conditional on that version, so a stale one only loses the race. `early`: the queue heads its
 * caller read while writing the agent READY (`waitingFor` on the profile it read). A callback that
 * joined after that read but before the agent's READY set membership was written may have missed
 * the agent (its routing read the READY set first), so when the early heads give the agent
 * nothing, the heads are read again: a READY agent always looks at the queues after it became
 * visible to them.
 */
export async function serveAgent(
  deps: RouteCallbackPorts,
  agentId: string,
  known?: AgentRecord,
  early?: Promise<WaitingEntry[] | undefined>,
): Promise<void> {
  let agent = known ?? (await deps.routing.getAgent(agentId));
  if (!agent || agent.state !== 'READY') return;
  const heads = early ? await early : undefined;
  if (heads && heads.length > 0) {
    const outcome = await serveFrom(deps, agent, heads);
    if (outcome !== 'still-ready') return;
    agent = await deps.routing.getAgent(agentId);
    if (!agent || agent.state !== 'READY') return;
  }
  await serveFrom(deps, agent, await waitingFor(deps, agent));
}

/**
 * The READY request of a NOT_READY agent (`read`, as the request just read it): when a callback it
 * serves waits at the head of its queues, the agent goes NOT_READY -> RESERVED in the reservation's
 * one transaction (conditional on the agent's version and NOT_READY state), so the READY write and
 * its READY set membership are not on the way to the customer's push. The agent is never READY in
 * between, so no other routing step can have offered it anything. False when nothing waited or
 * every try lost its race (or the agent changed meanwhile): nothing was written for the agent,
 * and the caller writes it READY and serves it from the queues read after that write, as for any
 * READY. `early`: heads read for the agent's profile before `read` (an empty read of them is
 * trusted too: whatever joined since is found by the read after the READY write).
 */
export async function reserveOnReady(
  deps: RouteCallbackPorts,
  read: AgentRecord,
  early?: Promise<WaitingEntry[] | undefined>,
): Promise<boolean> {
  if (read.state !== 'NOT_READY') return false;
  const now = deps.clock.now();
  // The agent as it would be READY, at the version read: what the reservation holds from.
  const asReady: AgentRecord = { ...setAvailability(read, read.id, 'READY', now), version: read.version };
  const heads = (early && (await early)) ?? (await waitingFor(deps, read));
  for (const entry of entriesFor(asReady, heads, now)) {
    const outcome = await reserveHead(deps, entry, asReady, read);
    if (outcome === 'reserved') return true;
    if (outcome === 'skipped') continue;
    const agent = await deps.routing.getAgent(read.id);
    if (!agent || agent.version !== read.version || agent.state !== read.state) return false;
  }
  return false;
}

/**
 * Reserves `agent` (stored as `from`) for the callback of a head entry: from the entry's copy when
 * it has one and the plan does not dial (nothing is read before the transaction: the READY path's
 * push leaves one DynamoDB round trip sooner), else from the callback as read. When the copy's
 * transaction failed, the callback read tells why: a copy gone stale is tried again from the
 * record; a callback still at the copied version means the agent (or the entry) moved, and the
 * same transaction would fail again. `skipped`: nothing to reserve there (a stale entry goes);
 * `lost`: the agent or the callback moved first.
 */
async function reserveHead(
  deps: RouteCallbackPorts,
  entry: WaitingEntry,
  agent: AgentRecord,
  from: AgentRecord = agent,
): Promise<'reserved' | 'skipped' | 'lost'> {
  const copy = entry.copy;
  let copyFailed = false;
  if (copy) {
    const routing = await serviceRouting(deps, entry.service);
    if (!planReservation(copy.scenario, routing.options).dialNow) {
      if (await reserve(deps, { id: entry.callbackId, copy }, agent, entry, routing, from)) return 'reserved';
      copyFailed = true;
    }
  }
  const candidate = await candidateOf(deps, entry);
  if (!candidate) return 'skipped';
  if (copyFailed && candidate.record.version === copy!.version) return 'lost';
  return (await reserve(deps, { record: candidate.record }, agent, entry, candidate.routing, from))
    ? 'reserved'
    : 'lost';
}

/**
 * The QUEUED callback of a head entry with its service's routing options (read together; the
 * entry names the service), or undefined when it cannot be offered (a stale entry goes).
 */
async function candidateOf(
  deps: RouteCallbackPorts,
  entry: WaitingEntry,
): Promise<{ record: CallbackRecord; routing: ServiceRouting } | undefined> {
  const [record, entryRouting] = await Promise.all([
    deps.callbacks.get(entry.callbackId),
    serviceRouting(deps, entry.service),
  ]);
  if (isStale(record)) {
    await deps.routing.removeWaiting(entry);
    return undefined;
  }
  if (record!.state !== 'QUEUED') return undefined;
  const routing =
    record!.service === entry.service ? entryRouting : await serviceRouting(deps, record!.service);
  return { record: record!, routing };
}

/** Tries `heads` in serving order: reserved, the agent no longer READY, or still READY. */
async function serveFrom(
  deps: RouteCallbackPorts,
  from: AgentRecord,
  heads: readonly WaitingEntry[],
): Promise<'reserved' | 'gone' | 'still-ready'> {
  let agent: AgentRecord | undefined = from;
  const agentId = from.id;
  const candidates = entriesFor(agent, heads, deps.clock.now());
  for (const entry of candidates) {
    const outcome = await reserveHead(deps, entry, agent);
    if (outcome === 'reserved') return 'reserved';
    if (outcome === 'skipped') continue;
    agent = await deps.routing.getAgent(agentId);
    if (!agent || agent.state !== 'READY') return 'gone';
  }
  return 'still-ready';
}
