import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  requestFingerprint,
} from '../../functions/domain/idempotency-key.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const SERVICE = 'idem-uts';
const OTHER = 'idem-other';

/** `POST service/callback/{name}` with an `Idempotency-Key`: a retry answers the first callback. */
describe('callback create with an Idempotency-Key', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-11-23T12:00:00Z'));
  let n = 0;
  const nextNumber = () => `5558${String(++n).padStart(6, '0')}`;

  beforeAll(async () => {
    s = await startTestServer({ clock });
    const template = builtinTemplate('callback')!;
    // Two numbers: a retry that locked another one would leave one free instead of none.
    const pool = await s.admin(
      '/admin/resources/IdemPool',
      jsonBody({ dnis1: '6509000001', dnis2: '6509000002', _allocation_strategy: 'sequential' }, 'PUT'),
    );
    expect(pool.status, await pool.clone().text()).toBe(200);
    const ri = await s.admin(
      '/admin/services/idem-ri',
      jsonBody({ _type: 'builtin', _service: 'request-interaction', _resource_group: 'IdemPool' }, 'PUT'),
    );
    expect(ri.status, await ri.clone().text()).toBe(200);
    for (const name of [SERVICE, OTHER]) {
      const res = await s.admin(
        `/admin/services/${name}`,
        jsonBody(
          {
            ...defaultServiceOptions(template, 'User-Terminated-Scheduled'),
            _target: 'Idem@StatServer.GA',
            // Duplicates per number allowed: only the key stands between a retry and a second callback.
            _enable_in_queue_checking: 'false',
          },
          'PUT',
        ),
      );
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  const create = (service: string, body: Record<string, string>, key?: string) =>
    s.fetch(`/service/callback/${service}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key !== undefined ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
  const byNumber = async (number: string) => {
    const res = await s.fetch(`/service/callback?_customer_number=${number}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, string>[];
  };
  const scheduled = () => new Date(clock.now() + 3_600_000).toISOString();

  it('without a key a retry makes a second callback (what the key prevents)', async () => {
    const body = { _customer_number: nextNumber(), _desired_time: scheduled() };
    expect((await create(SERVICE, body)).status).toBe(200);
    expect((await create(SERVICE, body)).status).toBe(200);
    expect(await byNumber(body._customer_number)).toHaveLength(2);
  });

  it('the same key twice: one callback, the same answer', async () => {
    const body = { _customer_number: nextNumber(), _desired_time: scheduled(), note: 'first' };
    const first = await create(SERVICE, body, 'key-1a2b3c');
    expect(first.status, await first.clone().text()).toBe(200);
    const firstBody = await first.json();
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    clock.advance(30);
    const again = await create(SERVICE, body, 'key-1a2b3c');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const found = await byNumber(body._customer_number);
    expect(found.map((v) => v._id)).toEqual([firstBody._id]);
    expect(found[0]).toMatchObject({ _callback_state: 'SCHEDULED', note: 'first' });
  });

  it('10 concurrent creates with one key: one callback, every answer carries its _id', async () => {
    const body = { _customer_number: nextNumber(), _desired_time: scheduled() };
    const key = '7f0c9a52-1d3e-4b8a-9c61-0e2f5d4b7a13';
    const answers = await Promise.all(Array.from({ length: 10 }, () => create(SERVICE, body, key)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    const ids = await Promise.all(answers.map(async (r) => (await r.json())._id as string));
    const found = await byNumber(body._customer_number);
    expect(found).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set([found[0]!._id]));
  });

  it('the same key with another body: 422 naming the header, nothing created', async () => {
    const number = nextNumber();
    const key = 'order-77-attempt-1';
    expect(
      (await create(SERVICE, { _customer_number: number, _desired_time: scheduled() }, key)).status,
    ).toBe(200);
    const other = nextNumber();
    const reused = await create(SERVICE, { _customer_number: other, _desired_time: scheduled() }, key);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({
      code: 422,
      phrase: 'Unprocessable Entity',
      parameter: 'Idempotency-Key',
      exception: expect.any(String),
      message: expect.stringContaining('different request'),
    });
    expect(await byNumber(other)).toEqual([]);
    // Keys are per service: the same key on another service is another create.
    const elsewhere = await create(OTHER, { _customer_number: number, _desired_time: scheduled() }, key);
    expect(elsewhere.status).toBe(200);
    expect(await byNumber(number)).toHaveLength(2);
  });

  it('refuses malformed keys with a clear 400', async () => {
    const body = { _customer_number: nextNumber(), _desired_time: scheduled() };
    for (const key of ['', 'two words', 'a,b', 'x'.repeat(256), 'clé']) {
      const res = await create(SERVICE, body, key);
      expect(res.status, key).toBe(400);
      expect(await res.json()).toMatchObject({ code: 400, parameter: 'Idempotency-Key' });
    }
    expect(await byNumber(body._customer_number)).toEqual([]);
    expect((await create(SERVICE, body, 'x'.repeat(255))).status).toBe(200);
  });

  it('a refused create gives the key back: the corrected retry with it succeeds', async () => {
    const number = nextNumber();
    const bad = await create(SERVICE, { _customer_number: number, _desired_time: 'tomorrow-ish' }, 'fix-me');
    expect(bad.status).toBe(400);
    const good = await create(SERVICE, { _customer_number: number, _desired_time: scheduled() }, 'fix-me');
    expect(good.status, await good.clone().text()).toBe(200);
    expect(await byNumber(number)).toHaveLength(1);
  });

  it('a request that died holding the key is taken over after the lease, under the id it chose', async () => {
    const body = { _customer_number: nextNumber(), _desired_time: scheduled() };
    const fingerprint = requestFingerprint({
      method: 'POST',
      path: '/genesys/1/service/callback/{name}',
      parameters: { name: SERVICE, ...body },
    });
    // What a create killed right after its claim leaves behind.
    const claimed = await s.deps.idempotency.claim(
      {
        key: `callback#${SERVICE}#crashed-1`,
        fingerprint,
        resourceId: 'cb-from-the-dead-request',
        owner: 'dead-request',
        claimedAt: clock.now(),
        expiresAt: clock.now() + IDEMPOTENCY_TTL_MS,
      },
      clock.now(),
    );
    expect(claimed.won).toBe(true);
    clock.advance(IDEMPOTENCY_LEASE_MS / 1000);
    const retry = await create(SERVICE, body, 'crashed-1');
    expect(retry.status, await retry.clone().text()).toBe(200);
    expect((await retry.json())._id).toBe('cb-from-the-dead-request');
    expect((await byNumber(body._customer_number)).map((v) => v._id)).toEqual(['cb-from-the-dead-request']);
    const replay = await create(SERVICE, body, 'crashed-1');
    expect((await replay.json())._id).toBe('cb-from-the-dead-request');
  });

  it('a create taken over after the lease whose callback already ended answers it and grants or queues nothing', async () => {
    const pool = await s.admin('/admin/resources/IdemOne', jsonBody({ dnis1: '6509000101' }, 'PUT'));
    expect(pool.status, await pool.clone().text()).toBe(200);
    const template = builtinTemplate('callback')!;
    const service = await s.admin(
      '/admin/services/idem-uoi',
      jsonBody(
        {
          ...defaultServiceOptions(template, 'User-Originated-Immediate'),
          _target: 'Idem@StatServer.GA',
          _resource_group: 'IdemOne',
        },
        'PUT',
      ),
    );
    expect(service.status, await service.clone().text()).toBe(200);
    const body = { _customer_number: nextNumber() };
    // The dead request's callback, written before it died and cancelled since (its number freed).
    const first = await create('idem-uoi', body);
    expect(first.status, await first.clone().text()).toBe(200);
    const id = (await first.json())._id as string;
    expect((await s.fetch(`/service/callback/idem-uoi/${id}`, { method: 'DELETE' })).status).toBe(200);
    const ended = await s.deps.callbacks.get(id);
    expect(ended?.state).toBe('COMPLETED');
    const claimed = await s.deps.idempotency.claim(
      {
        key: 'callback#idem-uoi#crashed-ended',
        fingerprint: requestFingerprint({
          method: 'POST',
          path: '/genesys/1/service/callback/{name}',
          parameters: { name: 'idem-uoi', ...body },
        }),
        resourceId: id,
        owner: 'dead-request',
        claimedAt: clock.now(),
        expiresAt: clock.now() + IDEMPOTENCY_TTL_MS,
      },
      clock.now(),
    );
    expect(claimed.won).toBe(true);
    clock.advance(IDEMPOTENCY_LEASE_MS / 1000);

    const retry = await create('idem-uoi', body, 'crashed-ended');
    expect(retry.status, await retry.clone().text()).toBe(200);
    expect(await retry.json()).toEqual({ _id: id });
    await s.queue.idle();
    expect(await s.deps.callbacks.get(id)).toEqual(ended);
    // The pool's only number was not locked again: another callback gets it.
    const other = await create('idem-uoi', { _customer_number: nextNumber() });
    expect(other.status, await other.clone().text()).toBe(200);
    expect((await other.json())._access_number).toBe('6509000101');
  });

  it('request-interaction: a retry answers the same session and access number and locks nothing more', async () => {
    const post = (key: string) =>
      s.fetch('/service/idem-ri', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ _phone_number: '5550001111', note: 'x' }),
      });
    const first = await post('ri-1');
    expect(first.status, await first.clone().text()).toBe(200);
    const body = await first.json();
    const again = await post('ri-1');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    // The second number is still free for another session.
    const other = await post('ri-2');
    expect(other.status, await other.clone().text()).toBe(200);
    expect((await other.json())._access_number).not.toBe(body._access_number);
  });

  it('request-chat: a retry answers the same chat', async () => {
    const post = () =>
      s.fetch('/service/request-chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'chat-1' },
        body: JSON.stringify({ subject: 'help' }),
      });
    const answers = await Promise.all([post(), post(), post()]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const ids = new Set(await Promise.all(answers.map(async (r) => (await r.json())._id as string)));
    expect(ids.size).toBe(1);
  });
});
