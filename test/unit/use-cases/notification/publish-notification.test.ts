import { describe, expect, it } from 'vitest';
import type { NotificationSubscription } from '../../../../functions/domain/notification/subscription.js';
import { publishNotification } from '../../../../functions/use-cases/notification/publish-notification.js';
import type { DeviceAddress, DeviceChannel, DeviceDelivery } from '../../../../functions/ports/push.js';
import type { NotificationSubscriptionStore } from '../../../../functions/ports/notifications.js';

function store(subscriptions: NotificationSubscription[], pageSize = 2) {
  const removed: string[] = [];
  const port: NotificationSubscriptionStore = {
    put: () => Promise.resolve(),
    get: () => Promise.resolve(undefined),
    count: () => Promise.resolve(0),
    remove: (id) => {
      removed.push(id);
      return Promise.resolve(true);
    },
    async *byFilter(filter, now) {
      const live = subscriptions.filter((s) => s.filter === filter && s.expiresAt > now);
      for (let i = 0; i < live.length; i += pageSize) yield live.slice(i, i + pageSize);
    },
  };
  return { port, removed };
}

const sub = (id: string, type: string, filter = 't', expiresAt = 10_000): NotificationSubscription => ({
  id,
  subscriberId: 'x',
  filter,
  device: { type, deviceId: `dev-${id}` },
  createdAt: 0,
  expiresAt,
});

function channel(outcome: (d: DeviceAddress) => DeviceDelivery) {
  const got: { device: DeviceAddress; n: unknown }[] = [];
  const c: DeviceChannel = {
    deliver: (device, n) => {
      got.push({ device, n });
      return Promise.resolve(outcome(device));
    },
  };
  return { c, got };
}

function metrics() {
  const counted: unknown[] = [];
  return { counted, port: { count: (name: string, d: unknown) => counted.push([name, d]), flush: () => {} } };
}

describe('publishNotification', () => {
  it('delivers {id, tag, message} to every live matching subscription on its channel, across pages', async () => {
    const a = channel(() => 'delivered');
    const b = channel(() => 'delivered');
    const s = store([
      sub('1', 'a'),
      sub('2', 'b'),
      sub('3', 'a'),
      sub('4', 'a', 'other'),
      sub('5', 'a', 't', 50),
    ]);
    const m = metrics();
    const out = await publishNotification(
      {
        clock: { now: () => 100 },
        ids: { id: () => 'n1' } as never,
        notificationSubscriptions: s.port,
        deviceChannels: { a: a.c, b: b.c },
        operationalMetrics: m.port as never,
      },
      't',
      { hello: 1 },
    );
    expect(out).toEqual({ id: 'n1', subscriptions: 3, delivered: 3 });
    expect(a.got.map((g) => g.device.deviceId).sort()).toEqual(['dev-1', 'dev-3']);
    expect(b.got).toEqual([
      { device: { type: 'b', deviceId: 'dev-2' }, n: { id: 'n1', tag: 't', message: { hello: 1 } } },
    ]);
    expect(m.counted).toEqual([]);
  });

  it('an invalid address ends its subscription; a failure, a throw or a missing channel is counted by channel', async () => {
    const c = channel((d) => (d.deviceId === 'dev-1' ? 'invalid' : 'failed'));
    const thrower: DeviceChannel = { deliver: () => Promise.reject(new Error('boom')) };
    const s = store([sub('1', 'c'), sub('2', 'c'), sub('3', 'gone'), sub('4', 'boom')]);
    const m = metrics();
    const out = await publishNotification(
      {
        clock: { now: () => 0 },
        ids: { id: () => 'n2' } as never,
        notificationSubscriptions: s.port,
        deviceChannels: { c: c.c, boom: thrower },
        operationalMetrics: m.port as never,
      },
      't',
      'm',
    );
    expect(out).toEqual({ id: 'n2', subscriptions: 4, delivered: 0 });
    expect(s.removed).toEqual(['1']);
    expect(m.counted).toEqual([
      ['PushFailures', { channel: 'c' }],
      ['PushFailures', { channel: 'gone' }],
      ['PushFailures', { channel: 'boom' }],
    ]);
  });
});
