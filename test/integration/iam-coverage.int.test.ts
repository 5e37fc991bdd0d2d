import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OUTSIDE_FUNCTIONS,
  startAwsCallRecording,
  stopAwsCallRecording,
  type AwsCallLog,
  type RecordedAwsCall,
} from '../../functions/adapters/aws-calls/aws-call-recorder.js';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { AREAS } from '../../functions/routes/index.js';
import { LOCAL_PLATFORM_APPLICATIONS } from '../../functions/local/push-simulator.js';
import type { FunctionId } from '../../lib/area-permissions.js';
import {
  logicalIdOf,
  statementsOfRole,
  synthGmsStack,
  type GmsFixture,
} from '../../infra-test/gms-stack-fixture.js';
import {
  globMatches,
  isAllowed,
  resolveStatements,
  StackResourceArns,
  type ResolvedStatement,
  type Resources,
} from '../support/iam-policy.js';
import { PushDevice, waitFor } from '../support/push-device.js';
import { basic, formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** Bodies are asserted on field by field. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const FUNCTIONS: FunctionId[] = [...AREAS, 'callback-worker', 'scheduler-tick', 'websocket'];

/**
 * Least privilege, proven from both ends (issue 9, item 1): the local runtime is driven through
 * every function's real flows with every AWS call recorded against the function making it, then
 * each recorded (action, resource, condition keys) must be allowed by that function's role in the
 * synthesized template. Grants no scenario used are printed.
 */
describe('IAM coverage: every AWS call the functions make is allowed by their roles', () => {
  let s: TestServer;
  let log: AwsCallLog;
  let f: GmsFixture;
  const devices: PushDevice[] = [];
  let n = 0;
  const nextNumber = () => `5553${String(++n).padStart(6, '0')}`;

  const ok = async (res: Promise<Response> | Response, status = 200): Promise<Json> => {
    const r = await res;
    const text = await r.text();
    expect(r.status, `${r.url}: ${text}`).toBe(status);
    return text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  };
  const put = (path: string, body: unknown) => ok(s.admin(path, jsonBody(body, 'PUT')));
  const agent = (id: string, action: string, body: unknown = {}) =>
    ok(s.admin(`/agents/${id}/${action}`, jsonBody(body)));
  const callbackState = async (id: string) =>
    ((await ok(s.fetch(`/service/callback?_id=${id}`))) as Json[])[0]?._callback_state as string;

  beforeAll(async () => {
    log = startAwsCallRecording();
    s = await startTestServer({ dialDelayMs: 0, tickIntervalMs: 3_600_000 });
    await put('/admin/resources/IamPool', { dnis1: '6508000001', dnis2: '6508000002', dnis3: '6508000003' });
    const callbackTemplate = builtinTemplate('callback')!;
    const service = (preset: string, extra: Record<string, string>) => ({
      ...defaultServiceOptions(callbackTemplate, preset),
      ...extra,
    });
    await put(
      '/admin/services/iam-uti',
      service('User-Terminated-Immediate', { _target: 'Iam@StatServer.GA' }),
    );
    await put(
      '/admin/services/iam-uts',
      service('User-Terminated-Scheduled', { _target: 'IamLater@StatServer.GA' }),
    );
    await put(
      '/admin/services/iam-uoi',
      service('User-Originated-Immediate', { _target: 'IamIn@StatServer.GA', _resource_group: 'IamPool' }),
    );
    await put('/admin/services/iam-ri', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'IamPool',
    });
    await put('/admin/patterns/iam', { p1: '55.*' });
  });

  afterAll(async () => {
    for (const d of devices) d.socket.terminate();
    await s?.stop();
    stopAwsCallRecording();
  });

  it('runs the scenarios of every function', { timeout: 180_000 }, async () => {
    // system: health, the OpenAPI document, and the `$default` route (an unknown path).
    await ok(s.fetch('/health'));
    await ok(s.fetch('/openapi.json'));
    await ok(s.fetch('/no-such-route'), 404);

    // admin: users, login/logout with a bearer token, settings, node status, monitor, templates.
    await put('/admin/users/iam-viewer', { password: 'viewer-password', roles: ['Supervisor'] });
    await ok(s.admin('/admin/users'));
    const login = await ok(s.fetch('/admin/login', jsonBody({ username: 'default', password: 'password' })));
    const bearer = { authorization: `Bearer ${login.token as string}` };
    await ok(s.fetch('/admin/services', { headers: bearer }));
    await ok(s.fetch('/admin/login', jsonBody({ username: 'iam-viewer', password: 'wrong' })), 401);
    await ok(
      s.fetch('/admin/server', { headers: { authorization: basic('iam-viewer', 'viewer-password') } }),
      403,
    );
    await ok(s.admin('/admin/server'));
    await ok(s.admin('/admin/templates'));
    await ok(s.admin('/admin/node/status'));
    await ok(s.admin('/admin/monitor'));

    // service: an access number and its match, a get service.
    const interaction = await ok(s.fetch('/service/iam-ri', formBody({ _phone_number: '6501234567' })));
    await ok(s.fetch('/service/match-interaction', formBody({ _access_number: interaction._access_number })));
    // The telephony side proves itself with credentials (Basic, or a bearer token) to get the data back.
    for (const authorization of [basic('default', 'password'), bearer.authorization]) {
      const held = await ok(s.fetch('/service/iam-ri', formBody({ _phone_number: '6501230000' })));
      await ok(
        s.fetch('/service/match-interaction', {
          ...formBody({ _access_number: held._access_number, _return_data: 'true' }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
        }),
      );
    }

    // storage and patterns (public, no credentials).
    const stored = await ok(s.fetch('/storage/600', formBody({ note: 'hello' })));
    await ok(s.fetch(`/storage/${stored.id as string}`));
    await ok(s.fetch(`/storage/${stored.id as string}`, { method: 'DELETE' }));
    // A custom id: the conditional write that keeps another gms_user's entry.
    const custom = formBody({ item: 'x' });
    custom.headers = { ...(custom.headers as Record<string, string>), gms_user: 'iam-user' };
    await ok(s.fetch('/storage/custom/iam-basket/600', custom));
    await ok(s.fetch('/storage/iam-basket', { headers: { gms_user: 'iam-user' } }));
    await ok(s.fetch('/patterns/group/iam', formBody({ p: '5551' })));

    // WebSocket: a device subscribes to a session, internal-notification pushes to it.
    const device = new PushDevice(s.deps.runtime.websocketUrl!);
    devices.push(device);
    await device.opened();
    const session = await ok(s.fetch('/service/iam-ri', formBody({ _phone_number: '6507654321' })));
    await device.subscribe(session._id);
    await ok(
      s.fetch(
        `/service/${session._id as string}/internal-notification`,
        formBody({ _display_message: 'hi' }),
      ),
    );
    await device.next((frame) => frame.type === 'notification', 'the pushed notification');

    // Notification API: the session function keeps subscriptions, the agent function publishes
    // (to the device's WebSocket through the session it subscribed to).
    const subscription = await ok(
      s.fetch(
        '/notification/subscription',
        jsonBody({
          subscriberId: 'iam-app',
          filter: `ors.contact.${session._id as string}`,
          notificationDetails: { type: 'websocket', deviceId: session._id },
          expire: 300,
        }),
      ),
    );
    await ok(s.fetch(`/notification/subscription/${subscription.id as string}`));
    const published = await ok(
      s.admin(
        '/notification/publish',
        jsonBody({ tag: `ors.contact.${session._id as string}`, message: 'hi' }),
      ),
    );
    expect(published.delivered).toBe(1);
    await device.next((frame) => frame.data?.tag?.startsWith('ors.contact.'), 'the published event');
    await ok(s.fetch(`/notification/subscription/${subscription.id as string}`, { method: 'DELETE' }));

    // CometD: a long-polling client (session function) and a WebSocket client (websocket
    // function) of one gms_user; internal-notification on a session of that user reaches both.
    const cometd = `${s.url}/cometd`;
    const bayeux = async (body: unknown): Promise<Json[]> =>
      ok(
        fetch(cometd, {
          ...jsonBody(body),
          headers: { 'content-type': 'application/json', gms_user: 'iam-comet' },
        }),
      );
    const [polling] = await bayeux([
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ]);
    await bayeux([{ channel: '/meta/subscribe', clientId: polling.clientId, subscription: '/_genesys' }]);
    const cometSocket = new PushDevice(`${cometd.replace(/^http/, 'ws')}?gms_user=iam-comet`);
    devices.push(cometSocket);
    await cometSocket.opened();
    cometSocket.send([
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['websocket'] },
    ]);
    const [shook] = await cometSocket.next(
      (f) => f[0]?.channel === '/meta/handshake',
      'the CometD handshake',
    );
    cometSocket.send([{ channel: '/meta/subscribe', clientId: shook.clientId, subscription: '/_genesys' }]);
    await cometSocket.next(
      (f) => f[0]?.channel === '/meta/subscribe' && f[0].successful,
      'the CometD subscribe',
    );
    const cometSession = await ok(
      s.fetch('/service/iam-ri', {
        ...formBody({ _phone_number: '6507654300' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'iam-comet' },
      }),
    );
    await ok(
      s.fetch(
        `/service/${cometSession._id as string}/internal-notification`,
        formBody({ _display_message: 'hi' }),
      ),
    );
    await cometSocket.next((f) => f[0]?.channel === '/_genesys', 'the CometD push over the WebSocket');
    const connected = await bayeux([
      { channel: '/meta/connect', clientId: polling.clientId, connectionType: 'long-polling' },
    ]);
    expect(connected.map((m) => m.channel)).toEqual(['/_genesys', '/meta/connect']);

    // callback + agent + worker: a user-terminated immediate lifecycle with a dial, answered.
    await agent('iam-agent', 'login', { groups: ['Iam'], ready: true });
    const uti = await ok(s.fetch('/service/callback/iam-uti', jsonBody({ _customer_number: nextNumber() })));
    await waitFor(
      async () => (await callbackState(uti._id)) === 'PROCESSING' || undefined,
      'the dial answered',
    );
    await agent('iam-agent', 'complete', { ready: false });
    await ok(s.admin('/agents'));

    // One waiting with no agent ready: its queue position and the queue figures; then the agent
    // made ready is offered it and dialed by the agent function itself.
    const waiting = await ok(
      s.fetch('/service/callback/iam-uti', jsonBody({ _customer_number: nextNumber() })),
    );
    await waitFor(async () => (await callbackState(waiting._id)) === 'QUEUED' || undefined, 'queued');
    // QUEUED is written before the router's `route-callback` puts it in the waiting queue.
    await s.queue.idle();
    await ok(s.fetch(`/service/${waiting._id as string}/check-queue-position`));
    await ok(s.admin('/admin/callback/queues'));
    await ok(s.admin('/admin/callback/watermarks?service_name=iam-uti'));
    await agent('iam-agent', 'ready');
    await waitFor(async () => (await callbackState(waiting._id)) === 'PROCESSING' || undefined, 'dialed');
    await agent('iam-agent', 'complete', { ready: false });

    // User-originated: waits for the customer's call (placed last of its queue until then); an
    // admin cancels it.
    const uoi = await ok(s.fetch('/service/callback/iam-uoi', jsonBody({ _customer_number: nextNumber() })));
    await ok(s.fetch(`/service/${uoi._id as string}/check-queue-position`));
    await ok(s.admin('/admin/callback/cancel', jsonBody({ ids: [uoi._id] })));

    // Native push (SNS mobile push; the push simulator locally): an iOS device receives an
    // internal-notification (endpoint created, published); an invalid token's endpoint is deleted.
    for (const [os, token] of [
      ['iOS', 'iam-ios-token'],
      ['fcm', 'invalid-iam-token'],
    ]) {
      const native = await ok(
        s.fetch(
          '/service/callback/iam-uoi',
          jsonBody({ _customer_number: nextNumber(), _device_os: os, _device_notification_id: token }),
        ),
      );
      await ok(
        s.fetch(
          `/service/${native._id as string}/internal-notification`,
          formBody({ _display_message: 'hi' }),
        ),
      );
      await ok(s.admin('/admin/callback/cancel', jsonBody({ ids: [native._id] })));
    }

    // Scheduled: availability, create, reschedule, the tick queues it, then the customer cancels.
    await ok(s.fetch('/service/callback/iam-uts/availability'));
    const soon = () => new Date(Date.now() + 1_500).toISOString().replace(/\.\d+Z$/, '.000Z');
    const uts = await ok(
      s.fetch(
        '/service/callback/iam-uts',
        jsonBody({ _customer_number: nextNumber(), _desired_time: soon() }),
      ),
    );
    await ok(
      s.fetch(
        `/service/callback/iam-uts/${uts._id as string}`,
        jsonBody({ _new_desired_time: soon() }, 'PUT'),
      ),
    );
    await s.tick();
    await waitFor(
      async () => (await callbackState(uts._id)) === 'QUEUED' || undefined,
      'the scheduled one queued',
    );
    await ok(s.fetch(`/service/callback/iam-uts/${uts._id as string}`, { method: 'DELETE' }));

    // Chat: the customer's side and the agent's, ended by the agent.
    const chat = await ok(s.fetch('/service/request-chat', formBody({})));
    await ok(
      s.fetch(`/service/${chat._id as string}/ixn/chat`, formBody({ firstName: 'Iam', notify_by: 'comet' })),
    );
    await agent('iam-chat-agent', 'login', { ready: true });
    await waitFor(
      async () => ((await ok(s.admin('/agents/iam-chat-agent'))).state === 'RESERVED' ? true : undefined),
      'the chat offered',
    );
    await agent('iam-chat-agent', 'accept');
    await ok(s.fetch(`/service/${chat._id as string}/ixn/chat/send`, formBody({ message: 'hello' })));
    await agent('iam-chat-agent', `chats/${chat._id as string}/send`, {
      message: 'hi',
      transcriptPosition: 0,
    });
    await ok(
      s.fetch(`/service/${chat._id as string}/ixn/chat/refresh`, formBody({ transcriptPosition: '0' })),
    );
    await agent('iam-chat-agent', `chats/${chat._id as string}/disconnect`);

    // Reports, with Basic and with the bearer token.
    await ok(s.admin('/admin/reports/operational/availability'));
    await ok(
      s.admin(
        '/admin/reports/callbacks?service=iam-uti&range=custom&start=2026-12-01T10:00:00Z&interval=all',
      ),
    );
    await ok(s.fetch('/admin/reports/resources?group=IamPool', { headers: bearer }));
    await ok(s.fetch('/agents', { headers: bearer }));
    await ok(s.fetch('/admin/logout', { method: 'POST', headers: bearer }));
    await ok(s.fetch('/admin/services', { headers: bearer }), 401);

    await s.tick();
    await s.queue.idle();
  });

  describe('against the synthesized template', () => {
    const roleStatements = new Map<FunctionId, ResolvedStatement[]>();
    let arns: StackResourceArns;
    const callsOf = (id: FunctionId) => log.calls.filter((c) => c.caller === id);
    const describeCall = (c: RecordedAwsCall) =>
      `${c.caller}: ${c.action} on ${JSON.stringify(c.resource)}${c.context ? ` with ${JSON.stringify(c.context)}` : ''} (${c.operation})`;

    beforeAll(() => {
      // With a platform application per platform, as the local push simulator has.
      f = synthGmsStack({
        bundle: false,
        context: {
          apnsPlatformApplicationArn: LOCAL_PLATFORM_APPLICATIONS.APNS,
          apnsSandboxPlatformApplicationArn: LOCAL_PLATFORM_APPLICATIONS.APNS_SANDBOX,
          fcmPlatformApplicationArn: LOCAL_PLATFORM_APPLICATIONS.GCM,
        },
      });
      const resources = f.template.toJSON().Resources as Resources;
      arns = new StackResourceArns(resources);
      for (const id of FUNCTIONS) {
        const fn = f.stack.functions[id];
        expect(fn, id).toBeDefined();
        roleStatements.set(
          id,
          resolveStatements(statementsOfRole(f.template, logicalIdOf(fn!.role!)), resources),
        );
      }
    });

    it('recorded calls of every function, a dial and a push among them', () => {
      for (const id of FUNCTIONS) expect(callsOf(id).length, id).toBeGreaterThan(0);
      const actions = new Set(log.calls.map((c) => `${c.caller} ${c.action}`));
      expect(actions).toContain('callback-worker events:PutEvents');
      expect(actions).toContain('agent events:PutEvents');
      expect(actions).toContain('session execute-api:ManageConnections');
      expect(actions).toContain('admin sqs:GetQueueAttributes');
      expect(actions).toContain('session sns:CreatePlatformEndpoint');
      expect(actions).toContain('session sns:Publish');
      expect(actions).toContain('session sns:DeleteEndpoint');
      expect(actions).toContain('scheduler-tick sqs:SendMessage');
      expect(log.calls.some((c) => c.resource.kind === 'table' && c.resource.index)).toBe(true);
    });

    it('allows every recorded call in the calling function’s role', () => {
      const denied = log.calls
        .filter((c) => c.caller !== OUTSIDE_FUNCTIONS)
        .filter((c) => {
          const arn = arns.arnOf(c.resource);
          return !arn || !isAllowed(roleStatements.get(c.caller as FunctionId)!, c.action, arn, c.context);
        })
        .map(describeCall)
        .sort();
      expect(denied).toEqual([]);
    });

    it('prints the grants no scenario used', () => {
      const lines: string[] = [];
      for (const id of FUNCTIONS) {
        const used = callsOf(id).map((c) => ({ action: c.action, arn: arns.arnOf(c.resource) }));
        const unused = new Map<string, string[]>();
        for (const statement of roleStatements.get(id)!.filter((st) => st.effect === 'Allow')) {
          for (const resource of statement.resources) {
            for (const action of statement.actions) {
              // Lambda itself writes the logs and the traces.
              if (/^(logs|xray):/.test(action)) continue;
              const isUsed = used.some(
                (u) => u.arn && globMatches(action, u.action, true) && globMatches(resource, u.arn),
              );
              if (!isUsed) unused.set(resource, [...(unused.get(resource) ?? []), action]);
            }
          }
        }
        for (const [resource, actions] of unused) {
          const name = resource.replace(/^arn:aws:[^:]+:[^:]*:\d*:/, '');
          lines.push(`  ${id} on ${name}: ${actions.map((a) => a.replace(/^[a-z-]+:/, '')).join(', ')}`);
        }
      }
      console.info(`Grants no scenario used (${lines.length} resource grants):\n${lines.join('\n')}`);
      expect(lines.every((l) => l.length > 0)).toBe(true);
    });
  });
});
