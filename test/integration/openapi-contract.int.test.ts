import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { Router } from '../../functions/http/router.js';
import { ALL_ROUTES } from '../../functions/routes/index.js';
import { until } from '../support/chat-client.js';
import { startPrismProxy, type PrismProxy } from '../support/prism-proxy.js';
import { ADMIN_AUTH, basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** Bodies are read field by field. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Exchange {
  method: string;
  path: string;
  status: number;
  operationId?: string;
  violations?: string;
  body: string;
}

interface Call {
  json?: unknown;
  form?: Record<string, string>;
  multipart?: FormData;
  raw?: { type: string; body: string };
  auth?: string | false;
  headers?: Record<string, string>;
}

/**
 * The OpenAPI document against the server, as Prism sees it: Stoplight Prism in proxy mode (with
 * `--errors`) in front of the real local runtime, and the integration scenarios replayed through
 * it, every operation of the route table at least once with a success and the typical errors.
 * Any request or response the document does not describe comes back with `sl-violations`.
 */
describe('OpenAPI contract (Prism proxy)', () => {
  let s: TestServer;
  let prism: PrismProxy;
  let dir: string;
  /** A bearer token: Basic credentials cost a password hash check on every request (about 1 s here). */
  let admin: string;
  const exchanges: Exchange[] = [];
  const router = new Router(ALL_ROUTES);

  beforeAll(async () => {
    s = await startTestServer({ dialDelayMs: 50 });
    dir = await mkdtemp(join(tmpdir(), 'gms-openapi-'));
    const file = join(dir, 'openapi.json');
    await writeFile(file, await (await s.fetch('/openapi.json')).text());
    // Prism starts in a few seconds; once in a full run on a loaded 2-core machine it printed
    // nothing after "Starting Prism" for a minute. A second start is the test's retry, not a
    // looser check: every exchange is still held to the document.
    const upstream = `http://127.0.0.1:${s.port}`;
    prism = await startPrismProxy(file, upstream).catch(() => startPrismProxy(file, upstream));
    const login = await s.fetch('/admin/login', jsonBody({ username: 'default', password: 'password' }));
    admin = `Bearer ${(await login.json()).token}`;
  }, 150_000);

  afterAll(async () => {
    await prism?.stop();
    await s?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** One request through Prism; fails at once when the status is not the one expected. */
  const call = async (method: string, path: string, expected: number, c: Call = {}): Promise<Json> => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.auth !== false) headers.authorization = c.auth ?? admin;
    let body: BodyInit | undefined;
    if (c.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(c.json);
    } else if (c.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(c.form).toString();
    } else if (c.multipart) body = c.multipart;
    else if (c.raw) {
      headers['content-type'] = c.raw.type;
      body = c.raw.body;
    }
    const url = new URL(`${prism.url}/genesys/1${path}`);
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    const match = router.match(method, url.pathname);
    const exchange: Exchange = {
      method,
      path,
      status: res.status,
      operationId: match && 'route' in match ? match.route.operationId : undefined,
      violations: res.headers.get('sl-violations') ?? undefined,
      body: text.slice(0, 500),
    };
    exchanges.push(exchange);
    expect(exchange.violations, `${method} ${path}: ${text.slice(0, 500)}`).toBeUndefined();
    expect(res.status, `${method} ${path}: ${text.slice(0, 500)}`).toBe(expected);
    const type = res.headers.get('content-type') ?? '';
    return type.includes('json') && text ? JSON.parse(text) : text;
  };

  it('system, node and management routes', async () => {
    await call('GET', '/health', 200, { auth: false });
    await call('GET', '/openapi.json', 200, { auth: false });
    const login = await call('POST', '/admin/login', 200, {
      auth: false,
      json: { username: 'default', password: 'password' },
    });
    await call('POST', '/admin/login', 401, { auth: false, form: { username: 'default', password: 'nope' } });
    await call('POST', '/admin/logout', 200, { auth: `Bearer ${login.token}` });
    await call('GET', '/admin/node/status', 200, { auth: ADMIN_AUTH });
    await call('GET', '/admin/node/status', 401, { auth: basic('default', 'wrong') });
    await call('POST', '/admin/node/changestatus/ONLINE', 200);

    const template = builtinTemplate('callback')!;
    await call('PUT', '/admin/resources/DNIS', 200, { json: { dnis1: '6504100001', dnis2: 6504100002 } });
    await call('GET', '/admin/resources', 200);
    await call('GET', '/admin/resources/DNIS', 200);
    await call('PUT', '/admin/resources/GONE', 200, { json: { '7000': '7000' } });
    await call('DELETE', '/admin/resources/GONE', 200);
    await call('GET', '/admin/resources/GONE', 404);

    await call('PUT', '/admin/services/cb', 200, {
      json: {
        ...defaultServiceOptions(template, 'User-Terminated-Delayed'),
        _target: 'CT@StatServer.GA',
      },
    });
    await call('PUT', '/admin/services/cbi', 200, {
      json: {
        ...defaultServiceOptions(template, 'User-Originated-Immediate'),
        _target: 'CI@StatServer.GA',
        _resource_group: 'DNIS',
      },
    });
    await call('PUT', '/admin/services/status', 200, {
      json: { _type: 'builtin', _service: 'get', _online_code: 200, _offline_code: 503, color: 'blue' },
    });
    await call('PUT', '/admin/services/hours', 200, {
      json: {
        _type: 'builtin',
        _service: 'office-hours',
        _timezone: 'UTC',
        _bh_regular: 'Mon-Sun 00:00-23:59',
      },
    });
    await call('PUT', '/admin/services/bad', 400, { json: { _type: 'builtin', _service: 'nope' } });
    await call('GET', '/admin/services', 200);
    await call('GET', '/admin/services/cb', 200);
    await call('PUT', '/admin/services/gone', 200, {
      json: { _type: 'builtin', _service: 'request-access' },
    });
    await call('DELETE', '/admin/services/gone', 200);
    await call('GET', '/admin/services/gone', 404);

    await call('GET', '/admin/server', 200);
    await call('PUT', '/admin/server', 200, { json: { realm: 'GMS', rate_limit_requests: 0 } });

    await call('GET', '/admin/templates', 200);
    const doc = await call('GET', '/admin/templates/callback', 200);
    const as = (name: string) => {
      const { builtin: _, ...copy } = doc;
      return {
        ...copy,
        name,
        service: name,
        options: doc.options.map((o: Json) => (o.name === '_service' ? { ...o, default: name } : o)),
      };
    };
    const mine = as('my-callback');
    await call('PUT', '/admin/templates/my-callback', 200, { json: mine });
    await call('PUT', '/admin/templates/callback', 409, { json: { ...mine, name: 'callback' } });
    await call('PUT', '/admin/templates/mine', 409, {
      json: { ...as('mine'), service: 'callback', options: doc.options },
    });
    await call('POST', '/admin/templates', 200, { json: as('my-upload') });
    await call('DELETE', '/admin/templates/my-upload', 200);
    await call('DELETE', '/admin/templates/my-callback', 200);
    await call('GET', '/admin/templates/my-callback', 404);

    await call('PUT', '/admin/patterns/vip', 200, { json: { gold: '^555', silver: '^666' } });
    await call('GET', '/admin/patterns', 200);
    await call('GET', '/admin/patterns/vip', 200);
    await call('PUT', '/admin/patterns/gone', 200, { json: { x: 'x' } });
    await call('DELETE', '/admin/patterns/gone', 200);
    await call('DELETE', '/admin/patterns/gone', 404);

    await call('PUT', '/admin/users/sup', 200, {
      json: { password: 'Sup3r-visor!pw', roles: ['Supervisor'] },
    });
    await call('GET', '/admin/users', 200);
    await call('GET', '/admin/users/sup', 200);
    await call('PUT', '/admin/users/sup/password', 200, {
      auth: basic('sup', 'Sup3r-visor!pw'),
      json: { current_password: 'Sup3r-visor!pw', new_password: 'An0ther-secret!pw' },
    });
    await call('GET', '/admin/services', 403, { auth: basic('sup', 'An0ther-secret!pw') });
    await call('DELETE', '/admin/users/sup', 200);
    await call('GET', '/admin/users/sup', 404);
  });

  it('storage and patterns', async () => {
    const { id } = await call('POST', '/storage/300', 200, { auth: false, form: { a: '1', b: 'two' } });
    await call('POST', `/storage/${id}/300`, 200, { auth: false, json: { c: 3, d: true } });
    const files = new FormData();
    files.append('doc', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'doc.pdf');
    await call('POST', `/storage/${id}/300`, 200, { auth: false, multipart: files });
    await call('GET', `/storage/${id}`, 200, { auth: false });
    await call('GET', `/storage/${id}/a`, 200, { auth: false });
    await call('GET', `/storage/${id}/doc`, 200, { auth: false });
    await call('GET', `/storage/binary/${id}/doc`, 200, { auth: false });
    await call('GET', `/storage/binary/${id}/b`, 200, { auth: false });
    await call('GET', `/storage/${id}/missing`, 404, { auth: false });
    await call('POST', `/storage/${id}/300`, 413, { auth: false, form: { big: 'x'.repeat(360_000) } });
    await call('DELETE', `/storage/${id}`, 200, { auth: false });
    await call('GET', `/storage/${id}`, 404, { auth: false });

    // GMS 8.5.103 custom ids: the entry belongs to the gms_user that made it.
    const owner = { gms_user: 'contract-user' };
    await call('POST', '/storage/custom/contract-entry/300', 200, {
      auth: false,
      headers: owner,
      form: { a: '1' },
    });
    await call('POST', '/storage/custom/contract-entry/300', 400, { auth: false, form: { a: '1' } });
    await call('GET', '/storage/contract-entry', 200, { auth: false, headers: owner });
    await call('DELETE', '/storage/contract-entry', 200, { auth: false, headers: owner });

    await call('POST', '/patterns', 200, { auth: false, form: { phone: '5551234' } });
    await call('POST', '/patterns/group/vip', 200, { auth: false, json: { phone: 5551234 } });
    await call('POST', '/patterns/group/none', 404, { auth: false, form: { phone: '5551234' } });
  });

  it('service API: sessions, query services, notifications', async () => {
    const created = await call('POST', '/service/request-interaction', 200, {
      auth: false,
      form: { _phone_number: '5551000', first_name: 'Ann' },
    });
    const access = await call('POST', '/service/request-access', 200, {
      auth: false,
      json: { _id: created._id, _resource_group: 'DNIS', _provide_code: true },
    });
    await call('POST', '/service/match-interaction', 200, {
      auth: false,
      form: { _access_number: access._access_number, _access_code: access._access_code },
    });
    await call('POST', '/service/match-interaction', 404, {
      auth: false,
      form: { _access_number: access._access_number },
    });
    await call('POST', '/service/nothing-here', 404, { auth: false, form: {} });
    await call('PUT', '/admin/resources/ONE', 200, { json: { '6504199999': '6504199999' } });
    const other = await call('POST', '/service/request-interaction', 200, {
      auth: false,
      form: { _phone_number: '5551002' },
    });
    await call('POST', '/service/request-access', 200, {
      auth: false,
      form: { _id: other._id, _resource_group: 'ONE' },
    });
    const exhausted = await call('POST', '/service/request-access', 503, {
      auth: false,
      form: { _id: created._id, _resource_group: 'ONE' },
    });
    expect(exhausted.resource_group).toBe('ONE');
    await call('GET', '/service/status', 200, { auth: false });
    await call('GET', '/service/hours?number-of-days=2', 200, { auth: false });
    await call('GET', '/service/hours?start=yesterday', 400, { auth: false });
    await call('GET', '/service/missing', 404, { auth: false });

    const id = created._id as string;
    await call('POST', `/service/${id}/internal-notification`, 200, {
      auth: false,
      form: { _display_message: 'hi', _application_message: '{"a":1}' },
    });
    await call('POST', `/service/${id}/retrieve-notifications`, 200, { auth: false });
    await call('GET', `/service/${id}/retrieve-notifications`, 200, { auth: false });
    await call('POST', `/service/${id}/agent-notification`, 200, {
      auth: false,
      json: { _display_message: 'for the agent' },
    });
    await call('POST', `/service/${id}/retrieve-agent-notifications`, 200, { auth: false });
    await call('GET', `/service/${id}/retrieve-agent-notifications`, 200, { auth: false });
    await call('GET', '/service/nosuchid/retrieve-notifications', 404, { auth: false });

    // GMS's Notification API: JSON only, publish for the Administrator or Supervisor side.
    const subscription = await call('POST', '/notification/subscription', 200, {
      auth: false,
      json: {
        subscriberId: 'contract',
        filter: `service.message.${id}`,
        notificationDetails: { type: 'websocket', deviceId: id },
      },
    });
    // A body missing a required field never reaches the server: Prism refuses it (422) by the schema.
    await call('POST', '/notification/subscription', 400, {
      auth: false,
      json: { subscriberId: 'contract', filter: 'x', notificationDetails: { type: 'nosuch', deviceId: id } },
    });
    await call('GET', `/notification/subscription/${subscription.id as string}`, 200, { auth: false });
    await call('POST', '/notification/publish', 200, {
      json: { tag: `service.message.${id}`, message: { hello: 'world' } },
    });
    await call('POST', '/notification/publish', 401, {
      auth: false,
      json: { tag: `service.message.${id}`, message: {} },
    });
    await call('DELETE', `/notification/subscription/${subscription.id as string}`, 200, { auth: false });
    await call('DELETE', `/notification/subscription/${subscription.id as string}`, 404, { auth: false });
  });

  it('CometD long-polling', async () => {
    // Outside /genesys/1: the call helper's paths are relative to it.
    const [shook] = (await call('POST', '/../cometd', 200, {
      auth: false,
      json: [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
    })) as unknown as Json[];
    const clientId = shook!.clientId as string;
    await call('POST', '/../cometd/subscribe', 200, {
      auth: false,
      json: [{ channel: '/meta/subscribe', clientId, subscription: '/_genesys' }],
    });
    await call('POST', '/../cometd/disconnect', 200, {
      auth: false,
      json: [{ channel: '/meta/disconnect', clientId }],
    });
  });

  it('callbacks, agents, chat and the callback management routes', async () => {
    const created = await call('POST', '/service/callback/cb', 200, {
      auth: false,
      json: { _customer_number: '5553000001', _device_os: 'comet' },
    });
    const id = created._id as string;
    await call('POST', '/service/callback/cb', 400, { auth: false, form: { _customer_number: '' } });
    await call('GET', `/service/callback?_id=${id}`, 200, { auth: false });
    await call('GET', '/service/callback/cb?_customer_number=5553000001', 200, { auth: false });
    await call('GET', '/service/callback/cb/availability?number-of-days=1', 200, { auth: false });
    await call('PUT', `/service/callback/cb/${id}`, 200, { auth: false, json: { note: 'vip' } });
    await call('GET', `/service/${id}/check-queue-position`, 200, { auth: false });
    await call('POST', `/service/${id}/check-queue-position`, 200, { auth: false });
    await call('POST', '/service/unknown/check-queue-position', 404, { auth: false });
    await call('POST', `/service/${id}/connect`, 409, { auth: false });

    const second = await call('POST', '/service/callback/cb', 200, {
      auth: false,
      json: { _customer_number: '5553000002' },
    });
    await call('DELETE', `/service/callback/cb/${second._id}`, 200, { auth: false });
    await call('DELETE', `/service/callback/cb/${second._id}`, 409, { auth: false });
    await call('GET', `/service/${second._id}/check-queue-position`, 409, { auth: false });
    const third = await call('POST', '/service/callback/cb', 200, {
      auth: false,
      json: { _customer_number: '5553000003' },
    });
    await call('POST', '/admin/callback/cancel', 200, { json: { ids: [third._id, 'unknown'] } });
    await call('GET', '/admin/callback/queues', 200);
    await call('GET', '/admin/callback/watermarks', 200);
    await call('GET', '/admin/monitor', 200);

    await call('POST', '/agents/ct-agent/login', 200, { json: { groups: ['CT'], ready: false } });
    await call('POST', '/agents/ct-agent/ready', 200);
    await until(
      () => call('GET', '/agents/ct-agent', 200),
      (a) => a.state === 'RESERVED',
      'the agent offered the callback',
    );
    // The seed's confirmation dialog, while an agent waits for the customer.
    for (const code of ['true', 'false']) {
      await call('GET', `/service/${id}/get-dialog-user-confirmation-provide_code-${code}`, 200, {
        auth: false,
      });
      await call('POST', `/service/${id}/get-dialog-user-confirmation-provide_code-${code}`, 200, {
        auth: false,
      });
    }
    await call('POST', `/service/${id}/connect`, 200, { auth: false });
    await until(
      () => call('GET', '/agents/ct-agent', 200),
      (a) => a.state === 'BUSY',
      'the customer called',
    );
    await call('POST', '/agents/ct-agent/complete', 200, { json: { ready: false } });
    await call('POST', '/agents/ct-agent/not-ready', 200);
    await call('GET', '/agents', 200);
    await call('GET', '/agents/nobody', 404);

    const chat = await call('POST', '/service/request-chat', 200, { auth: false, form: {} });
    const chatId = chat._id as string;
    await call('POST', `/service/${chatId}/ixn/chat`, 200, {
      auth: false,
      form: { notify_by: 'comet', firstName: 'John', lastName: 'Harry', subject: 'Loans' },
    });
    await call('POST', `/service/${chatId}/ixn/chat`, 409, { auth: false, form: { firstName: 'Again' } });
    await call('POST', '/agents/chat-agent/login', 200, { form: { name: 'Kristi', ready: 'true' } });
    await until(
      () => call('GET', '/agents/chat-agent', 200),
      (a) => a.state === 'RESERVED',
      'the agent offered the chat',
    );
    await call('GET', `/agents/chat-agent/chats/${chatId}`, 403);
    await call('POST', '/agents/chat-agent/reject', 200);
    await call('POST', '/agents/chat-agent/ready', 200);
    await until(
      () => call('GET', '/agents/chat-agent', 200),
      (a) => a.state === 'RESERVED',
      'the chat offered again',
    );
    await call('POST', '/agents/chat-agent/accept', 200);
    await call('POST', `/service/${chatId}/ixn/chat/send`, 200, { auth: false, form: { message: 'hello' } });
    await call('POST', `/service/${chatId}/ixn/chat/startTyping`, 200, { auth: false });
    await call('POST', `/service/${chatId}/ixn/chat/stopTyping`, 200, { auth: false });
    await call('POST', `/service/${chatId}/ixn/chat/customNotice`, 200, {
      auth: false,
      form: { message: 'notice' },
    });
    await call('POST', `/service/${chatId}/ixn/chat/refresh`, 200, {
      auth: false,
      form: { transcriptPosition: '0' },
    });
    await call('GET', `/agents/chat-agent/chats/${chatId}?transcriptPosition=1`, 200);
    await call('POST', `/agents/chat-agent/chats/${chatId}/startTyping`, 200, { json: {} });
    await call('POST', `/agents/chat-agent/chats/${chatId}/stopTyping`, 200, { json: {} });
    await call('POST', `/agents/chat-agent/chats/${chatId}/send`, 200, {
      json: { message: 'Hello John', transcriptPosition: 3 },
    });
    await call('POST', `/agents/chat-agent/chats/${chatId}/disconnect`, 200, { json: {} });
    await call('POST', `/service/${chatId}/ixn/chat/disconnect`, 200, { auth: false });
    await call('POST', '/agents/chat-agent/logout', 200);
    await call('POST', '/agents/ct-agent/logout', 200);
  });

  it('reports in every format', async () => {
    await call('GET', '/admin/reports/services', 200);
    await call('GET', '/admin/reports/services?format=csv', 200);
    await call('GET', '/admin/reports/resources?group=DNIS&format=xlsx', 200);
    await call('GET', '/admin/reports/callbacks?format=pdf', 200);
    await call('GET', '/admin/reports/callbacks/holdtime?range=yesterday', 200);
    await call('GET', '/admin/reports/callbacks/watermark?range=last-week&interval=1d', 200);
    await call('GET', '/admin/reports/operational/availability', 200);
    await call('GET', '/admin/reports/operational/aht?format=csv', 200);
    await call('GET', '/admin/reports/operational/service-exits', 200);
    await call('GET', '/admin/reports/services?range=custom&start=2026-01-01&end=2025-01-01', 400);
  });

  it('covered every operation of the route table with a success', () => {
    const succeeded = new Set(
      exchanges.filter((e) => e.status < 300 && e.operationId).map((e) => e.operationId!),
    );
    expect(ALL_ROUTES.map((r) => r.operationId).filter((op) => !succeeded.has(op))).toEqual([]);
    expect(exchanges.filter((e) => e.violations)).toEqual([]);
  });
});
