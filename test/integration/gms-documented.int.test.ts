import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import type { WorkMessage } from '../../functions/ports/work-queue.js';
import { ManualClock } from '../support/manual-clock.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 10, item 4: behaviours GMS 8.5 documents that existing clients rely on, through the real
 * HTTP API on the local runtime.
 */

let s: TestServer;
const clock = new ManualClock();

beforeAll(async () => {
  s = await startTestServer({ clock });
  const put = async (path: string, body: unknown) => {
    const res = await s.admin(path, jsonBody(body, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  await put('/admin/resources/DocPool', { dnis1: '6509001001', dnis2: '6509001002' });
  await put('/admin/services/uod-race', {
    ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Originated-Delayed'),
    _target: 'RaceNobody@StatServer.GA',
    _resource_group: 'DocPool',
  });
  await put('/admin/services/uod-seed', {
    ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Originated-Delayed'),
    _target: 'SeedDialog@StatServer.GA',
    _resource_group: 'DocPool',
    _agent_available_action: 'get-dialog',
    _provide_code: 'false',
  });
  await put('/admin/services/ri-doc', {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'DocPool',
  });
});
afterAll(async () => {
  await s?.stop();
});

const withUser = (init: RequestInit, user?: string): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), ...(user ? { gms_user: user } : {}) },
});

describe('storage under a custom id (GMS 8.5.103 storage/custom/{customId}/{ttl})', () => {
  const createCustom = (id: string, ttl: string, fields: Record<string, string>, user?: string) =>
    s.fetch(`/storage/custom/${id}/${ttl}`, withUser(formBody(fields), user));

  it('answers the custom id; its owner reads, updates and deletes it; others get 404', async () => {
    const res = await createCustom('basket-42', '3600', { item: 'shoes', size: '44' }, 'alice');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ id: 'basket-42' });

    const read = (path: string, user?: string) => s.fetch(path, withUser({}, user));
    const mine = await read('/storage/basket-42', 'alice');
    expect(mine.status).toBe(200);
    expect(await mine.json()).toEqual({ item: 'shoes', size: '44' });
    expect(await (await read('/storage/basket-42/size', 'alice')).text()).toBe('44');
    expect(await (await read('/storage/binary/basket-42/item', 'alice')).text()).toBe('shoes');

    // Without the header or as someone else, the entry does not exist.
    const anonymous = await read('/storage/basket-42');
    expect(anonymous.status).toBe(404);
    expect((await anonymous.json()).message).toContain('gms_user');
    expect((await read('/storage/basket-42', 'bob')).status).toBe(404);
    expect((await read('/storage/basket-42/size', 'bob')).status).toBe(404);
    expect((await s.fetch('/storage/basket-42/60', withUser(formBody({ item: 'x' }), 'bob'))).status).toBe(
      404,
    );
    expect((await s.fetch('/storage/basket-42', withUser({ method: 'DELETE' }, 'bob'))).status).toBe(404);

    // The owner updates through the ordinary update route; writing the id again replaces it.
    expect(
      (await s.fetch('/storage/basket-42/3600', withUser(formBody({ colour: 'red' }), 'alice'))).status,
    ).toBe(200);
    expect(await (await read('/storage/basket-42', 'alice')).json()).toEqual({
      item: 'shoes',
      size: '44',
      colour: 'red',
    });
    expect((await createCustom('basket-42', '3600', { item: 'hat' }, 'alice')).status).toBe(200);
    expect(await (await read('/storage/basket-42', 'alice')).json()).toEqual({ item: 'hat' });

    // Another user cannot take the id while it lives.
    const taken = await createCustom('basket-42', '3600', { item: 'gloves' }, 'bob');
    expect(taken.status).toBe(409);
    expect(await (await read('/storage/basket-42', 'alice')).json()).toEqual({ item: 'hat' });

    expect((await s.fetch('/storage/basket-42', withUser({ method: 'DELETE' }, 'alice'))).status).toBe(200);
    expect((await read('/storage/basket-42', 'alice')).status).toBe(404);
  });

  it('expires after its ttl; the id is then free for anyone', async () => {
    expect((await createCustom('short-lived', '10', { a: '1' }, 'alice')).status).toBe(200);
    clock.advance(11);
    expect((await s.fetch('/storage/short-lived', withUser({}, 'alice'))).status).toBe(404);
    expect((await createCustom('short-lived', '10', { a: '2' }, 'bob')).status).toBe(200);
    expect(await (await s.fetch('/storage/short-lived', withUser({}, 'bob'))).json()).toEqual({ a: '2' });
  });

  it('JSON and multipart bodies are stored too', async () => {
    const json = await s.fetch(
      '/storage/custom/json-body/60',
      withUser(jsonBody({ n: 5, ok: true }), 'carol'),
    );
    expect(json.status).toBe(200);
    expect(await (await s.fetch('/storage/json-body', withUser({}, 'carol'))).json()).toEqual({
      n: '5',
      ok: 'true',
    });
    const form = new FormData();
    form.append('pic', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'p.png');
    expect(
      (await s.fetch('/storage/custom/multi-body/60', withUser({ method: 'POST', body: form }, 'carol')))
        .status,
    ).toBe(200);
    const bin = await s.fetch('/storage/binary/multi-body/pic', withUser({}, 'carol'));
    expect(bin.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it.each([
    ['no gms_user header', 'no-user', '60', undefined, 'gms_user'],
    ['a blank gms_user header', 'blank-user', '60', ' ', 'gms_user'],
    ['a ttl that is not a number', 'bad-ttl', 'abc', 'alice', 'ttl'],
    ['a ttl of 0', 'zero-ttl', '0', 'alice', 'ttl'],
    ['an id with characters outside [A-Za-z0-9._~-]', 'a%20b', '60', 'alice', 'customId'],
    ['an id shaped like a generated id', 'abcdefabcdefabcdefabcdefabcdef12', '60', 'alice', 'customId'],
  ])('400 naming the parameter for %s', async (_what, id, ttl, user, parameter) => {
    const res = await s.fetch(
      `/storage/custom/${id}/${ttl}`,
      user === undefined ? formBody({ a: '1' }) : withUser(formBody({ a: '1' }), user),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 400, parameter });
    expect((await s.fetch(`/storage/${id}`, withUser({}, 'alice'))).status).toBe(404);
  });

  it('an entry created with a generated id stays readable without gms_user', async () => {
    const res = await s.fetch('/storage/60', withUser(formBody({ k: 'v' }), 'alice'));
    const { id } = await res.json();
    expect(await (await s.fetch(`/storage/${id}`)).json()).toEqual({ k: 'v' });
  });
});

describe('match-interaction _return_user_data (GMS 8.5.102)', () => {
  it('returns the user data the session was created with, like _return_data; needs the same proof', async () => {
    const created = await s.fetch(
      '/service/ri-doc',
      formBody({ _phone_number: '6504661111', first_name: 'Ann', account: '778' }),
    );
    expect(created.status).toBe(200);
    const session = await created.json();

    const unproven = await s.fetch(
      '/service/match-interaction',
      formBody({ _access_number: session._access_number, _return_user_data: 'true' }),
    );
    expect(unproven.status).toBe(403);
    expect(await unproven.json()).toMatchObject({ parameter: '_return_user_data' });

    const matched = await s.fetch(
      '/service/match-interaction',
      formBody({
        _access_number: session._access_number,
        _phone_number: '6504661111',
        _return_user_data: 'true',
      }),
    );
    expect(matched.status).toBe(200);
    expect(await matched.json()).toEqual({
      _id: session._id,
      _data_id: session._data_id,
      _data: { first_name: 'Ann', account: '778' },
    });
  });

  it('without the flag only the ids come back', async () => {
    const session = await (
      await s.fetch('/service/ri-doc', formBody({ _phone_number: '6504662222', x: '1' }))
    ).json();
    const matched = await s.fetch(
      '/service/match-interaction',
      formBody({ _access_number: session._access_number, _phone_number: '6504662222' }),
    );
    expect(await matched.json()).toEqual({ _id: session._id, _data_id: session._data_id });
  });
});

describe('request-chat _verbose=true', () => {
  it('answers _chatIxnAPI-CREATE-URL as the relative path, which works against the server', async () => {
    const res = await s.fetch('/service/request-chat', withUser(formBody({ _verbose: 'true' }), 'chat-user'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body['_chatIxnAPI-CREATE-URL']).toBe(`/genesys/1/service/${body._id}/ixn/chat`);
    // A GMS client prepends the server it talks to.
    const origin = new URL(s.api).origin;
    const start = await fetch(
      `${origin}${body['_chatIxnAPI-CREATE-URL']}`,
      withUser(formBody({ firstName: 'Ann', lastName: 'Lee', subject: 'help' }), 'chat-user'),
    );
    expect(start.status, await start.clone().text()).toBe(200);
    expect(await start.json()).toMatchObject({ _id: body._id });
    // Ended, so no agent of a later test is offered it (the built-in request-chat serves any agent).
    const ended = await fetch(
      `${origin}${body['_chatIxnAPI-CREATE-URL']}/disconnect`,
      withUser(formBody({}), 'chat-user'),
    );
    expect(ended.status, await ended.clone().text()).toBe(200);
  });
});

describe('check-queue-position right after a User-Originated-Delayed create', () => {
  const create = async (n: number) => {
    const res = await s.fetch('/service/callback/uod-race', jsonBody({ _customer_number: `51255510${n}` }));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  const position = (id: string) => s.fetch(`/service/${id}/check-queue-position`);
  const state = async (id: string) =>
    (await (await s.fetch(`/service/callback?_id=${id}`)).json())[0]._callback_state;

  it('a QUEUED callback whose waiting entry is not written yet has a place: last of its queue', async () => {
    // Hold the work queue: the route-callback messages that write the waiting entries wait.
    const held: WorkMessage[] = [];
    const send = s.queue.send.bind(s.queue);
    s.queue.send = async (message: WorkMessage) => {
      held.push(message);
    };
    let ids: string[];
    try {
      ids = [await create(1), await create(2), await create(3)];
      for (const id of ids) {
        expect(await state(id)).toBe('QUEUED');
        expect(await s.deps.routing.getWaiting(id)).toBeUndefined();
        const res = await position(id);
        expect(res.status, await res.clone().text()).toBe(200);
        // Nothing has joined the queue yet: each would be first of one.
        expect(await res.json()).toMatchObject({ _position: 1, _total_waiting: 1 });
      }
    } finally {
      s.queue.send = send;
    }
    for (const m of held) await send(m);
    await s.queue.idle();
    // Once the entries are written, each has its ticket's place among the three.
    for (const id of ids) {
      const body = await (await position(id)).json();
      expect(body._total_waiting).toBe(3);
      expect(body._position).toBeGreaterThanOrEqual(1);
      expect(body._position).toBeLessThanOrEqual(3);
    }
    // A fourth one, not written yet, is placed behind the three.
    s.queue.send = async () => undefined;
    try {
      const late = await create(4);
      expect(await (await position(late)).json()).toMatchObject({ _position: 4, _total_waiting: 4 });
    } finally {
      s.queue.send = send;
    }
  });

  it('under load: 40 concurrent creates each followed at once by check-queue-position, none answers 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const id = await create(100 + i);
        const res = await position(id);
        return { status: res.status, body: await res.json() };
      }),
    );
    for (const r of results) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body._position).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("the seed's get-dialog-user-confirmation-provide_code-<bool> request", () => {
  const agent = (action: string, body: unknown = {}) =>
    s.admin(`/agents/seed-agent/${action}`, jsonBody(body));

  it('is the agent-available push action with _agent_available_action=get-dialog; the dialog is fetched and leads to connect', async () => {
    const created = await s.fetch('/service/callback/uod-seed', jsonBody({ _customer_number: '5125559001' }));
    expect(created.status, await created.clone().text()).toBe(200);
    const id = (await created.json())._id as string;
    const request = `/service/${id}/get-dialog-user-confirmation-provide_code-false`;
    // No agent yet: nothing to confirm.
    expect((await s.fetch(request)).status).toBe(409);

    expect((await agent('login', { groups: ['SeedDialog'], ready: true })).status).toBe(200);
    // No device channel: the push waits for poll, as the seed's sample polls it.
    let pushed: { _action: string; _id: string }[] = [];
    const deadline = Date.now() + 10_000;
    while (pushed.length === 0 && Date.now() < deadline) {
      pushed = await (await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' })).json();
      if (pushed.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(pushed).toEqual([{ _action: 'get-dialog-user-confirmation-provide_code-false', _id: id }]);

    // The seed POSTs /service/{_id}/{_action}; GMS's JavaScript sample GETs it: both answer the menu.
    const origin = new URL(s.api).origin;
    for (const method of ['POST', 'GET']) {
      const res = await s.fetch(`/service/${id}/${pushed[0]!._action}`, { method });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toEqual({
        _id: id,
        _action: 'DisplayMenu',
        _label: 'An agent is available to take your call.',
        _content: [
          {
            _group_name: 'Agent available',
            _group_content: [
              { _label: 'Connect now', _user_action_url: `${origin}/genesys/1/service/${id}/connect` },
            ],
          },
        ],
      });
    }
    // The menu's choice is the ordinary confirmation: the number to dial.
    const menu = await (await s.fetch(request)).json();
    const dial = await fetch(menu._content[0]._group_content[0]._user_action_url, { method: 'POST' });
    expect(dial.status, await dial.clone().text()).toBe(200);
    expect(await dial.json()).toMatchObject({
      _id: id,
      _action: 'DialNumber',
      _access_number: expect.any(String),
    });
    await agent('logout');
  });

  it('404 for an unknown callback', async () => {
    expect((await s.fetch('/service/no-such/get-dialog-user-confirmation-provide_code-true')).status).toBe(
      404,
    );
  });
});
