import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../support/chat-client.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Bad Bayeux input at `/genesys/cometd`: every message gets a Bayeux error reply (`successful:
 * false`, `error: "4xx::..."`) in the same batch, never a 5xx and never a hang; only a body that
 * is not JSON at all is refused as HTTP 400.
 */
let s: TestServer;
let base: string;

const post = async (body: unknown, path = '') => {
  const res = await fetch(`${base}${path}`, jsonBody(body));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, unknown>[];
};

const handshake = async () => {
  const [reply] = await post([
    { channel: '/meta/handshake', id: '1', version: '1.0', supportedConnectionTypes: ['long-polling'] },
  ]);
  expect(reply).toMatchObject({ successful: true, clientId: expect.any(String) });
  return reply!.clientId as string;
};

beforeAll(async () => {
  s = await startTestServer({ cometd: { holdMs: 200, intervalMs: 0 } });
  base = `${s.url}/cometd`;
});
afterAll(async () => {
  await s?.stop();
});

describe('CometD errors over HTTP long-polling', () => {
  it('answers each bad message of a batch with its own 4xx Bayeux error, and the good ones normally', async () => {
    const clientId = await handshake();
    const replies = await post(
      [
        42,
        { id: 'a' },
        { channel: '/meta/bogus', id: 'b' },
        { channel: '/meta/subscribe', id: 'c', clientId, subscription: '/not-ours' },
        { channel: '/service/echo', id: 'd', clientId, data: { x: 1 } },
        { channel: '/meta/subscribe', id: 'e', clientId, subscription: '/_genesys' },
        { channel: '/meta/subscribe', id: 'f', clientId: 'no-such-client', subscription: '/_genesys' },
      ],
      '/subscribe',
    );
    expect(replies).toEqual([
      { successful: false, error: '400::Message is not a JSON object' },
      { id: 'a', successful: false, error: '400::Missing channel' },
      { channel: '/meta/bogus', id: 'b', successful: false, error: '400::Unknown meta channel /meta/bogus' },
      {
        channel: '/meta/subscribe',
        id: 'c',
        clientId,
        successful: false,
        error: '403::Subscription denied: /not-ours (subscribe to /_genesys)',
        subscription: '/not-ours',
      },
      {
        channel: '/service/echo',
        id: 'd',
        clientId,
        successful: false,
        error: '403::Publish denied: /service/echo',
      },
      { channel: '/meta/subscribe', id: 'e', clientId, successful: true, subscription: '/_genesys' },
      {
        channel: '/meta/subscribe',
        id: 'f',
        clientId: 'no-such-client',
        successful: false,
        error: '402::Unknown client',
        advice: { reconnect: 'handshake', interval: 0 },
      },
    ]);
  });

  it('a connect of a forgotten client answers 402 at once; after disconnect the client is forgotten', async () => {
    const clientId = await handshake();
    const [connected] = await post([
      { channel: '/meta/connect', id: '2', clientId, connectionType: 'long-polling', advice: { timeout: 0 } },
    ]);
    expect(connected).toMatchObject({
      successful: true,
      advice: { reconnect: 'retry', interval: 0, timeout: 200 },
    });
    expect(await post([{ channel: '/meta/disconnect', id: '3', clientId }])).toEqual([
      { channel: '/meta/disconnect', id: '3', clientId, successful: true },
    ]);
    expect(
      await post([{ channel: '/meta/connect', id: '4', clientId, connectionType: 'long-polling' }]),
    ).toEqual([
      {
        channel: '/meta/connect',
        id: '4',
        clientId,
        successful: false,
        error: '402::Unknown client',
        advice: { reconnect: 'handshake', interval: 0 },
      },
    ]);
  });

  it('a body that is no Bayeux batch gets a Bayeux error; a body that is not JSON a 400; never a 5xx', async () => {
    expect(await post('hello')).toEqual([
      { successful: false, error: '400::The body is not a Bayeux message array' },
    ]);
    expect(await post([])).toEqual([{ successful: false, error: '400::Empty message array' }]);
    const notJson = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[{',
    });
    expect(notJson.status).toBe(400);
    const form = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(form.status).toBe(400);
  });
});

describe('CometD errors over WebSocket', () => {
  it('answers Bayeux frames with Bayeux arrays (errors included) and keeps the project protocol for objects', async () => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}`);
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const next = async () => {
      const count = frames.length;
      await until(
        async () => frames.length,
        (n) => n > count,
        'a frame',
      );
      return frames[count];
    };
    try {
      ws.send('[{"channel":');
      expect(await next()).toEqual([{ successful: false, error: '400::The frame is not JSON' }]);
      ws.send(
        JSON.stringify([
          { channel: '/meta/connect', id: '1', clientId: 'nobody', connectionType: 'websocket' },
        ]),
      );
      expect(await next()).toEqual([
        {
          channel: '/meta/connect',
          id: '1',
          clientId: 'nobody',
          successful: false,
          error: '402::Unknown client',
          advice: { reconnect: 'handshake', interval: 0 },
        },
      ]);
      ws.send(JSON.stringify({ action: 'ping' }));
      expect(await next()).toEqual({ type: 'pong' });
    } finally {
      ws.close();
    }
  });
});
