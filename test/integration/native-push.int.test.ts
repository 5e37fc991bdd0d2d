import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/** Bodies are asserted on field by field. */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Polls `read` until `check` holds; fails with `what` and the last value after 10 s. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 10_000;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/**
 * Native push (issue 10, item 2) through the real HTTP API: User-Originated-Delayed callbacks
 * created with `_device_os` iOS / android / fcm, an agent made ready, and the push simulator
 * (`/genesys/local/push`) showing what each device token received; chat `notify_by=push_notification`.
 */
describe('native push: SNS mobile push, locally the push simulator', () => {
  let s: TestServer;
  let n = 0;
  const nextNumber = () => `5557${String(++n).padStart(6, '0')}`;

  beforeAll(async () => {
    s = await startTestServer({ dialDelayMs: 0 });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/NativeDnis', { dnis1: '6504700001', dnis2: '6504700002' });
    const template = builtinTemplate('callback')!;
    for (const group of ['IOS', 'AND', 'BAD']) {
      await put(`/admin/services/np-${group.toLowerCase()}`, {
        ...defaultServiceOptions(template, 'User-Originated-Delayed'),
        _target: `Native${group}@StatServer.GA`,
        _resource_group: 'NativeDnis',
      });
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  const pushesOf = async (token: string): Promise<Json[]> => {
    const res = await fetch(
      `http://127.0.0.1:${s.port}/genesys/local/push?token=${encodeURIComponent(token)}`,
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as Json).pushes;
  };
  const create = async (service: string, fields: Record<string, string>) => {
    const res = await s.fetch(`/service/callback/${service}`, {
      ...jsonBody({ _customer_number: nextNumber(), ...fields }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as Json)._id as string;
  };
  const agentReady = async (agentId: string, group: string) => {
    const res = await s.admin(`/agents/${agentId}/login`, jsonBody({ groups: [group], ready: true }));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const retrieve = async (id: string) => {
    const res = await s.fetch(`/service/${id}/retrieve-notifications`, { method: 'POST' });
    expect(res.status).toBe(200);
    return (await res.json()) as Json[];
  };
  const queued = (id: string) =>
    until(
      async () =>
        ((await (await s.fetch(`/service/callback?_id=${id}`)).json()) as Json[])[0]?._callback_state,
      (state) => state === 'QUEUED',
      `callback ${id} QUEUED`,
    );

  it('chat notify_by=push_notification: the chat events reach the device token', async () => {
    const created = await s.fetch('/service/request-chat', formBody({}));
    const id = ((await created.json()) as Json)._id as string;
    const bad = await s.fetch(
      `/service/${id}/ixn/chat`,
      formBody({
        notify_by: 'push_notification',
        push_notification_deviceid: 'tok',
        push_notification_type: 'wns',
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('push_notification_type');
    const token = 'chat-fcm-token-1';
    const start = await s.fetch(
      `/service/${id}/ixn/chat`,
      formBody({
        notify_by: 'push_notification',
        push_notification_deviceid: token,
        push_notification_type: 'fcm',
        push_notification_language: 'en-US',
        firstName: 'Ann',
      }),
    );
    expect(start.status, await start.clone().text()).toBe(200);
    const res = await s.admin('/agents/chat-agent/login', jsonBody({ name: 'Kim', ready: true }));
    expect(res.status).toBe(200);
    await until(
      async () => ((await (await s.admin('/agents/chat-agent')).json()) as Json).state,
      (state) => state === 'RESERVED',
      'the chat offered',
    );
    expect((await s.admin('/agents/chat-agent/accept', jsonBody({}))).status).toBe(200);
    const reply = await s.admin(`/agents/chat-agent/chats/${id}/send`, jsonBody({ message: 'Hello Ann' }));
    expect(reply.status).toBe(200);

    const pushes = await until(
      () => pushesOf(token),
      (p) => p.some((x) => String(x.payload.data?.transcriptToShow).includes('Hello Ann')),
      'the agent message pushed',
    );
    expect(pushes.every((p) => p.platform === 'GCM')).toBe(true);
    const message = pushes.find((p) => String(p.payload.data.transcriptToShow).includes('Hello Ann'))!;
    expect(message.payload).toMatchObject({
      priority: 'high',
      data: { tag: `service.chat.refresh.${id}`, chatSessionId: id, chatIxnState: 'CONNECTED' },
    });
    expect(JSON.parse(message.payload.data.transcriptToShow as string)).toEqual([
      ['Message.Text', 'Kim', 'Hello Ann', 'chat-agent', 'AGENT'],
    ]);
    // The customer's own join was pushed too: every event of the chat goes to the device.
    expect(pushes.some((p) => String(p.payload.data.transcriptToShow).includes('Notice.Joined'))).toBe(true);
  });

  it('an iOS token (any case of _device_os) receives the agent-available push as APNS', async () => {
    const token = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const id = await create('np-ios', { _device_os: 'iOS', _device_notification_id: token });
    await queued(id);
    await agentReady('ios-agent', 'NativeIOS');
    const [push] = await until(
      () => pushesOf(token),
      (p) => p.length > 0,
      'the iOS push',
    );
    expect(push).toMatchObject({ token, platform: 'APNS' });
    expect(push.endpointArn).toMatch(/^arn:aws:sns:us-east-1:000000000000:endpoint\/APNS\/gms-local\//);
    expect(push.payload).toEqual({
      _id: id,
      _action: 'ConnectCall',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      tag: `service.agentavailable.${id}`,
      aps: { 'content-available': 1 },
    });
    // Delivered by push: nothing waits for poll.
    expect(await retrieve(id)).toEqual([]);
    // One endpoint per token, kept for the next push.
    expect(await s.deps.pushEndpoints.get('APNS', token)).toBe(push.endpointArn);
  });

  it('an Android token receives the agent-available push as GCM data', async () => {
    const token = 'fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx';
    const id = await create('np-and', { _device_os: 'android', _device_notification_id: token });
    await queued(id);
    await agentReady('android-agent', 'NativeAND');
    const [push] = await until(
      () => pushesOf(token),
      (p) => p.length > 0,
      'the Android push',
    );
    expect(push).toMatchObject({ token, platform: 'GCM' });
    expect(push.payload).toEqual({
      data: { _id: id, _action: 'ConnectCall', id: expect.any(String), tag: `service.agentavailable.${id}` },
      priority: 'high',
    });
    expect(await retrieve(id)).toEqual([]);
  });

  it('an invalid token is dropped and the notification is then available by poll', async () => {
    const token = 'invalid-uninstalled-app';
    const id = await create('np-bad', { _device_os: 'fcm', _device_notification_id: token });
    await queued(id);
    await agentReady('bad-agent', 'NativeBAD');
    const notifications = await until(
      () => retrieve(id),
      (list) => list.length > 0,
      'the notification kept for poll',
    );
    // retrieve-notifications answers the messages themselves, as GMS does.
    expect(notifications).toEqual([{ _id: id, _action: 'ConnectCall' }]);
    expect(await pushesOf(token)).toEqual([]);
    // The endpoint was forgotten (and deleted): a later push creates a fresh one.
    expect(await s.deps.pushEndpoints.get('GCM', token)).toBeUndefined();
  });
});
