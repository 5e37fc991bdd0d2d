import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../../../functions/domain/routing/agent.js';
import { parseTarget } from '../../../../functions/domain/routing/routing-target.js';
import {
  compareEntries,
  entriesFor,
  joiningPlace,
  orderKey,
  queueKeyOf,
  ticketPlace,
  readyAgentsFor,
  type WaitingEntry,
} from '../../../../functions/domain/routing/waiting-queue.js';

const T0 = Date.parse('2026-11-23T12:00:00Z');

const entry = (callbackId: string, over: Partial<WaitingEntry> = {}): WaitingEntry => ({
  callbackId,
  service: 'cb',
  priority: 0,
  queuedAt: T0,
  rejects: 0,
  deadline: T0 + 3_600_000,
  ...over,
});

const agent = (id: string, over: Partial<AgentRecord> = {}): AgentRecord => ({
  id,
  name: id,
  state: 'READY',
  groups: [],
  queues: [],
  skills: {},
  stateSince: T0,
  handled: 0,
  rejects: 0,
  version: 1,
  ...over,
});

describe('waiting queue order', () => {
  it('serves higher priority first, then first queued, then by id', () => {
    const entries = [
      entry('late', { queuedAt: T0 + 2000 }),
      entry('urgent', { priority: 10, queuedAt: T0 + 5000 }),
      entry('b', { queuedAt: T0 + 1000 }),
      entry('a', { queuedAt: T0 + 1000 }),
      entry('low', { priority: -5, queuedAt: T0 }),
    ];
    expect([...entries].sort(compareEntries).map((e) => e.callbackId)).toEqual([
      'urgent',
      'a',
      'b',
      'late',
      'low',
    ]);
  });

  it('encodes the order in a string key (the store sorts by it)', () => {
    const keys = [
      entry('x', { priority: 999_999 }),
      entry('y', { priority: 0 }),
      entry('z', { priority: -999_999 }),
    ].map(orderKey);
    expect([...keys].sort()).toEqual(keys);
    // Out-of-range priorities are clamped rather than breaking the key width.
    expect(orderKey(entry('x', { priority: 5_000_000 }))).toBe(orderKey(entry('x', { priority: 999_999 })));
    expect(orderKey(entry('y', { queuedAt: T0 + 1 })) > orderKey(entry('y'))).toBe(true);
  });

  it('keeps the queue key of a virtual queue, else the target, else the default queue', () => {
    expect(queueKeyOf({ virtualQueue: 'VQ_A', target: 'G@S.GA' })).toBe('VQ_A');
    expect(queueKeyOf({ target: 'G@S.GA' })).toBe('G@S.GA');
    expect(queueKeyOf({})).toBe('default');
  });

  it('places an entry by its ticket, the departures and the higher priorities waiting', () => {
    const totals = (byPriority: Record<string, { issued: number; left: number }>) => ({
      issued: Object.values(byPriority).reduce((n, t) => n + t.issued, 0),
      left: Object.values(byPriority).reduce((n, t) => n + t.left, 0),
      byPriority,
    });
    // Tickets 1..5 issued at priority 0, 2 left: ticket 4 has one entry (ticket 3) before it.
    const fifo = totals({ '0': { issued: 5, left: 2 } });
    expect(ticketPlace({ priority: 0, ticket: 4 }, fifo)).toEqual({ position: 2, totalWaiting: 3 });
    expect(ticketPlace({ priority: 0, ticket: 3 }, fifo)).toEqual({ position: 1, totalWaiting: 3 });
    // Counters read a moment before the entry joined (its ticket is the next one): it counts itself.
    expect(ticketPlace({ priority: 0, ticket: 6 }, fifo)).toEqual({ position: 4, totalWaiting: 4 });
    // A late ticket never places the entry behind the end of the queue.
    expect(ticketPlace({ priority: 0, ticket: 9 }, fifo)).toEqual({ position: 3, totalWaiting: 3 });
    // Departures from behind (cancels) can make the estimate run past the front: never below 1.
    const cancelled = totals({ '0': { issued: 5, left: 4 } });
    expect(ticketPlace({ priority: 0, ticket: 3 }, cancelled)).toEqual({ position: 1, totalWaiting: 1 });
    // Two waiting at priority 10 come first, whenever they were queued; priority -1 comes after.
    const mixed = totals({
      '0': { issued: 5, left: 2 },
      '10': { issued: 3, left: 1 },
      '-1': { issued: 1, left: 0 },
    });
    expect(ticketPlace({ priority: 0, ticket: 4 }, mixed)).toEqual({ position: 4, totalWaiting: 6 });
    expect(ticketPlace({ priority: 10, ticket: 3 }, mixed)).toEqual({ position: 2, totalWaiting: 6 });
    expect(ticketPlace({ priority: -1, ticket: 1 }, mixed)).toEqual({ position: 6, totalWaiting: 6 });
    // Queued before tickets existed: placed last of its level.
    expect(ticketPlace({ priority: 0 }, fifo)).toEqual({ position: 3, totalWaiting: 3 });
  });

  it('offers an agent only the entries it serves, due and not expired, in order', () => {
    const entries = [
      entry('billing-2', { target: 'Billing@S.GA', queuedAt: T0 + 2 }),
      entry('sales', { target: 'Sales@S.GA', queuedAt: T0 }),
      entry('billing-1', { target: 'Billing@S.GA', queuedAt: T0 + 1 }),
      entry('backoff', { target: 'Billing@S.GA', notBefore: T0 + 10_000 }),
      entry('expired', { target: 'Billing@S.GA', deadline: T0 }),
      entry('broken', { target: 'nonsense' }),
    ];
    const a = agent('a', { groups: ['Billing'] });
    expect(entriesFor(a, entries, T0).map((e) => e.callbackId)).toEqual(['billing-1', 'billing-2']);
    expect(entriesFor(a, entries, T0 + 10_000).map((e) => e.callbackId)).toEqual([
      'backoff',
      'billing-1',
      'billing-2',
    ]);
  });

  it('picks the READY agent waiting longest', () => {
    const agents = [
      agent('new', { stateSince: T0 + 500, groups: ['G'] }),
      agent('old', { stateSince: T0, groups: ['G'] }),
      agent('busy', { state: 'BUSY', stateSince: T0 - 1000, groups: ['G'] }),
      agent('other', { stateSince: T0 - 1000, groups: ['H'] }),
    ];
    expect(readyAgentsFor(parseTarget('G@S.GA'), agents).map((a) => a.id)).toEqual(['old', 'new']);
  });

  it('joiningPlace: a callback not in the queue yet is placed last of its level, counted in the total', () => {
    const none = { issued: 0, left: 0, byPriority: {} };
    expect(joiningPlace(0, none)).toEqual({ position: 1, totalWaiting: 1 });
    const mixed = {
      issued: 9,
      left: 3,
      byPriority: { '0': { issued: 5, left: 2 }, '10': { issued: 3, left: 1 }, '-1': { issued: 1, left: 0 } },
    };
    // Behind the two at priority 10 and the three at 0; the one at -1 stays behind it.
    expect(joiningPlace(0, mixed)).toEqual({ position: 6, totalWaiting: 7 });
    expect(joiningPlace(10, mixed)).toEqual({ position: 3, totalWaiting: 7 });
    expect(joiningPlace(-1, mixed)).toEqual({ position: 7, totalWaiting: 7 });
  });
});
