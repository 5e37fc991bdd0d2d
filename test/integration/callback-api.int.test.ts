import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import type { WorkMessage } from '../../functions/ports/work-queue.js';
import { ManualClock } from '../support/manual-clock.js';
import {
  basic,
  formBody,
  jsonBody,
  startTestServer,
  type TestResponse,
  type TestServer,
} from '../support/test-server.js';

const TARGET = 'Billing@StatServer.GA';
const START = '2026-11-23T12:00:00.000Z';

/** Services from the callback template's presets, by short name. */
const PRESETS: Record<string, string> = {
  'cb-uoi': 'User-Originated-Immediate',
  'cb-uod': 'User-Originated-Delayed',
  'cb-uti': 'User-Terminated-Immediate',
  'cb-utd': 'User-Terminated-Delayed',
  cb1: 'User-Terminated-Scheduled',
  'cb-chi': 'Chat-Immediate',
  'cb-chd': 'Chat-Delayed',
};

const inSeconds = (clock: ManualClock, seconds: number) =>
  new Date(clock.now() + seconds * 1000).toISOString();

describe('GMS Callback Services API and admin callback API', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse(START));
  const sent: { message: WorkMessage; delayMs?: number }[] = [];
  let n = 0;
  /** A fresh customer number per callback, so duplicate and throttle rules never interfere. */
  const nextNumber = () => `5551${String(++n).padStart(6, '0')}`;

  beforeAll(async () => {
    s = await startTestServer({ clock });
    const send = s.queue.send.bind(s.queue);
    vi.spyOn(s.queue, 'send').mockImplementation(async (message, delayMs) => {
      sent.push({ message, delayMs });
      return send(message, delayMs);
    });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/DNIS', { dnis1: '6504000001', dnis2: '6504000002', dnis3: '6504000003' });
    const template = builtinTemplate('callback')!;
    for (const [name, preset] of Object.entries(PRESETS)) {
      await put(`/admin/services/${name}`, { ...defaultServiceOptions(template, preset), _target: TARGET });
    }
    await put('/admin/services/cb-code', {
      ...defaultServiceOptions(template, 'User-Originated-Immediate'),
      _provide_code: 'true',
    });
    await put('/admin/services/oh', { _type: 'builtin', _service: 'office-hours', _timezone: 'UTC' });
    await put('/admin/users/reader', { password: 'reader-password', roles: ['CallbackReadOnly'] });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const create = (service: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    s.fetch(`/service/callback/${service}`, {
      ...jsonBody(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  const createOk = async (service: string, body: Record<string, string> = {}) => {
    const res = await create(service, { _customer_number: nextNumber(), ...body });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Record<string, string>;
  };
  const byId = async (id: string) => {
    const res = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, string>[];
  };
  const expectBad = async (res: TestResponse, parameter: string, status = 400) => {
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(status);
    expect(body.parameter).toBe(parameter);
    return body;
  };
  const store = () => s.deps.callbacks;
  const force = async (id: string, state: 'ROUTING' | 'PROCESSING') => {
    const record = (await store().get(id))!;
    const result = await store().update(id, record.version, { state }, clock.now());
    expect(result.ok).toBe(true);
  };

  describe('create: each preset answers its scenario dialog', () => {
    it('User-Terminated-Immediate (conformance 6): ConfirmationDialog, and the router is told', async () => {
      const res = await create('cb-uti', { _customer_number: '5115' });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        _id: expect.any(String),
        _action: 'ConfirmationDialog',
        _dialog_id: '0',
        _text: 'You will receive the call shortly',
        _ok_title: 'Ok',
      });
      expect(sent.map((m) => m.message)).toContainEqual(
        expect.objectContaining({ kind: 'route-callback', id: body._id }),
      );
      const [view] = await byId(body._id);
      expect(view).toMatchObject({
        _callback_state: 'QUEUED',
        _customer_number: '5115',
        _desired_time: START,
      });
    });

    it('User-Terminated-Delayed: ConfirmationDialog too (the contact center calls)', async () => {
      expect((await createOk('cb-utd'))._action).toBe('ConfirmationDialog');
    });

    it('User-Originated-Immediate: DialNumber with a locked access number that match-interaction finds', async () => {
      const body = await createOk('cb-uoi', { usr_reason: 'billing' });
      expect(body).toEqual({
        _id: expect.any(String),
        _action: 'DialNumber',
        _dialog_id: '0',
        _label: 'Connecting ...',
        _access_number: expect.stringMatching(/^650400000[123]$/),
        _tel_url: `tel:${body._access_number}`,
        _access_code: 'n/a',
        _expiration_time: '30',
      });
      const match = await s.fetch(
        '/service/match-interaction',
        formBody({ _access_number: body._access_number! }),
      );
      expect(match.status).toBe(200);
      expect((await match.json())._id).toBe(body._id);
    });

    it('User-Originated-Immediate with _provide_code: the code is returned and dialed after a pause', async () => {
      const body = await createOk('cb-code');
      expect(body._access_code).toMatch(/^\d{6}$/);
      expect(body._tel_url).toBe(`tel:${body._access_number},${body._access_code}`);
    });

    it('User-Originated-Delayed and Chat-Delayed: only the id and the wait text', async () => {
      for (const service of ['cb-uod', 'cb-chd']) {
        const body = await createOk(service);
        expect(body).toEqual({
          _id: expect.any(String),
          _text: 'We will notify you when agent is available',
        });
      }
    });

    it('Chat-Immediate: StartChat with the chat URL of the session and the local WebSocket', async () => {
      // _customer_number is a mandatory lookup key by default (_mandatory_customer_lookup_keys), chat included.
      const res = await create(
        'cb-chi',
        { _customer_number: nextNumber(), subject: 'Loans' },
        { gms_user: 'device-7' },
      );
      const body = await res.json();
      expect(res.status).toBe(200);
      expect(body).toEqual({
        _id: expect.any(String),
        _action: 'StartChat',
        _dialog_id: '1',
        _label: 'Start Chat',
        _start_chat_url: `${s.url.replace(/\/genesys$/, '')}/genesys/1/service/${body._id}/ixn/chat`,
        _comet_url: `${s.url}/cometd`,
        _user_header: 'device-7',
        _id_to_jump_before: 'exit://',
        _chat_parameters: { subject: 'Loans' },
      });
    });

    it('accepts urlencoded and multipart bodies and keeps custom keys as properties', async () => {
      const form = await s.fetch(
        '/service/callback/cb-uti',
        formBody({ _customer_number: nextNumber(), usr_customer_name: 'Bob' }),
      );
      expect(form.status).toBe(200);
      const multipart = new FormData();
      multipart.set('_customer_number', nextNumber());
      multipart.set('type', 'Gold');
      const mp = await s.fetch('/service/callback/cb-uti', { method: 'POST', body: multipart });
      expect(mp.status).toBe(200);
      expect((await byId((await form.json())._id))[0]!.usr_customer_name).toBe('Bob');
      expect((await byId((await mp.json())._id))[0]!.type).toBe('Gold');
    });

    it('the service wins over request scenario options', async () => {
      const body = await createOk('cb-uti', { _call_direction: 'USERORIGINATED', _media_type: 'chat' });
      expect(body._action).toBe('ConfirmationDialog');
    });
  });

  describe('scheduled callbacks and queries', () => {
    it('conformance 7: a callback 180 s ahead is SCHEDULED and queryable with the GMS keys', async () => {
      const desired = inSeconds(clock, 180);
      const before = sent.length;
      const body = await createOk('cb1', { _desired_time: desired, CB_SUBSCRIPTION_ID: 'sub-1' });
      expect(body._action).toBe('ConfirmationDialog');
      const views = await byId(body._id!);
      expect(views).toHaveLength(1);
      expect(views[0]).toMatchObject({
        _id: body._id,
        _desired_time: desired,
        _service_name: 'cb1',
        _callback_state: 'SCHEDULED',
        _expiration_time: new Date(Date.parse(desired) + 86_400_000).toISOString(),
        _url: `/genesys/1/service/callback/cb1/${body._id}`,
        CB_SUBSCRIPTION_ID: 'sub-1',
      });
      expect(views[0]!._customer_number).toMatch(/^5551/);
      // Three minutes ahead is the tick's job, not an immediate queue message.
      expect(sent.slice(before).map((m) => m.message.id)).not.toContain(body._id);
    });

    it('a callback due within 70 s is handed to the queue with the remaining delay', async () => {
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 60) });
      const msg = sent.find((m) => m.message.id === body._id);
      expect(msg?.message.kind).toBe('activate-callback');
      expect(msg?.delayMs).toBe(60_000);
    });

    it('an unknown id gives an empty array', async () => {
      expect(await byId('does-not-exist')).toEqual([]);
    });

    it('by customer number, with a state or a negated state', async () => {
      const number = nextNumber();
      const a = await createOk('cb1', { _customer_number: number, _desired_time: inSeconds(clock, 3600) });
      const b = await createOk('cb1', { _customer_number: number, _desired_time: inSeconds(clock, 7200) });
      expect((await s.fetch(`/service/callback/cb1/${b._id}`, { method: 'DELETE' })).status).toBe(200);
      const q = async (state?: string) => {
        const qs = new URLSearchParams({
          _customer_number: number,
          ...(state ? { _callback_state: state } : {}),
        });
        const res = await s.fetch(`/service/callback?${qs}`);
        expect(res.status).toBe(200);
        return ((await res.json()) as Record<string, string>[]).map((v) => v._id);
      };
      expect(await q()).toEqual([a._id, b._id]);
      expect(await q('SCHEDULED')).toEqual([a._id]);
      expect(await q('!COMPLETED')).toEqual([a._id]);
      expect(await q('!SCHEDULED')).toEqual([b._id]);
      expect(await q('completed')).toEqual([b._id]);
    });

    it('by properties with operand AND / OR', async () => {
      const x = await createOk('cb1', { _desired_time: inSeconds(clock, 900), color: 'red', size: 'L' });
      const y = await createOk('cb1', { _desired_time: inSeconds(clock, 960), color: 'blue', size: 'L' });
      const q = async (qs: string) => {
        const res = await s.fetch(`/service/callback/cb1?${qs}`);
        expect(res.status).toBe(200);
        return ((await res.json()) as Record<string, string>[]).map((v) => v._id).sort();
      };
      expect(await q('color=red&size=L')).toEqual([x._id]);
      expect(await q('operand=AND&color=red&size=L')).toEqual([x._id]);
      expect(await q('operand=OR&color=red&color2=none&size=XL')).toEqual([x._id]);
      expect(await q('operand=OR&color=red&color=blue')).toEqual([y._id]); // the last value of a repeated key
      expect(await q('size=L')).toEqual([x._id, y._id].sort());
      expect(await q(`size=L&_callback_state=!SCHEDULED`)).toEqual([]);
    });
  });

  describe('reschedule and property updates', () => {
    it('conformance 9: a property sent as "" is removed; others are set', async () => {
      const body = await createOk('cb1', {
        _desired_time: inSeconds(clock, 600),
        CB_SUBSCRIPTION_ID: 'sub-2',
      });
      const res = await s.fetch(
        `/service/callback/cb1/${body._id}`,
        jsonBody({ CB_SUBSCRIPTION_ID: '', note: 'vip' }, 'PUT'),
      );
      expect(res.status).toBe(200);
      const [view] = await byId(body._id!);
      expect(view).not.toHaveProperty('CB_SUBSCRIPTION_ID');
      expect(view!.note).toBe('vip');
    });

    it('_new_desired_time moves the callback and its expiry', async () => {
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 600) });
      const moved = inSeconds(clock, 1800);
      const res = await s.fetch(
        `/service/callback/cb1/${body._id}`,
        jsonBody({ _new_desired_time: moved }, 'PUT'),
      );
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await res.json())._desired_time).toBe(moved);
      const [view] = await byId(body._id!);
      expect(view).toMatchObject({
        _desired_time: moved,
        _callback_state: 'SCHEDULED',
        _expiration_time: new Date(Date.parse(moved) + 86_400_000).toISOString(),
      });
    });

    it('refuses bad times, record keys, unknown ids and completed callbacks', async () => {
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 600) });
      const put = (id: string, fields: Record<string, string>) =>
        s.fetch(`/service/callback/cb1/${id}`, jsonBody(fields, 'PUT'));
      await expectBad(await put(body._id!, { _new_desired_time: 'next tuesday' }), '_new_desired_time');
      await expectBad(await put(body._id!, { _callback_state: 'COMPLETED' }), '_callback_state');
      // Rule refusals of the new time name the parameter that carried it.
      await expectBad(
        await put(body._id!, { _new_desired_time: '2020-01-01T00:00:00Z' }),
        '_new_desired_time',
      );
      await expectBad(
        await put(body._id!, { _new_desired_time: inSeconds(clock, 90 * 86_400) }),
        '_new_desired_time',
      );
      expect((await put('nope', { a: '1' })).status).toBe(404);
      expect(
        (await s.fetch(`/service/callback/cb-uti/${body._id}`, jsonBody({ a: '1' }, 'PUT'))).status,
      ).toBe(404);
      expect((await s.fetch(`/service/callback/cb1/${body._id}`, { method: 'DELETE' })).status).toBe(200);
      const late = await put(body._id!, { a: '1' });
      expect(late.status).toBe(409);
    });
  });

  describe('cancel', () => {
    it('conformance 8: DELETE completes the callback as CANCELLED; a second DELETE is refused', async () => {
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 300) });
      const del = await s.fetch(`/service/callback/cb1/${body._id}`, { method: 'DELETE' });
      expect(del.status).toBe(200);
      const [view] = await byId(body._id!);
      expect(view).toMatchObject({ _callback_state: 'COMPLETED', _callback_reason: 'CANCELLED' });
      const again = await s.fetch(`/service/callback/cb1/${body._id}`, { method: 'DELETE' });
      expect(again.status).toBe(409);
      expect((await again.json()).message).toContain('already COMPLETED');
    });

    it('gives back the guards it held (the time bucket is free again)', async () => {
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 2 * 86_400) });
      const held = (await store().get(body._id!))!.guards;
      expect(held.length).toBeGreaterThan(0);
      const before = await store().guardCounts(held.map((g) => g.key));
      await s.fetch(`/service/callback/cb1/${body._id}`, { method: 'DELETE' });
      const after = await store().guardCounts(held.map((g) => g.key));
      for (const g of held) expect(after[g.key]).toBe(before[g.key]! - 1);
      expect((await store().get(body._id!))!.guards).toEqual([]);
    });

    it('a cancelled user-originated callback gives its access number back at once', async () => {
      const body = await createOk('cb-uoi');
      expect((await s.fetch(`/service/callback/cb-uoi/${body._id}`, { method: 'DELETE' })).status).toBe(200);
      const match = await s.fetch(
        '/service/match-interaction',
        formBody({ _access_number: body._access_number! }),
      );
      expect(match.status).toBe(404);
    });

    it('a PROCESSING callback cannot be cancelled', async () => {
      const body = await createOk('cb-uti');
      await force(body._id!, 'ROUTING');
      await force(body._id!, 'PROCESSING');
      const del = await s.fetch(`/service/callback/cb-uti/${body._id}`, { method: 'DELETE' });
      expect(del.status).toBe(409);
      expect((await del.json()).message).toContain('PROCESSING');
      expect((await byId(body._id!))[0]!._callback_state).toBe('PROCESSING');
    });

    it('an unknown id, or one of another service, is 404', async () => {
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 300) });
      expect((await s.fetch('/service/callback/cb1/nope', { method: 'DELETE' })).status).toBe(404);
      expect((await s.fetch(`/service/callback/cb-uti/${body._id}`, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('connect (delayed scenarios)', () => {
    const connect = (id: string) => s.fetch(`/service/${id}/connect`, { method: 'POST' });

    it('before an agent is available (not ROUTING) it is refused; unknown ids are 404', async () => {
      const body = await createOk('cb-uod');
      expect((await connect(body._id!)).status).toBe(409);
      expect((await connect('unknown-id')).status).toBe(404);
      const immediate = await createOk('cb-uti');
      expect((await connect(immediate._id!)).status).toBe(409);
    });

    it('User-Originated-Delayed: DialNumber with a fresh access number', async () => {
      const body = await createOk('cb-uod');
      await force(body._id!, 'ROUTING');
      const res = await connect(body._id!);
      expect(res.status, await res.clone().text()).toBe(200);
      const dial = await res.json();
      expect(dial).toMatchObject({ _id: body._id, _action: 'DialNumber', _access_code: 'n/a' });
      expect(dial._tel_url).toBe(`tel:${dial._access_number}`);
      const match = await s.fetch(
        '/service/match-interaction',
        formBody({ _access_number: dial._access_number }),
      );
      expect((await match.json())._id).toBe(body._id);
    });

    it('User-Terminated-Delayed: ConfirmationDialog and the router is told to dial', async () => {
      const body = await createOk('cb-utd');
      await force(body._id!, 'ROUTING');
      const res = await connect(body._id!);
      expect(await res.json()).toMatchObject({ _id: body._id, _action: 'ConfirmationDialog' });
      expect(sent.map((m) => m.message)).toContainEqual(
        expect.objectContaining({ kind: 'callback-confirmed', id: body._id }),
      );
    });

    it('Chat-Delayed: StartChat', async () => {
      const body = await createOk('cb-chd');
      await force(body._id!, 'ROUTING');
      const chat = await (await connect(body._id!)).json();
      expect(chat).toMatchObject({
        _id: body._id,
        _action: 'StartChat',
        _chat_parameters: { subject: 'None' },
      });
    });
  });

  describe('availability', () => {
    it('conformance 10: at most max-time-slots ISO-UTC -> int entries', async () => {
      const start = inSeconds(clock, 3600);
      const res = await s.fetch(
        `/service/callback/cb1/availability?start=${encodeURIComponent(start)}&number-of-days=1&max-time-slots=10`,
      );
      expect(res.status).toBe(200);
      const slots = (await res.json()) as Record<string, number>;
      const keys = Object.keys(slots);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.length).toBeLessThanOrEqual(10);
      for (const [k, v] of Object.entries(slots)) {
        expect(new Date(k).toISOString()).toBe(k);
        expect(Number.isInteger(v)).toBe(true);
      }
    });

    it('names the malformed parameter', async () => {
      const av = (qs: string) => s.fetch(`/service/callback/cb1/availability?${qs}`);
      await expectBad(await av('start=yesterday'), 'start');
      await expectBad(await av('max-time-slots=many'), 'max-time-slots');
      await expectBad(await av('number-of-days=1.5'), 'number-of-days');
    });
  });

  describe('admin', () => {
    it('conformance 13: watermarks count the active callbacks of the named services', async () => {
      const res = await s.admin('/admin/callback/watermarks?service_name=cb1');
      expect(res.status).toBe(200);
      const body = await res.json();
      const records = await store().listByService('cb1', 0, Date.UTC(9999, 0, 1), 10_000);
      const active = records.filter((r) => r.state !== 'COMPLETED').length;
      expect(active).toBeGreaterThan(0);
      expect(body).toEqual({ services: { cb1: active }, total: active });

      const two = await (
        await s.admin('/admin/callback/watermarks?service_name=cb1&service_name=cb-uti')
      ).json();
      expect(Object.keys(two.services).sort()).toEqual(['cb-uti', 'cb1']);
      expect(two.total).toBe(two.services.cb1 + two.services['cb-uti']);
      expect((await s.admin('/admin/callback/watermarks?service_name=nope')).status).toBe(404);
    });

    it('conformance 14: admin cancel with per-id results', async () => {
      const a = await createOk('cb1', { _desired_time: inSeconds(clock, 400) });
      const busy = await createOk('cb-uti');
      await force(busy._id!, 'ROUTING');
      await force(busy._id!, 'PROCESSING');
      const res = await s.admin(
        '/admin/callback/cancel',
        jsonBody({ reason: 'CANCELLED_BY_ADMIN', ids: [a._id, busy._id, 'missing'] }),
      );
      expect(res.status).toBe(200);
      const { results } = await res.json();
      expect(results).toEqual([
        { id: a._id, result: 'CANCELLED' },
        { id: busy._id, result: 'REFUSED', message: expect.stringContaining('PROCESSING') },
        { id: 'missing', result: 'NOT_FOUND', message: expect.any(String) },
      ]);
      expect((await byId(a._id!))[0]).toMatchObject({
        _callback_state: 'COMPLETED',
        _callback_reason: 'CANCELLED_BY_ADMIN',
      });
    });

    it('queues: default window, custom range, states and max', async () => {
      const name = 'cb-q';
      await s.admin(
        `/admin/services/${name}`,
        jsonBody(
          {
            ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
            _target: TARGET,
          },
          'PUT',
        ),
      );
      const soon = [];
      for (const minutes of [10, 20, 30]) {
        soon.push((await createOk(name, { _desired_time: inSeconds(clock, minutes * 60) }))._id!);
      }
      const later = (await createOk(name, { _desired_time: inSeconds(clock, 3 * 86_400) }))._id!;
      await s.fetch(`/service/callback/${name}/${soon[1]}`, { method: 'DELETE' });

      const ids = async (qs: string) => {
        const res = await s.admin(`/admin/callback/queues?target=${name}${qs}`);
        expect(res.status, await res.clone().text()).toBe(200);
        const body = await res.json();
        expect(Object.keys(body)).toEqual([name]);
        return (body[name] as Record<string, string>[]).map((v) => v._id);
      };
      expect(await ids('')).toEqual(soon);
      expect(await ids('&states=SCHEDULED')).toEqual([soon[0], soon[2]]);
      expect(await ids('&states=completed,QUEUED')).toEqual([soon[1]]);
      expect(await ids('&max=2')).toEqual(soon.slice(0, 2));
      const range = `&start_time=${inSeconds(clock, 0)}&end_time=${inSeconds(clock, 7 * 86_400)}`;
      expect(await ids(range)).toEqual([...soon, later]);

      const all = await (await s.admin('/admin/callback/queues')).json();
      expect(Object.keys(all)).toEqual(expect.arrayContaining(['cb1', 'cb-uti', name]));
    });

    it('queues refuses bad input, naming the parameter', async () => {
      const q = (qs: string) => s.admin(`/admin/callback/queues?${qs}`);
      await expectBad(
        await q(`start_time=${inSeconds(clock, 0)}&end_time=${inSeconds(clock, 40 * 86_400)}`),
        'end_time',
      );
      await expectBad(
        await q(`start_time=${inSeconds(clock, 60)}&end_time=${inSeconds(clock, 0)}`),
        'end_time',
      );
      await expectBad(await q('start_time=soon'), 'start_time');
      await expectBad(await q('states=WAITING'), 'states');
      await expectBad(await q('max=0'), 'max');
      expect((await q('target=nope')).status).toBe(404);
    });

    it('roles: CallbackReadOnly reads but cannot cancel; no credentials is 401', async () => {
      const auth = { authorization: basic('reader', 'reader-password') };
      expect((await s.fetch('/admin/callback/queues', { headers: auth })).status).toBe(200);
      expect((await s.fetch('/admin/callback/watermarks', { headers: auth })).status).toBe(200);
      const cancel = await s.fetch('/admin/callback/cancel', {
        ...jsonBody({ ids: ['x'] }),
        headers: { ...auth, 'content-type': 'application/json' },
      });
      expect(cancel.status).toBe(403);
      expect((await s.fetch('/admin/callback/queues')).status).toBe(401);
    });

    it('cancel refuses a malformed body', async () => {
      await expectBad(await s.admin('/admin/callback/cancel', jsonBody({ ids: [] })), 'ids');
      await expectBad(
        await s.admin('/admin/callback/cancel', jsonBody({ reason: 'BORED', ids: ['x'] })),
        'reason',
      );
    });
  });

  describe('bad input and unknown services', () => {
    it('create: each 400 names the parameter', async () => {
      await expectBad(await create('cb-uti', {}), '_customer_number');
      await expectBad(
        await create('cb1', { _customer_number: '5', _desired_time: '28/05/2026 15:30' }),
        '_desired_time',
      );
      await expectBad(
        await create('cb1', { _customer_number: '5', _desired_time: '2026-11-23T15:30:00' }),
        '_desired_time',
      );
      await expectBad(
        await create('cb1', { _customer_number: '5', _desired_time: '2020-01-01T00:00:00Z' }),
        '_desired_time',
      );
    });

    it('a parameter without a name is a 400 naming it (""), never a 500', async () => {
      await expectBad(await create('cb-uti', { _customer_number: nextNumber(), '': 'empty key' }), '');
      await expectBad(
        await s.fetch('/service/callback/cb-uti', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `_customer_number=${nextNumber()}&=x`,
        }),
        '',
      );
      const multipart = new FormData();
      multipart.set('_customer_number', nextNumber());
      multipart.set('', 'x');
      await expectBad(await s.fetch('/service/callback/cb-uti', { method: 'POST', body: multipart }), '');
      const body = await createOk('cb1', { _desired_time: inSeconds(clock, 600) });
      const put = (fields: Record<string, string>) =>
        s.fetch(`/service/callback/cb1/${body._id}`, jsonBody(fields, 'PUT'));
      await expectBad(await put({ '': 'x' }), '');
      await expectBad(await put({ '': '' }), '');
      expect((await put({ note: 'still updatable' })).status).toBe(200);
    });

    it('a _target the router cannot read is refused at create and when the service is saved', async () => {
      const template = builtinTemplate('callback')!;
      const options = { ...defaultServiceOptions(template, 'User-Terminated-Immediate') };
      for (const target of ['x@StatServer.DN', 'garbage']) {
        await expectBad(
          await s.admin('/admin/services/cb-bad-target', jsonBody({ ...options, _target: target }, 'PUT')),
          '_target',
        );
        // Stored directly, as a service saved before this check was: create refuses it.
        await s.deps.config.put('service', 'cb-bad-target', { ...options, _target: target });
        await expectBad(await create('cb-bad-target', { _customer_number: nextNumber() }), '_target');
      }
      const overridable = { ...options, _target: TARGET, _overwritable_options: '_target' };
      const put = await s.admin('/admin/services/cb-target-override', jsonBody(overridable, 'PUT'));
      expect(put.status, await put.clone().text()).toBe(200);
      await expectBad(
        await create('cb-target-override', { _customer_number: nextNumber(), _target: 'x@StatServer.DN' }),
        '_target',
      );
      await createOk('cb-target-override', { _target: 'Loans@StatServer.GA' });
      // A $token$ target is filled in per request, so it is checked at create only.
      const tokenized = { ...options, _target: '$group$@StatServer.GA' };
      const saved = await s.admin('/admin/services/cb-target-token', jsonBody(tokenized, 'PUT'));
      expect(saved.status, await saved.clone().text()).toBe(200);
      await createOk('cb-target-token', { group: 'Loans' });
      await expectBad(
        await create('cb-target-token', { _customer_number: nextNumber(), group: 'a=b=c' }),
        '_target',
      );
    });

    it('conformance 12: a premium number is refused with CallbackExceptionNumber', async () => {
      const res = await create('cb-uti', { _customer_number: '+19005551234' });
      expect(res.status).toBe(400);
      expect((await res.json()).exception).toBe(
        'com.genesyslab.gsg.services.callback.exceptions.CallbackExceptionNumber',
      );
    });

    it('a malformed scenario option of the service names the option', async () => {
      // Stored directly: the management API would refuse the bad value.
      await s.deps.config.put('service', 'cb-bad', {
        _type: 'ors',
        _service: 'callback',
        _media_type: 'fax',
      });
      await expectBad(await create('cb-bad', { _customer_number: '5' }), '_media_type');
    });

    it('an office-hours service that does not exist is a resource error', async () => {
      await s.deps.config.put('service', 'cb-oh', {
        _type: 'ors',
        _service: 'callback',
        _business_hours_service: 'missing-hours',
      });
      const res = await create('cb-oh', { _customer_number: nextNumber() });
      expect((await res.json()).exception).toBe(
        'com.genesyslab.gsg.services.callback.exceptions.CallbackExceptionResource',
      );
    });

    it('queries: 400 naming the parameter', async () => {
      await expectBad(await s.fetch('/service/callback'), '_id');
      await expectBad(
        await s.fetch('/service/callback?_customer_number=1&_callback_state=LOST'),
        '_callback_state',
      );
      await expectBad(await s.fetch('/service/callback/cb1?operand=XOR'), 'operand');
      await expectBad(await s.fetch('/service/callback/cb1?_callback_state=BOGUS'), '_callback_state');
      await expectBad(
        await s.fetch('/service/callback/cb1?operand=OR&_callback_state=!LOST'),
        '_callback_state',
      );
      expect((await s.fetch('/service/callback/cb1?_callback_state=!completed')).status).toBe(200);
    });

    it('unknown services, and services that are not callbacks, are 404', async () => {
      expect((await create('nope', { _customer_number: '5' })).status).toBe(404);
      expect((await create('oh', { _customer_number: '5' })).status).toBe(404);
      expect((await s.fetch('/service/callback/nope')).status).toBe(404);
      expect((await s.fetch('/service/callback/nope/availability')).status).toBe(404);
      expect((await s.fetch('/service/callback/nope/x', { method: 'DELETE' })).status).toBe(404);
    });
  });
});
