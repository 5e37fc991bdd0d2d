import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../functions/domain/errors.js';
import { InMemoryOperationalMetrics } from '../../../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import type {
  CallbackOutcome,
  HttpCallbackSender,
} from '../../../../functions/adapters/push/http-callback-sender.js';
import {
  PUSH_RETRY_KIND,
  PushDispatcher,
  type PushRetryData,
} from '../../../../functions/adapters/push/push-dispatcher.js';
import type { ConnectionSender, ConnectionStore } from '../../../../functions/ports/connections.js';
import type {
  NotificationAudience,
  StoredNotification,
} from '../../../../functions/domain/notification/stored-notification.js';
import type { NotificationStore } from '../../../../functions/ports/notifications.js';
import type { WorkMessage } from '../../../../functions/ports/work-queue.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

/** In-memory ports: what the dispatcher did is read back from them. */
function setup(
  options: { webhook?: CallbackOutcome[]; subscribers?: Record<string, 'sent' | 'gone' | 'error'> } = {},
) {
  const subscriberOutcomes = options.subscribers ?? {};
  const removed: string[] = [];
  const frames: { connectionId: string; data: unknown }[] = [];
  const stored: {
    sessionId: string;
    audience: NotificationAudience;
    n: StoredNotification;
    expiresAt: number;
  }[] = [];
  const queued: { message: WorkMessage; delayMs?: number }[] = [];
  const posts: { url: string; body: string }[] = [];
  const webhookOutcomes = [...(options.webhook ?? [])];
  let nextId = 0;

  const connections: ConnectionStore = {
    add: async () => undefined,
    get: async () => undefined,
    remove: async (id) => {
      removed.push(id);
    },
    subscribe: async () => 'subscribed',
    unsubscribe: async () => 'removed',
    subscribers: async () => Object.keys(subscriberOutcomes),
    count: async () => ({ count: Object.keys(subscriberOutcomes).length, capped: false }),
  };
  const sockets: ConnectionSender = {
    send: async (connectionId, data) => {
      const outcome = subscriberOutcomes[connectionId];
      if (outcome === 'error') throw new Error('throttled');
      if (outcome === 'sent') frames.push({ connectionId, data: JSON.parse(data) });
      return outcome === 'gone' ? 'gone' : 'sent';
    },
  };
  const notifications: NotificationStore = {
    add: async (sessionId, audience, n, expiresAt) => {
      stored.push({ sessionId, audience, n, expiresAt });
    },
    take: async () => [],
  };
  const webhook = {
    post: async (url: string, body: string) => {
      posts.push({ url, body });
      return webhookOutcomes.shift() ?? { ok: true };
    },
  } as unknown as HttpCallbackSender;
  const ports = {
    clock: { now: () => NOW },
    ids: { id: () => `n${++nextId}`, token: () => 't', digits: () => '0', random: () => 0 },
    queue: {
      send: async (message: WorkMessage, delayMs?: number) => {
        queued.push({ message, delayMs });
      },
    },
    connections,
    sockets,
    notifications,
    operationalMetrics: new InMemoryOperationalMetrics(),
  };
  const push = new PushDispatcher(() => ports, { webhook, allowPrivateWebhooks: false });
  /** `PushFailures` of a channel counted so far. */
  const failures = (channel: string) => {
    ports.operationalMetrics.flush();
    return ports.operationalMetrics.total('PushFailures', { channel });
  };
  return { push, removed, frames, stored, queued, posts, failures };
}

const fakeNoSubscribers: ConnectionStore = {
  add: async () => undefined,
  get: async () => undefined,
  remove: async () => undefined,
  subscribe: async () => 'subscribed',
  unsubscribe: async () => 'removed',
  subscribers: async () => [],
  count: async () => ({ count: 0, capped: false }),
};

const notification = { tag: 'service.agentavailable.s1', message: { _action: 'ConnectCall', _id: 's1' } };

describe('PushDispatcher', () => {
  it('sends the frame to every subscriber and stores nothing for poll', async () => {
    const t = setup({ subscribers: { c1: 'sent', c2: 'sent' } });
    await t.push.notify({ sessionId: 's1', deviceOs: 'comet' }, notification);
    expect(t.frames).toEqual([
      {
        connectionId: 'c1',
        data: { type: 'notification', channel: '/_genesys', data: { id: 'n1', ...notification } },
      },
      {
        connectionId: 'c2',
        data: { type: 'notification', channel: '/_genesys', data: { id: 'n1', ...notification } },
      },
    ]);
    expect(t.stored).toEqual([]);
    expect(t.failures('websocket')).toBe(0);
  });

  it('forgets a gone connection, without retry, and keeps the notification for poll when nobody took it', async () => {
    const t = setup({ subscribers: { stale: 'gone', broken: 'error' } });
    await t.push.notify({ sessionId: 's1', deviceOs: 'comet' }, notification);
    expect(t.removed).toEqual(['stale']);
    expect(t.queued).toEqual([]);
    // The broken connection is a failure; the gone one is not (the device left).
    expect(t.failures('websocket')).toBe(1);
    expect(t.stored).toEqual([
      {
        sessionId: 's1',
        audience: 'app',
        n: { id: 'n1', tag: notification.tag, message: notification.message, createdAt: NOW },
        expiresAt: NOW + 24 * 3600_000,
      },
    ]);
  });

  it('stores for poll when the device has no push channel', async () => {
    const t = setup();
    await t.push.notify({ sessionId: 's1' }, notification);
    await t.push.notify({ sessionId: 's1', deviceOs: 'gcm', deviceNotificationId: 'token' }, notification);
    expect(t.stored.map((s) => s.n.id)).toEqual(['n1', 'n2']);
    expect(t.posts).toEqual([]);
  });

  it('POSTs {id, message, tag} to an httpcb URL and stores nothing when it is taken', async () => {
    const t = setup();
    await t.push.notify(
      { sessionId: 's1', deviceOs: 'HTTPCB', deviceNotificationId: 'https://push.example.com/h' },
      notification,
    );
    expect(t.posts).toEqual([
      {
        url: 'https://push.example.com/h',
        body: '{"id":"n1","message":{"_action":"ConnectCall","_id":"s1"},"tag":"service.agentavailable.s1"}',
      },
    ]);
    expect(t.stored).toEqual([]);
    expect(t.queued).toEqual([]);
    expect(t.failures('httpcb')).toBe(0);
  });

  it('queues the next attempt after a retryable failure, with the same body', async () => {
    const t = setup({ webhook: [{ ok: false, retryable: true, detail: 'HTTP 503' }] });
    await t.push.notify(
      { sessionId: 's1', deviceOs: 'httpcb', deviceNotificationId: 'https://h.example/x' },
      notification,
    );
    expect(t.queued).toEqual([
      {
        message: {
          kind: PUSH_RETRY_KIND,
          id: 'n1',
          data: {
            sessionId: 's1',
            url: 'https://h.example/x',
            body: t.posts[0]!.body,
            attempt: 2,
            storeOnGiveUp: true,
          },
        },
        delayMs: 2_000,
      },
    ]);
    // Being retried counts as taken: nothing waits for poll yet.
    expect(t.stored).toEqual([]);
    expect(t.failures('httpcb')).toBe(1);
  });

  it('gives up after the last attempt and keeps the notification for poll', async () => {
    const t = setup({ webhook: [{ ok: false, retryable: true, detail: 'HTTP 500' }] });
    const body = JSON.stringify({ id: 'n9', ...notification });
    const data: PushRetryData = {
      sessionId: 's1',
      url: 'https://h.example/x',
      body,
      attempt: 6,
      storeOnGiveUp: true,
    };
    await t.push.retryDelivery({ kind: PUSH_RETRY_KIND, id: 'n9', data: { ...data } });
    expect(t.queued).toEqual([]);
    expect(t.stored.map((s) => [s.sessionId, s.n.id, s.n.tag, s.n.message])).toEqual([
      ['s1', 'n9', notification.tag, notification.message],
    ]);
  });

  it('does not retry a permanent refusal (4xx)', async () => {
    const t = setup({ webhook: [{ ok: false, retryable: false, detail: 'HTTP 404' }] });
    await t.push.notify(
      { sessionId: 's1', deviceOs: 'httpcb', deviceNotificationId: 'https://h.example/x' },
      notification,
    );
    expect(t.posts).toHaveLength(1);
    expect(t.queued).toEqual([]);
    expect(t.stored.map((s) => s.n.id)).toEqual(['n1']);
  });

  it('stores nothing on give-up when a WebSocket already delivered it', async () => {
    const t = setup({
      subscribers: { c1: 'sent' },
      webhook: [{ ok: false, retryable: false, detail: 'HTTP 400' }],
    });
    await t.push.notify(
      { sessionId: 's1', deviceOs: 'httpcb', deviceNotificationId: 'https://h.example/x' },
      notification,
    );
    expect(t.frames).toHaveLength(1);
    expect(t.stored).toEqual([]);
  });

  it('never POSTs to a private address in AWS mode; the notification waits for poll', async () => {
    const t = setup();
    await t.push.notify(
      { sessionId: 's1', deviceOs: 'httpcb', deviceNotificationId: 'http://169.254.169.254/latest' },
      notification,
    );
    expect(t.posts).toEqual([]);
    expect(t.stored.map((s) => s.n.id)).toEqual(['n1']);
  });

  it('drops a notification, without failing the sender, when the poll list is full', async () => {
    let attempts = 0;
    const full = new PushDispatcher(
      () => ({
        clock: { now: () => NOW },
        ids: { id: () => 'n1', token: () => 't', digits: () => '0', random: () => 0 },
        queue: { send: async () => undefined },
        connections: { ...fakeNoSubscribers },
        sockets: { send: async () => 'sent' as const },
        operationalMetrics: new InMemoryOperationalMetrics(),
        notifications: {
          add: async () => {
            attempts++;
            throw new ConflictError('full');
          },
          take: async () => [],
        },
      }),
      { webhook: {} as HttpCallbackSender, allowPrivateWebhooks: false },
    );
    await expect(full.notify({ sessionId: 's1' }, notification)).resolves.toBeUndefined();
    expect(attempts).toBe(1);
  });

  it('drops a malformed push-retry message without throwing', async () => {
    const t = setup();
    await t.push.retryDelivery({ kind: PUSH_RETRY_KIND, id: 'x', data: { url: 'https://h.example/x' } });
    expect(t.posts).toEqual([]);
    expect(t.stored).toEqual([]);
  });
});
