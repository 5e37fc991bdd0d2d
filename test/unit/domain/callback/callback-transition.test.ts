import { describe, expect, it } from 'vitest';
import {
  CALLBACK_STATES,
  type CallbackRecord,
  type CallbackState,
  type Guard,
} from '../../../../functions/domain/callback/callback-record.js';
import { IllegalTransitionError } from '../../../../functions/domain/callback/callback-errors.js';
import {
  amend,
  created,
  transition,
  type ChangeOptions,
} from '../../../../functions/domain/callback/callback-transition.js';
import { ConflictError } from '../../../../functions/domain/errors.js';
import { callbackRecord } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');
const LATER = NOW + 60_000;

/** The lifecycle as GMS describes it (docs/ARCHITECTURE.md): every other move is refused. */
const LEGAL: [CallbackState, CallbackState][] = [
  ['SCHEDULED', 'QUEUED'],
  ['SCHEDULED', 'SCHEDULED'],
  ['SCHEDULED', 'COMPLETED'],
  ['QUEUED', 'ROUTING'],
  ['QUEUED', 'SCHEDULED'],
  ['QUEUED', 'COMPLETED'],
  ['ROUTING', 'PROCESSING'],
  ['ROUTING', 'QUEUED'],
  ['ROUTING', 'COMPLETED'],
  ['PROCESSING', 'COMPLETED'],
];
const isLegal = (from: CallbackState, to: CallbackState) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = CALLBACK_STATES.flatMap((from) => CALLBACK_STATES.map((to) => [from, to] as const));

const bucket: Guard = { key: 'bucket#cb#old', kind: 'bucket', limit: 5, releasable: true };
const queuedGuard: Guard = { key: 'queued#cb', kind: 'queued', limit: 9, releasable: true };
const throttle: Guard = { key: 'throttle#cb#5115', kind: 'throttle', limit: 3, releasable: false };

function record(state: CallbackState, over: Partial<CallbackRecord> = {}): CallbackRecord {
  return callbackRecord({
    id: 'cb-1',
    service: 'cb',
    state,
    ...(state === 'COMPLETED' ? { reason: 'CANCELLED' as const } : {}),
    ...(state === 'ROUTING' || state === 'PROCESSING' ? { agentId: 'a1' } : {}),
    guards: [
      { key: bucket.key, kind: 'bucket' },
      { key: queuedGuard.key, kind: 'queued' },
    ],
    desiredTime: NOW - 1000,
    expiresAt: NOW + 86_400_000,
    createdAt: NOW - 1000,
    updatedAt: NOW - 1000,
    version: 3,
    ...over,
  });
}

/** A change that each target state may take, with the options the flows give it. */
function optionsFor(from: CallbackRecord, to: CallbackState): ChangeOptions {
  switch (to) {
    case 'COMPLETED':
      return { now: NOW, reason: 'FAIL_TIMEOUT_TTL', release: from.guards };
    case 'SCHEDULED':
      return { now: NOW, set: { desiredTime: LATER, scheduled: true } };
    case 'QUEUED':
      return { now: NOW, set: { queuedAt: NOW }, clearAgent: true };
    case 'ROUTING':
      return { now: NOW, set: { agentId: 'a2' } };
    default:
      return { now: NOW };
  }
}

describe('transition', () => {
  it.each(LEGAL)('%s -> %s: the change, the record the write leaves and its event', (from, to) => {
    const before = record(from);
    const read = structuredClone(before);
    const { change, next, events } = transition(before, to, optionsFor(before, to));
    expect(change.state).toBe(to);
    expect(next).toMatchObject({ state: to, version: 4, updatedAt: NOW });
    expect(next.id).toBe(before.id);
    expect(events).toEqual([{ before, after: next }]);
    // Pure: the record read is left as it was.
    expect(before).toEqual(read);
  });

  it.each(ALL_PAIRS.filter(([f, t]) => !isLegal(f, t)))('%s -> %s is refused as a conflict', (from, to) => {
    const before = record(from);
    const attempt = () => transition(before, to, optionsFor(before, to));
    expect(attempt).toThrow(IllegalTransitionError);
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(`Callback cb-1 is ${from}`);
  });

  it('completes only with a reason, and only a completion has one', () => {
    expect(() => transition(record('QUEUED'), 'COMPLETED', { now: NOW })).toThrow(/needs a reason/);
    expect(() => transition(record('SCHEDULED'), 'QUEUED', { now: NOW, reason: 'CANCELLED' })).toThrow(
      /Only a completion has a reason/,
    );
  });

  it('writes the reason, clears the agent and moves the guard list as the store does', () => {
    const before = record('ROUTING', { dialAttempts: 1 });
    const { change, next } = transition(before, 'COMPLETED', {
      now: NOW,
      reason: 'AGENT_PREVIEW_CANCEL_AFTER_2REJECTS',
      release: before.guards,
    });
    expect(change).toEqual({
      state: 'COMPLETED',
      reason: 'AGENT_PREVIEW_CANCEL_AFTER_2REJECTS',
      release: before.guards,
    });
    expect(next).toMatchObject({ reason: 'AGENT_PREVIEW_CANCEL_AFTER_2REJECTS', guards: [], agentId: 'a1' });
  });

  it('leaves empty guard moves out of the change (no transaction for nothing)', () => {
    const { change } = transition(record('QUEUED'), 'COMPLETED', {
      now: NOW,
      reason: 'CANCELLED',
      release: [],
    });
    expect(change).toEqual({ state: 'COMPLETED', reason: 'CANCELLED' });
  });

  it('marks the router-only moves as status-only events', () => {
    const { events } = transition(record('QUEUED'), 'ROUTING', {
      now: NOW,
      set: { agentId: 'a2' },
      statusOnly: true,
    });
    expect(events[0]!.statusOnly).toBe(true);
    expect(events[0]!.after).toMatchObject({ state: 'ROUTING', agentId: 'a2' });
  });

  it('`next` is the record the store writes and returns', async () => {
    const cases: [CallbackRecord, CallbackState, ChangeOptions][] = [
      [record('SCHEDULED'), 'QUEUED', { now: NOW, set: { queuedAt: NOW } }],
      [
        record('QUEUED'),
        'SCHEDULED',
        {
          now: NOW,
          set: { desiredTime: LATER, scheduled: true, properties: { note: 'b' }, expiresAt: LATER + 5 },
          release: [
            { key: bucket.key, kind: 'bucket' },
            { key: queuedGuard.key, kind: 'queued' },
          ],
          take: [{ ...bucket, key: 'bucket#cb#new' }, throttle],
        },
      ],
      [
        record('ROUTING', { dialAttempts: 1 }),
        'QUEUED',
        { now: NOW, clearAgent: true, set: { dialAttempts: 2 } },
      ],
      [record('ROUTING'), 'PROCESSING', { now: NOW }],
      [
        record('PROCESSING'),
        'COMPLETED',
        { now: NOW, reason: 'AGENT_CONNECTED', release: record('PROCESSING').guards },
      ],
    ];
    for (const [before, to, options] of cases) {
      const store = new InMemoryCallbackStore();
      store.records.set(before.id, structuredClone(before));
      const moved = transition(before, to, options);
      const result = await store.update(before.id, before.version, moved.change, options.now);
      expect(result).toEqual({ ok: true, record: moved.next });
    }
  });
});

describe('amend', () => {
  it('changes what it sets and keeps the state (no state in the change)', () => {
    for (const state of ['SCHEDULED', 'QUEUED', 'ROUTING', 'PROCESSING'] as const) {
      const before = record(state);
      const { change, next, events } = amend(before, { now: NOW, set: { properties: { note: 'b' } } });
      expect(change).toEqual({ set: { properties: { note: 'b' } } });
      expect(next).toEqual({ ...before, properties: { note: 'b' }, version: 4, updatedAt: NOW });
      expect(events).toEqual([{ before, after: next }]);
    }
  });

  it('removes a customer number set empty, as the store does', () => {
    const { next } = amend(record('QUEUED'), { now: NOW, set: { customerNumber: '' } });
    expect(next).not.toHaveProperty('customerNumber');
  });

  it('refuses a COMPLETED callback', () => {
    expect(() => amend(record('COMPLETED'), { now: NOW, set: { properties: {} } })).toThrow(
      IllegalTransitionError,
    );
  });
});

describe('created', () => {
  it('is one event without a record before, for a callback created SCHEDULED or QUEUED', () => {
    for (const state of ['SCHEDULED', 'QUEUED'] as const) {
      const r = record(state, { version: 1 });
      expect(created(r)).toEqual([{ after: r }]);
    }
  });

  it('refuses any other first state', () => {
    for (const state of ['ROUTING', 'PROCESSING', 'COMPLETED'] as const) {
      expect(() => created(record(state))).toThrow(/created SCHEDULED or QUEUED/);
    }
  });
});
