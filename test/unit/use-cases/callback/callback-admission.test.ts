import { beforeEach, describe, expect, it } from 'vitest';
import {
  admitCallback,
  applyPropertyUpdates,
  availabilitySlots,
  loadRuleResources,
  rescheduleCallback,
} from '../../../../functions/use-cases/callback/callback-admission.js';
import {
  CallbackAvailabilityError,
  CallbackDuplicateError,
  CallbackResourceError,
  CallbackServiceUnavailableError,
} from '../../../../functions/domain/callback/callback-errors.js';
import type { CallbackRecord } from '../../../../functions/domain/callback/callback-record.js';
import type { CallbackRuleContext } from '../../../../functions/domain/callback/callback-options.js';
import { ConflictError, InvalidParameterError } from '../../../../functions/domain/errors.js';
import { parseOfficeHours } from '../../../../functions/domain/office-hours.js';
import { mapError } from '../../../../functions/http/error-response.js';
import type { CallbackEvent } from '../../../../functions/domain/callback/callback-event.js';
import type { CallbackEvents } from '../../../../functions/ports/callback-events.js';
import { InMemoryConfigStore } from '../../../support/in-memory-config-store.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';

const t = (iso: string) => Date.parse(iso);
const NOW = t('2026-11-23T12:00:00Z'); // Monday
const DAY = 86_400_000;

let store: InMemoryCallbackStore;
let ports: { callbacks: InMemoryCallbackStore; callbackEvents: CallbackEvents };
/** What the flows published after their writes. */
let published: CallbackEvent[];
let seq = 0;

beforeEach(() => {
  store = new InMemoryCallbackStore();
  published = [];
  ports = { callbacks: store, callbackEvents: { publish: async (events) => void published.push(...events) } };
});

function ctx(overrides: Partial<CallbackRuleContext> = {}): CallbackRuleContext {
  const customerNumber = overrides.customerNumber ?? '5115';
  return {
    serviceName: 'cb1',
    options: {},
    parameters: { _customer_number: customerNumber },
    customerNumber,
    desiredTime: overrides.desiredTime ?? overrides.now ?? NOW,
    scheduled: false,
    now: NOW,
    ...overrides,
  };
}

function recordFor(c: CallbackRuleContext): CallbackRecord {
  return {
    id: `cb-${++seq}`,
    service: c.serviceName,
    state: c.scheduled ? 'SCHEDULED' : 'QUEUED',
    customerNumber: c.customerNumber,
    desiredTime: c.desiredTime,
    scheduled: c.scheduled,
    scenario: {
      mediaType: 'voice',
      direction: 'USERTERMINATED',
      waitForAgent: false,
      waitForUserConfirm: false,
    },
    properties: { ...c.parameters },
    priority: 0,
    guards: [],
    createdAt: c.now,
    updatedAt: c.now,
    expiresAt: c.desiredTime + DAY,
    version: 1,
  };
}

const admit = (c: CallbackRuleContext) => admitCallback(ports, recordFor(c), c);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

const number = (i: number) => String(7000 + i);

describe('admitCallback', () => {
  it('stores the callback with the releasable guards it took and counts them', async () => {
    const stored = await admit(ctx());
    expect(stored.guards).toEqual([
      { key: 'dedup#cb1#+5115', kind: 'dedup' },
      { key: 'queued#cb1', kind: 'queued' },
    ]);
    expect(store.counters.get('queued#cb1')).toBe(1);
    expect(store.counters.get('throttle#cb1#params#%2B5115#2026-11-23')).toBe(1);
    expect((await store.get(stored.id))?.guards).toEqual(stored.guards);
  });

  it('fills a time bucket to exactly its capacity, then proposes the free slots around it', async () => {
    const options = {
      _request_time_bucket: '15',
      _max_request_by_time_bucket: '5',
      _enable_in_queue_checking: 'false',
    };
    const desiredTime = t('2026-11-23T14:05:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        admit(ctx({ options, scheduled: true, desiredTime, customerNumber: number(i) })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(15);
    const e = refused[0]!.reason;
    expect(e).toBeInstanceOf(CallbackAvailabilityError);
    const { status, body } = mapError(e);
    expect(status).toBe(400);
    // From the first boundary an hour before the desired time, the full 14:00 bucket left out.
    expect(body.availability).toEqual({
      '2026-11-23T13:15:00.000Z': 5,
      '2026-11-23T13:30:00.000Z': 5,
      '2026-11-23T13:45:00.000Z': 5,
      '2026-11-23T14:15:00.000Z': 5,
      '2026-11-23T14:30:00.000Z': 5,
      '2026-11-23T14:45:00.000Z': 5,
      '2026-11-23T15:00:00.000Z': 5,
      '2026-11-23T15:15:00.000Z': 5,
      '2026-11-23T15:30:00.000Z': 5,
      '2026-11-23T15:45:00.000Z': 5,
    });
    expect(store.counters.get('bucket#cb1#2026-11-23T14:00:00.000Z')).toBe(5);
  });

  it('lets two active callbacks per number with _enable_in_queue_checking=true, one when strict', async () => {
    await admit(ctx());
    await admit(ctx());
    const e = await rejection(admit(ctx()));
    expect(e).toBeInstanceOf(CallbackDuplicateError);
    expect(mapError(e).status).toBe(409);

    const strict = { _enable_in_queue_checking: 'strict' };
    await admit(ctx({ serviceName: 'cb2', options: strict }));
    expect(await rejection(admit(ctx({ serviceName: 'cb2', options: strict })))).toBeInstanceOf(
      CallbackDuplicateError,
    );
    // The same number with separators is the same customer.
    expect(
      await rejection(admit(ctx({ serviceName: 'cb2', options: strict, customerNumber: '+51 15' }))),
    ).toBeInstanceOf(CallbackDuplicateError);
  });

  it('refuses immediate callbacks over _max_queued_callbacks_per_service; scheduled ones are not counted', async () => {
    const options = { _max_queued_callbacks_per_service: '1', _enable_in_queue_checking: 'false' };
    await admit(ctx({ options }));
    const e = await rejection(admit(ctx({ options, customerNumber: '5116' })));
    expect(e).toBeInstanceOf(CallbackServiceUnavailableError);
    expect(mapError(e).body.message).toBe('Limit of queued callbacks for cb1 is reached.');
    await admit(ctx({ options, scheduled: true, desiredTime: NOW + 3_600_000, customerNumber: '5117' }));
  });

  it('refuses everything a limit of 0 applies to, without writing', async () => {
    const e = await rejection(admit(ctx({ options: { _max_queued_callbacks_per_service: '0' } })));
    expect(mapError(e).status).toBe(503);
    expect(store.records.size).toBe(0);
    expect(store.counters.size).toBe(0);
  });

  it('throttles per service window and lets callbacks in again in the next window', async () => {
    const options = {
      _throttle_callbacks_per_service_1: '2',
      _throttle_ttl_1: '60',
      _enable_in_queue_checking: 'false',
    };
    await admit(ctx({ options, customerNumber: '1' }));
    await admit(ctx({ options, customerNumber: '2' }));
    const e = await rejection(admit(ctx({ options, customerNumber: '3' })));
    expect(mapError(e)).toMatchObject({
      status: 503,
      body: { message: 'Limit of queued callbacks for cb1 is reached for interval 60s.' },
    });
    await admit(ctx({ options, customerNumber: '3', now: NOW + 60_000 }));
  });

  it('throttles immediate callbacks per number and local day', async () => {
    const options = { _throttle_request_parameters_limit: '2', _enable_in_queue_checking: 'false' };
    await admit(ctx({ options }));
    await admit(ctx({ options }));
    const e = await rejection(admit(ctx({ options })));
    expect(mapError(e).body.message).toBe(
      'Callback for _customer_number=5115 rejected because previous callbacks for this parameter were requested for more than 2 times today.',
    );
    await admit(ctx({ options, scheduled: true, desiredTime: NOW + 3_600_000 }));
    await admit(ctx({ options, now: t('2026-11-24T00:00:00Z') }));
  });

  it('refuses a scheduled time outside office hours with the next open slots', async () => {
    const hours = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular: 'Mon-Fri 09:00-17:00' });
    const c = ctx({
      officeHours: hours,
      options: { _business_hours_service: 'bh', _request_time_bucket: '60' },
      scheduled: true,
      desiredTime: t('2026-11-23T20:00:00Z'),
    });
    const e = await rejection(admit(c));
    expect(e).toBeInstanceOf(CallbackAvailabilityError);
    const availability = mapError(e).body.availability as Record<string, number>;
    expect(Object.keys(availability).slice(0, 3)).toEqual([
      '2026-11-24T08:00:00.000Z',
      '2026-11-24T09:00:00.000Z',
      '2026-11-24T10:00:00.000Z',
    ]);
    expect(Object.keys(availability)).toHaveLength(10);
    expect(store.records.size).toBe(0);
  });

  it('a callback scheduled across DST lands in the local office hours of both zones', async () => {
    // Paris: asked on Friday 2026-03-27 (CET) for Monday 30 March 09:30 CEST = 07:30Z.
    const paris = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular: 'Mon-Fri 09:00-17:00' });
    const p = (desired: string) =>
      ctx({
        officeHours: paris,
        options: { _request_time_bucket: '30' },
        scheduled: true,
        now: t('2026-03-27T10:00:00Z'),
        desiredTime: t(desired),
      });
    const stored = await admit(p('2026-03-30T07:30:00Z'));
    expect(stored.guards.find((g) => g.kind === 'bucket')?.key).toBe('bucket#cb1#2026-03-30T07:30:00.000Z');
    // 06:30Z would have been 07:30 CET: 08:30 CEST is closed now.
    const closed = await rejection(admit(p('2026-03-30T06:30:00Z')));
    expect(Object.keys(mapError(closed).body.availability as object)[0]).toBe('2026-03-30T07:00:00.000Z');

    // New York: asked on Friday 2026-10-30 (EDT) for Monday 2 November 09:00 EST = 14:00Z.
    const ny = parseOfficeHours({ _timezone: 'America/New_York', _bh_regular: 'Mon-Fri 09:00-17:00' });
    const n = (desired: string) =>
      ctx({
        officeHours: ny,
        scheduled: true,
        now: t('2026-10-30T15:00:00Z'),
        desiredTime: t(desired),
        customerNumber: '6000',
      });
    const nyStored = await admit(n('2026-11-02T14:00:00Z'));
    expect(nyStored.guards.find((g) => g.kind === 'bucket')?.key).toBe('bucket#cb1#2026-11-02T14:00:00.000Z');
    const nyClosed = await rejection(admit(n('2026-11-02T13:30:00Z')));
    expect(Object.keys(mapError(nyClosed).body.availability as object)[0]).toBe('2026-11-02T14:00:00.000Z');
  });
});

describe('rescheduleCallback', () => {
  const options = { _request_time_bucket: '30', _max_request_by_time_bucket: '1' };
  const scheduled = (desired: string, extra: Partial<CallbackRuleContext> = {}) =>
    ctx({ options, scheduled: true, desiredTime: t(desired), ...extra });

  it('moves the bucket guard in one write and updates properties, "" removing one', async () => {
    const c = scheduled('2026-11-23T14:10:00Z', {
      parameters: { _customer_number: '5115', CB_SUBSCRIPTION_ID: 'x', note: 'a' },
    });
    const record = await admitCallback(ports, recordFor(c), c);
    const moved = await rescheduleCallback(
      ports,
      record,
      t('2026-11-23T15:40:00Z'),
      { CB_SUBSCRIPTION_ID: '', note: 'b' },
      ctx({ options }),
    );
    expect(moved).toMatchObject({
      state: 'SCHEDULED',
      desiredTime: t('2026-11-23T15:40:00Z'),
      expiresAt: record.expiresAt + 90 * 60_000,
      version: record.version + 1,
      properties: { _customer_number: '5115', note: 'b' },
    });
    expect(moved.properties).not.toHaveProperty('CB_SUBSCRIPTION_ID');
    expect(moved.guards).toEqual([
      { key: 'dedup#cb1#+5115', kind: 'dedup' },
      { key: 'bucket#cb1#2026-11-23T15:30:00.000Z', kind: 'bucket' },
    ]);
    expect(store.counters.get('bucket#cb1#2026-11-23T14:00:00.000Z')).toBe(0);
    expect(store.counters.get('bucket#cb1#2026-11-23T15:30:00.000Z')).toBe(1);
  });

  it('keeps the bucket when the new time is in the same one', async () => {
    const c = scheduled('2026-11-23T14:10:00Z');
    const record = await admitCallback(ports, recordFor(c), c);
    const moved = await rescheduleCallback(ports, record, t('2026-11-23T14:20:00Z'), {}, ctx({ options }));
    expect(moved.guards).toEqual(record.guards);
    expect(store.counters.get('bucket#cb1#2026-11-23T14:00:00.000Z')).toBe(1);
  });

  it('refuses a full target bucket with proposals and changes nothing', async () => {
    const a = scheduled('2026-11-23T14:10:00Z');
    const b = scheduled('2026-11-23T15:10:00Z', { customerNumber: '5116' });
    const record = await admitCallback(ports, recordFor(a), a);
    await admitCallback(ports, recordFor(b), b);
    const e = await rejection(
      rescheduleCallback(ports, record, t('2026-11-23T15:20:00Z'), {}, ctx({ options })),
    );
    expect(e).toBeInstanceOf(CallbackAvailabilityError);
    expect(mapError(e).body.availability).not.toHaveProperty('2026-11-23T15:00:00.000Z');
    expect((await store.get(record.id))?.desiredTime).toBe(t('2026-11-23T14:10:00Z'));
    expect(store.counters.get('bucket#cb1#2026-11-23T14:00:00.000Z')).toBe(1);
  });

  it('turns a QUEUED callback into a SCHEDULED one, giving back its queue slot', async () => {
    const c = ctx({ options });
    const record = await admitCallback(ports, recordFor(c), c);
    expect(store.counters.get('queued#cb1')).toBe(1);
    const moved = await rescheduleCallback(ports, record, t('2026-11-23T18:00:00Z'), {}, ctx({ options }));
    expect(moved.state).toBe('SCHEDULED');
    expect(moved.scheduled).toBe(true);
    expect(store.counters.get('queued#cb1')).toBe(0);
    expect(moved.guards.map((g) => g.kind)).toEqual(['dedup', 'bucket']);
  });

  it('checks the new time like a new one: past, too far, closed', async () => {
    const c = scheduled('2026-11-23T14:10:00Z');
    const record = await admitCallback(ports, recordFor(c), c);
    const past = await rejection(rescheduleCallback(ports, record, NOW - 3_600_000, {}, ctx({ options })));
    expect((past as InvalidParameterError).parameter).toBe('_desired_time');
    const far = await rejection(rescheduleCallback(ports, record, NOW + 40 * DAY, {}, ctx({ options })));
    expect(far).toBeInstanceOf(CallbackAvailabilityError);
    const hours = parseOfficeHours({ _bh_regular: 'Mon-Fri 09:00-17:00' });
    const closed = await rejection(
      rescheduleCallback(ports, record, t('2026-11-23T20:00:00Z'), {}, ctx({ options, officeHours: hours })),
    );
    expect(closed).toBeInstanceOf(CallbackAvailabilityError);
    expect((await store.get(record.id))?.version).toBe(record.version);
  });

  it('refuses stale versions, callbacks past QUEUED, and a changed customer number', async () => {
    const c = scheduled('2026-11-23T14:10:00Z');
    const record = await admitCallback(ports, recordFor(c), c);
    await rescheduleCallback(ports, record, undefined, { note: 'first' }, ctx({ options }));
    const stale = await rejection(
      rescheduleCallback(ports, record, undefined, { note: 'second' }, ctx({ options })),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect(mapError(stale).status).toBe(409);

    const routing = { ...(await store.get(record.id))!, state: 'ROUTING' as const };
    expect(
      await rejection(rescheduleCallback(ports, routing, t('2026-11-23T16:00:00Z'), {}, ctx({ options }))),
    ).toBeInstanceOf(ConflictError);
    const completed = { ...routing, state: 'COMPLETED' as const };
    expect(
      await rejection(rescheduleCallback(ports, completed, undefined, { a: 'b' }, ctx({ options }))),
    ).toBeInstanceOf(ConflictError);
    const current = (await store.get(record.id))!;
    const renumber = await rejection(
      rescheduleCallback(ports, current, undefined, { _customer_number: '999' }, ctx({ options })),
    );
    expect((renumber as InvalidParameterError).parameter).toBe('_customer_number');
    await rescheduleCallback(ports, current, undefined, { _customer_number: '+51-15' }, ctx({ options }));
  });

  it('applies "" as removal', () => {
    expect(applyPropertyUpdates({ a: '1', b: '2' }, { a: '', c: '3' })).toEqual({ b: '2', c: '3' });
  });
});

describe('availabilitySlots', () => {
  const options = { _request_time_bucket: '60', _max_request_by_time_bucket: '3' };

  it('lists free capacity per slot from the next boundary, leaving out full ones, capped', async () => {
    store.counters.set('bucket#cb1#2026-11-23T14:00:00.000Z', 3);
    store.counters.set('bucket#cb1#2026-11-23T15:00:00.000Z', 1);
    const slots = await availabilitySlots(ports, ctx({ options, now: t('2026-11-23T12:10:00Z') }), {
      maxTimeSlots: 4,
    });
    expect(slots).toEqual({
      '2026-11-23T13:00:00.000Z': 3,
      '2026-11-23T15:00:00.000Z': 2,
      '2026-11-23T16:00:00.000Z': 3,
      '2026-11-23T17:00:00.000Z': 3,
    });
  });

  it('keeps to office hours, the requested days and the future limit', async () => {
    const hours = parseOfficeHours({ _timezone: 'America/New_York', _bh_regular: 'Mon-Fri 09:00-11:00' });
    const c = ctx({ options, officeHours: hours });
    const twoDays = await availabilitySlots(ports, c, {
      start: t('2026-11-23T12:00:00Z'),
      numberOfDays: 2,
      maxTimeSlots: 100,
    });
    expect(Object.keys(twoDays)).toEqual([
      '2026-11-23T14:00:00.000Z',
      '2026-11-23T15:00:00.000Z',
      '2026-11-24T14:00:00.000Z',
      '2026-11-24T15:00:00.000Z',
    ]);
    const soon = { ...c, options: { ...options, _reject_future_desired_time: '1d' } };
    expect(Object.keys(await availabilitySlots(ports, soon, { numberOfDays: 5 }))).toEqual([
      '2026-11-23T14:00:00.000Z',
      '2026-11-23T15:00:00.000Z',
    ]);
    const end = await availabilitySlots(ports, c, { end: t('2026-11-23T15:00:00Z') });
    expect(Object.keys(end)).toEqual(['2026-11-23T14:00:00.000Z']);
  });

  it('never proposes the past', async () => {
    const c = ctx({ options, now: NOW + 60_000 });
    const slots = await availabilitySlots(ports, c, { start: NOW - 3_600_000, maxTimeSlots: 1 });
    expect(Object.keys(slots)).toEqual(['2026-11-23T13:00:00.000Z']);
    expect(await availabilitySlots(ports, c, { start: NOW - DAY, numberOfDays: 1 })).toEqual({});
  });

  it.each([
    [{ maxTimeSlots: 0 }, 'max-time-slots'],
    [{ maxTimeSlots: 1.5 }, 'max-time-slots'],
    [{ numberOfDays: 0 }, 'number-of-days'],
    [{ numberOfDays: 32 }, 'number-of-days'],
    [{ start: NOW, end: NOW }, 'end'],
  ])('refuses %o naming %s', async (query, parameter) => {
    const e = await rejection(availabilitySlots(ports, ctx({ options }), query));
    expect((e as InvalidParameterError).parameter).toBe(parameter);
  });

  it('bounds the counters read for a wide range', async () => {
    let read = 0;
    const counting = {
      callbacks: Object.assign(Object.create(store) as InMemoryCallbackStore, {
        guardCounts: async (keys: string[]) => {
          read += keys.length;
          return Object.fromEntries(keys.map((k) => [k, 100]));
        },
      }),
    };
    const five = { _request_time_bucket: '5', _max_request_by_time_bucket: '100' };
    expect(await availabilitySlots(counting, ctx({ options: five }), { numberOfDays: 31 })).toEqual({});
    expect(read).toBe(2016);
  });
});

describe('loadRuleResources', () => {
  const config = (entries: ConstructorParameters<typeof InMemoryConfigStore>[0]) =>
    new InMemoryConfigStore(entries, 0);

  it('reads the office hours and the exception patterns the service names', async () => {
    const resources = await loadRuleResources(
      {
        config: config({
          'service/bh': {
            _type: 'builtin',
            _service: 'office-hours',
            _timezone: 'Europe/Paris',
            _bh_regular: 'Mon-Fri 09:00-17:00',
          },
          'pattern-group/ex': { exception1: '555.*' },
        }),
      },
      { _business_hours_service: 'bh', _exceptions: 'ex' },
    );
    expect(resources.officeHours?.timezone).toBe('Europe/Paris');
    expect(resources.exceptionPatterns).toEqual({ exception1: '555.*' });
    expect(
      await loadRuleResources({ config: config({}) }, { _business_hours_service: '', _exceptions: ' ' }),
    ).toEqual({});
  });

  it.each([
    [{ _business_hours_service: 'missing' }, {}],
    [{ _business_hours_service: 'cb' }, { 'service/cb': { _service: 'callback' } }],
    [
      { _business_hours_service: 'bad' },
      { 'service/bad': { _service: 'office-hours', _bh_regular: 'Mon-Fri 9-5' } },
    ],
    [{ _exceptions: 'missing' }, {}],
  ] as const)('refuses %o as a resource fault (503)', async (options, entries) => {
    const e = await rejection(loadRuleResources({ config: config(entries) }, options));
    expect(e).toBeInstanceOf(CallbackResourceError);
    expect(mapError(e)).toMatchObject({
      status: 503,
      body: { exception: 'com.genesyslab.gsg.services.callback.exceptions.CallbackExceptionResource' },
    });
  });
});
