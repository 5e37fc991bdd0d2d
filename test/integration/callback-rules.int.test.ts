import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestResponse, type TestServer } from '../support/test-server.js';

/**
 * The admission rules through the real HTTP API and the DynamoDB adapter: limits hold under
 * concurrent requests because the counters are taken in the same transaction as the write.
 */

const START = '2026-11-23T12:00:00.000Z'; // a Monday
const EXCEPTIONS = 'com.genesyslab.gsg.services.callback.exceptions';
const TARGET = 'Billing@StatServer.GA';

describe('callback admission rules through HTTP and DynamoDB', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse(START));
  let n = 0;
  const nextNumber = () => `4441${String(++n).padStart(6, '0')}`;
  const at = (iso: string) => new Date(Date.parse(iso)).toISOString();

  const put = async (path: string, body: unknown) => {
    const res = await s.admin(path, jsonBody(body, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  /** A callback service from a template preset, with rule options on top. */
  const service = (name: string, preset: string, options: Record<string, string>) =>
    put(`/admin/services/${name}`, {
      ...defaultServiceOptions(builtinTemplate('callback')!, preset),
      _target: TARGET,
      ...options,
    });
  const create = (name: string, body: Record<string, string>) =>
    s.fetch(`/service/callback/${name}`, jsonBody({ _customer_number: nextNumber(), ...body }));
  const cancel = (name: string, id: string) =>
    s.fetch(`/service/callback/${name}/${id}`, { method: 'DELETE' });
  const json = async (res: TestResponse) => ({ status: res.status, body: await res.json() });

  beforeAll(async () => {
    s = await startTestServer({ clock });
    await put('/admin/services/paris-hours', {
      _type: 'builtin',
      _service: 'office-hours',
      _timezone: 'Europe/Paris',
      _bh_regular: 'Mon-Fri 09:00-17:00',
    });
    await put('/admin/services/ny-hours', {
      _type: 'builtin',
      _service: 'office-hours',
      _timezone: 'America/New_York',
      _bh_regular: 'Mon-Fri 09:00-17:00',
    });
    await put('/admin/patterns/Callback_exceptions', { exception1: '555.*', ex2: '123.*' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  describe('across DST, in the local office hours of two zones', () => {
    afterAll(() => clock.set(START));

    it('Europe/Paris spring forward: asked on Friday in CET for Monday 09:30 CEST', async () => {
      clock.set('2026-03-27T10:00:00Z');
      await service('cb-paris', 'User-Terminated-Scheduled', {
        _business_hours_service: 'paris-hours',
        _request_time_bucket: '30',
      });
      const ok = await json(await create('cb-paris', { _desired_time: '2026-03-30T07:30:00.000Z' }));
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      // 06:30Z is 08:30 CEST, closed (it would have been 07:30 CET before the change).
      const closed = await json(await create('cb-paris', { _desired_time: '2026-03-30T06:30:00.000Z' }));
      expect(closed.status).toBe(400);
      expect(closed.body).toMatchObject({
        exception: `${EXCEPTIONS}.CallbackExceptionAvailability`,
        parameter: '_desired_time',
      });
      expect(Object.keys(closed.body.availability)[0]).toBe('2026-03-30T07:00:00.000Z');
      const { status } = await json(await create('cb-paris', { _desired_time: '2026-03-28T10:00:00.000Z' }));
      expect(status).toBe(400); // Saturday
    });

    it('America/New_York fall back: asked on Friday in EDT for Monday 09:00 EST', async () => {
      clock.set('2026-10-30T15:00:00Z');
      await service('cb-ny', 'User-Terminated-Scheduled', { _business_hours_service: 'ny-hours' });
      const ok = await json(await create('cb-ny', { _desired_time: '2026-11-02T14:00:00.000Z' }));
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      const closed = await json(await create('cb-ny', { _desired_time: '2026-11-02T13:30:00.000Z' }));
      expect(closed.status).toBe(400);
      expect(Object.keys(closed.body.availability).slice(0, 2)).toEqual([
        '2026-11-02T14:00:00.000Z',
        '2026-11-02T14:05:00.000Z',
      ]);
      // The free capacity of the booked bucket is one less.
      expect(closed.body.availability['2026-11-02T14:00:00.000Z']).toBe(99);
    });
  });

  it('200 concurrent creates into a bucket of capacity 20: exactly 20 accepted, the others get free slots', async () => {
    await service('cap20', 'User-Terminated-Scheduled', {
      _request_time_bucket: '15',
      _max_request_by_time_bucket: '20',
      _enable_in_queue_checking: 'false',
    });
    const desired = at('2026-11-23T15:05:00Z');
    const results = await Promise.all(
      Array.from({ length: 200 }, () => create('cap20', { _desired_time: desired }).then(json)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(20);
    expect(statuses.filter((x) => x === 400)).toHaveLength(180);
    for (const r of results.filter((x) => x.status === 400)) {
      expect(r.body.exception).toBe(`${EXCEPTIONS}.CallbackExceptionAvailability`);
      expect(r.body.availability).not.toHaveProperty('2026-11-23T15:00:00.000Z');
      expect(r.body.availability['2026-11-23T15:15:00.000Z']).toBe(20);
    }
    const counts = await s.deps.callbacks.guardCounts(['bucket#cap20#2026-11-23T15:00:00.000Z']);
    expect(counts['bucket#cap20#2026-11-23T15:00:00.000Z']).toBe(20);

    // Cancelling one frees one place, which the availability endpoint shows.
    const accepted = results.find((r) => r.status === 200)!.body._id as string;
    expect((await cancel('cap20', accepted)).status).toBe(200);
    const slots = await json(
      await s.fetch(
        '/service/callback/cap20/availability?start=2026-11-23T15:00:00.000Z&end=2026-11-23T15:30:00.000Z',
      ),
    );
    expect(slots).toEqual({
      status: 200,
      body: { '2026-11-23T15:00:00.000Z': 1, '2026-11-23T15:15:00.000Z': 20 },
    });
  });

  it('100 concurrent creates for one number: one accepted with strict in-queue checking, two with true', async () => {
    await service('dedup1', 'User-Terminated-Immediate', { _enable_in_queue_checking: 'strict' });
    await service('dedup2', 'User-Terminated-Immediate', { _enable_in_queue_checking: 'true' });
    const accepted: string[] = [];
    for (const [name, expected] of [
      ['dedup1', 1],
      ['dedup2', 2],
    ] as const) {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => create(name, { _customer_number: '+1 650 466 4131' }).then(json)),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(expected);
      accepted.push(results.find((r) => r.status === 200)!.body._id);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused).toHaveLength(100 - expected);
      for (const r of refused) {
        expect(r.status).toBe(409);
        expect(r.body.exception).toBe(`${EXCEPTIONS}.CallbackExceptionDuplicate`);
      }
    }
    // The same number written differently is the same customer; the lock goes with the callback.
    expect((await create('dedup1', { _customer_number: '16504664131' })).status).toBe(409);
    expect((await cancel('dedup1', accepted[0]!)).status).toBe(200);
    expect((await create('dedup1', { _customer_number: '16504664131' })).status).toBe(200);
  });

  it('conformance 11: _max_queued_callbacks_per_service reached -> 503 CallbackExceptionServiceUnavailable', async () => {
    await service('q1', 'User-Terminated-Immediate', { _max_queued_callbacks_per_service: '1' });
    const first = await json(await create('q1', {}));
    expect(first.status).toBe(200);
    const second = await s.fetch('/service/callback/q1', jsonBody({ _customer_number: nextNumber() }));
    expect(second.status).toBe(503);
    expect(await second.json()).toEqual({
      message: 'Limit of queued callbacks for q1 is reached.',
      exception: `${EXCEPTIONS}.CallbackExceptionServiceUnavailable`,
      code: 503,
      phrase: 'Service Unavailable',
    });
    // Scheduled callbacks do not count against the queue limit.
    expect((await create('q1', { _desired_time: at('2026-11-23T16:00:00Z') })).status).toBe(200);
    expect((await cancel('q1', first.body._id)).status).toBe(200);
    expect((await create('q1', {})).status).toBe(200);
  });

  it('throttles per service interval, then lets callbacks in again in the next window', async () => {
    await service('thr', 'User-Terminated-Immediate', {
      _throttle_callbacks_per_service_1: '3',
      _throttle_ttl_1: '60',
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => create('thr', {}).then(json)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(503);
      expect(r.body.message).toBe('Limit of queued callbacks for thr is reached for interval 60s.');
    }
    clock.advance(60);
    expect((await create('thr', {})).status).toBe(200);
  });

  it('throttles a number per day with the GMS message', async () => {
    await service('thr-num', 'User-Terminated-Immediate', {
      _enable_in_queue_checking: 'false',
      _throttle_request_parameters_limit: '2',
    });
    expect((await create('thr-num', { _customer_number: '5115' })).status).toBe(200);
    expect((await create('thr-num', { _customer_number: '5115' })).status).toBe(200);
    const third = await json(await create('thr-num', { _customer_number: '5115' }));
    expect(third).toMatchObject({
      status: 503,
      body: {
        message:
          'Callback for _customer_number=5115 rejected because previous callbacks for this parameter were requested for more than 2 times today.',
      },
    });
    expect((await create('thr-num', { _customer_number: '5116' })).status).toBe(200);
  });

  it('office hours: a closed desired time is refused with the next open slots, an open one accepted', async () => {
    await service('oh', 'User-Terminated-Scheduled', {
      _business_hours_service: 'paris-hours',
      _request_time_bucket: '30',
    });
    const closed = await json(await create('oh', { _desired_time: at('2026-11-23T20:00:00Z') }));
    expect(closed.status).toBe(400);
    expect(closed.body).toMatchObject({
      exception: `${EXCEPTIONS}.CallbackExceptionAvailability`,
      parameter: '_desired_time',
      code: 400,
    });
    expect(Object.keys(closed.body.availability).slice(0, 3)).toEqual([
      '2026-11-24T08:00:00.000Z',
      '2026-11-24T08:30:00.000Z',
      '2026-11-24T09:00:00.000Z',
    ]);
    expect((await create('oh', { _desired_time: at('2026-11-24T08:10:00Z') })).status).toBe(200);
    const slots = await json(
      await s.fetch(
        '/service/callback/oh/availability?start=2026-11-24T07:00:00.000Z&number-of-days=1&max-time-slots=3',
      ),
    );
    expect(slots).toEqual({
      status: 200,
      body: {
        '2026-11-24T08:00:00.000Z': 99,
        '2026-11-24T08:30:00.000Z': 100,
        '2026-11-24T09:00:00.000Z': 100,
      },
    });
  });

  it('a desired time beyond _reject_future_desired_time or in the past is refused naming _desired_time', async () => {
    await service('future', 'User-Terminated-Scheduled', { _reject_future_desired_time: '2d' });
    const later = (seconds: number) => new Date(clock.now() + seconds * 1000).toISOString();
    expect((await create('future', { _desired_time: later(2 * 86_400) })).status).toBe(200);
    const far = await json(await create('future', { _desired_time: later(2 * 86_400 + 1) }));
    expect(far.status).toBe(400);
    expect(far.body).toMatchObject({
      exception: `${EXCEPTIONS}.CallbackExceptionAvailability`,
      parameter: '_desired_time',
    });
    const past = await json(await create('future', { _desired_time: later(-3600) }));
    expect(past).toMatchObject({ status: 400, body: { parameter: '_desired_time' } });
  });

  it('exception patterns: a number matching the _exceptions group is refused with CallbackExceptionNumber', async () => {
    await service('exc', 'User-Terminated-Immediate', { _exceptions: 'Callback_exceptions' });
    const refused = await json(await create('exc', { _customer_number: '555 123 4567' }));
    expect(refused).toMatchObject({
      status: 400,
      body: { exception: `${EXCEPTIONS}.CallbackExceptionNumber`, parameter: '_customer_number' },
    });
    expect((await create('exc', { _customer_number: '4445551234' })).status).toBe(200);
  });

  it('concurrent reschedules into a bucket with one free place: exactly one moves', async () => {
    await service('cap1', 'User-Terminated-Scheduled', {
      _request_time_bucket: '60',
      _max_request_by_time_bucket: '1',
    });
    const ids: string[] = [];
    for (const hour of ['13', '14', '15', '16']) {
      const res = await json(await create('cap1', { _desired_time: at(`2026-11-24T${hour}:00:00Z`) }));
      expect(res.status).toBe(200);
      ids.push(res.body._id);
    }
    const moves = await Promise.all(
      ids.map((id) =>
        s
          .fetch(
            `/service/callback/cap1/${id}`,
            jsonBody({ _new_desired_time: at('2026-11-24T18:30:00Z') }, 'PUT'),
          )
          .then(json),
      ),
    );
    expect(moves.filter((m) => m.status === 200)).toHaveLength(1);
    for (const m of moves.filter((x) => x.status !== 200)) {
      expect(m.status).toBe(400);
      expect(m.body.exception).toBe(`${EXCEPTIONS}.CallbackExceptionAvailability`);
      expect(m.body.availability).not.toHaveProperty('2026-11-24T18:00:00.000Z');
    }
    const keys = ['13', '14', '15', '16', '18'].map((h) => `bucket#cap1#2026-11-24T${h}:00:00.000Z`);
    const counts = await s.deps.callbacks.guardCounts(keys);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(4);
    expect(counts['bucket#cap1#2026-11-24T18:00:00.000Z']).toBe(1);
  });
});
