import { describe, expect, it } from 'vitest';
import { CometdChannel } from '../../../../functions/adapters/push/cometd-channel.js';
import { InMemoryOperationalMetrics } from '../../../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import { PushDispatcher } from '../../../../functions/adapters/push/push-dispatcher.js';
import type { HttpCallbackSender } from '../../../../functions/adapters/push/http-callback-sender.js';
import type { BayeuxStore } from '../../../../functions/ports/bayeux.js';
import type { DeviceAddress, DeviceDelivery } from '../../../../functions/ports/push.js';
import type {
  PendingBayeuxMessage,
  StoredBayeuxClient,
} from '../../../../functions/domain/bayeux/bayeux-server.js';
import type { ServiceSession } from '../../../../functions/domain/service-session.js';
import type { StoredNotification } from '../../../../functions/domain/notification/stored-notification.js';

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

/** The dispatcher with no WebSocket subscribers, a session store and a recording `comet` channel. */
function dispatcher(session: Partial<ServiceSession> | undefined, outcome: DeviceDelivery | Error) {
  const delivered: { device: DeviceAddress; n: unknown }[] = [];
  const stored: StoredNotification[] = [];
  const operationalMetrics = new InMemoryOperationalMetrics();
  let nextId = 0;
  const ports = {
    clock: { now: () => NOW },
    ids: { id: () => `n${++nextId}`, token: () => 't', digits: () => '0', random: () => 0 },
    queue: { send: async () => undefined },
    connections: {
      add: async () => undefined,
      get: async () => undefined,
      remove: async () => undefined,
      subscribe: async () => 'subscribed' as const,
      unsubscribe: async () => 'removed' as const,
      subscribers: async () => [],
      count: async () => ({ count: 0, capped: false }),
    },
    sockets: { send: async () => 'sent' as const },
    notifications: {
      add: async (_s: string, _a: string, n: StoredNotification) => {
        stored.push(n);
      },
      take: async () => [],
    },
    operationalMetrics,
    sessions: {
      get: async (id: string) =>
        session
          ? ({
              id,
              service: 's',
              serviceType: 'callback',
              createdAt: 0,
              expiresAt: NOW + 1,
              ...session,
            } as ServiceSession)
          : undefined,
    },
    deviceChannels: {
      comet: {
        deliver: async (device: DeviceAddress, n: unknown) => {
          if (outcome instanceof Error) throw outcome;
          delivered.push({ device, n });
          return outcome;
        },
      },
    },
  };
  const push = new PushDispatcher(() => ports, {
    webhook: {} as HttpCallbackSender,
    allowPrivateWebhooks: false,
  });
  const failures = () => {
    operationalMetrics.flush();
    return operationalMetrics.total('PushFailures', { channel: 'comet' });
  };
  return { push, delivered, stored, failures };
}

const notification = { tag: 'service.agentavailable.s1', message: { _action: 'ConnectCall', _id: 's1' } };

describe('PushDispatcher and the comet channel', () => {
  it("asks the comet channel for the session's gms_user; delivered means nothing waits for poll", async () => {
    const d = dispatcher({ gmsUser: 'u1' }, 'delivered');
    await d.push.notify({ sessionId: 's1', deviceOs: 'comet' }, notification);
    expect(d.delivered).toEqual([
      { device: { type: 'comet', deviceId: 'u1' }, n: { id: 'n1', ...notification } },
    ]);
    expect(d.stored).toEqual([]);
  });

  it('keeps it for poll when no CometD client took it, or the session has no gms_user', async () => {
    const none = dispatcher({ gmsUser: 'u1' }, 'failed');
    await none.push.notify({ sessionId: 's1' }, notification);
    expect(none.stored).toEqual([{ id: 'n1', ...notification, createdAt: NOW }]);

    const anonymous = dispatcher({}, 'delivered');
    await anonymous.push.notify({ sessionId: 's1' }, notification);
    expect(anonymous.delivered).toEqual([]);
    expect(anonymous.stored).toHaveLength(1);
  });

  it('a failing channel counts a comet PushFailure and keeps the notification for poll', async () => {
    const d = dispatcher({ gmsUser: 'u1' }, new Error('DynamoDB throttled'));
    await d.push.notify({ sessionId: 's1' }, notification);
    expect(d.stored).toHaveLength(1);
    expect(d.failures()).toBe(1);
  });

  it('broadcast (chat events) counts a CometD delivery among the takers', async () => {
    expect(await dispatcher({ gmsUser: 'u1' }, 'delivered').push.broadcast('s1', notification)).toBe(1);
    expect(await dispatcher({ gmsUser: 'u1' }, 'failed').push.broadcast('s1', notification)).toBe(0);
  });
});

describe('CometdChannel', () => {
  function channel(clients: StoredBayeuxClient[], socketOutcome: 'sent' | 'gone') {
    const enqueued: { clientId: string; message: PendingBayeuxMessage }[] = [];
    const removed: string[] = [];
    const frames: { connectionId: string; data: unknown }[] = [];
    const bayeux = {
      listeners: async (user: string) => clients.filter((c) => c.gmsUser === user),
      enqueue: async (clientId: string, message: PendingBayeuxMessage) => {
        enqueued.push({ clientId, message });
      },
      remove: async (id: string) => {
        removed.push(id);
      },
    } as unknown as BayeuxStore;
    const sockets = {
      send: async (connectionId: string, data: string) => {
        frames.push({ connectionId, data: JSON.parse(data) });
        return socketOutcome;
      },
    };
    const c = new CometdChannel(() => ({ clock: { now: () => NOW }, bayeux, sockets }));
    return { c, enqueued, removed, frames };
  }
  const n = { id: 'n1', tag: 't', message: { a: 1 } };
  const genesys = { channel: '/_genesys', data: n };

  it('sends to WebSocket clients at once and keeps it for long-polling clients', async () => {
    const ch = channel(
      [
        {
          id: 'ws',
          gmsUser: 'u1',
          subscriptions: ['/_genesys'],
          expiresAt: NOW + 1000,
          connectionId: 'conn-1',
        },
        { id: 'lp', gmsUser: 'u1', subscriptions: ['/_genesys'], expiresAt: NOW + 2000 },
      ],
      'sent',
    );
    expect(await ch.c.deliver({ type: 'comet', deviceId: 'u1' }, n)).toBe('delivered');
    expect(ch.frames).toEqual([{ connectionId: 'conn-1', data: [genesys] }]);
    expect(ch.enqueued).toEqual([
      { clientId: 'lp', message: { id: 'n1', createdAt: NOW, message: genesys } },
    ]);
  });

  it('forgets a WebSocket client whose connection is gone; no listener at all is a failed delivery', async () => {
    const ch = channel(
      [
        {
          id: 'ws',
          gmsUser: 'u1',
          subscriptions: ['/_genesys'],
          expiresAt: NOW + 1000,
          connectionId: 'conn-1',
        },
      ],
      'gone',
    );
    expect(await ch.c.deliver({ type: 'comet', deviceId: 'u1' }, n)).toBe('failed');
    expect(ch.removed).toEqual(['ws']);
    expect(await ch.c.deliver({ type: 'comet', deviceId: 'nobody' }, n)).toBe('failed');
  });
});
