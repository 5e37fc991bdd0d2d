import { describe, expect, it } from 'vitest';
import { InMemoryOperationalMetrics } from '../../../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import { NativePushChannel } from '../../../../functions/adapters/push/native-push-channel.js';
import { PushDispatcher } from '../../../../functions/adapters/push/push-dispatcher.js';
import type { HttpCallbackSender } from '../../../../functions/adapters/push/http-callback-sender.js';
import type { NativePlatform } from '../../../../functions/domain/push/native-platforms.js';
import { PushSimulator } from '../../../../functions/local/push-simulator.js';
import type { MobilePushResult, MobilePushService } from '../../../../functions/ports/mobile-push.js';
import type { NotificationStore } from '../../../../functions/ports/notifications.js';
import type { StoredNotification } from '../../../../functions/domain/notification/stored-notification.js';
import { InMemoryPushEndpointStore } from '../../../support/in-memory-push-endpoint-store.js';

function setup(mobilePush: MobilePushService = new PushSimulator(() => 0)) {
  const endpoints = new InMemoryPushEndpointStore();
  const operationalMetrics = new InMemoryOperationalMetrics();
  const channel = new NativePushChannel(() => ({
    mobilePush,
    pushEndpoints: endpoints,
    operationalMetrics,
  }));
  const failures = () => {
    operationalMetrics.flush();
    return operationalMetrics.total('PushFailures', { channel: 'native' });
  };
  return { channel, endpoints: endpoints.items, failures, mobilePush };
}

const n = { id: 'n1', tag: 'service.agentavailable.s1', message: { _id: 's1', _action: 'ConnectCall' } };

describe('NativePushChannel', () => {
  it('creates the endpoint of a token once and publishes to it every time', async () => {
    const sim = new PushSimulator(() => 0);
    const t = setup(sim);
    expect(await t.channel.deliver({ type: 'ios', deviceId: 'tok' }, n)).toBe('delivered');
    const arn = t.endpoints.get('APNS#tok');
    expect(arn).toMatch(/endpoint\/APNS\/gms-local\//);
    expect(await t.channel.deliver({ type: 'IOS', deviceId: 'tok' }, { ...n, id: 'n2' })).toBe('delivered');
    expect(t.endpoints.get('APNS#tok')).toBe(arn);
    expect(sim.pushes('tok').map((p) => [p.endpointArn, (p.payload as { id: string }).id])).toEqual([
      [arn, 'n1'],
      [arn, 'n2'],
    ]);
    expect(t.failures()).toBe(0);
  });

  it('sends a debug iOS device to the sandbox application', async () => {
    const sim = new PushSimulator(() => 0);
    const t = setup(sim);
    await t.channel.deliver({ type: 'ios', deviceId: 'dev', properties: { debug: 'true' } }, n);
    expect(sim.pushes('dev').map((p) => p.platform)).toEqual(['APNS_SANDBOX']);
  });

  it('drops a refused token: endpoint forgotten and deleted, invalid, counted', async () => {
    const deleted: string[] = [];
    const calls: string[] = [];
    const service: MobilePushService = {
      platforms: ['GCM'],
      createEndpoint: async (platform: NativePlatform, token: string) => {
        calls.push(`create ${platform} ${token}`);
        return { endpointArn: `arn:${token}` };
      },
      publish: async (): Promise<MobilePushResult> => ({ outcome: 'invalid', detail: 'EndpointDisabled' }),
      deleteEndpoint: async (arn) => {
        deleted.push(arn);
      },
    };
    const t = setup(service);
    expect(await t.channel.deliver({ type: 'fcm', deviceId: 'gone' }, n)).toBe('invalid');
    expect(t.endpoints.size).toBe(0);
    expect(deleted).toEqual(['arn:gone']);
    expect(t.failures()).toBe(1);
    // The next push to the token creates its endpoint again.
    await t.channel.deliver({ type: 'fcm', deviceId: 'gone' }, n);
    expect(calls).toEqual(['create GCM gone', 'create GCM gone']);
  });

  it('keeps the endpoint when the push failed for another reason, and fails when nothing is configured', async () => {
    const service: MobilePushService = {
      platforms: ['APNS'],
      createEndpoint: async () => ({ endpointArn: 'arn:e' }),
      publish: async () => ({ outcome: 'failed', detail: 'Throttled' }),
      deleteEndpoint: async () => {
        throw new Error('must not delete');
      },
    };
    const t = setup(service);
    expect(await t.channel.deliver({ type: 'ios', deviceId: 'x' }, n)).toBe('failed');
    expect(t.endpoints.get('APNS#x')).toBe('arn:e');
    expect(await t.channel.deliver({ type: 'android', deviceId: 'x' }, n)).toBe('failed');
    expect(await t.channel.deliver({ type: 'ios', deviceId: '  ' }, n)).toBe('invalid');
  });
});

describe('PushDispatcher with a native device', () => {
  function dispatcher(outcome: 'delivered' | 'invalid' | 'failed') {
    const stored: StoredNotification[] = [];
    const delivered: { type: string; deviceId: string }[] = [];
    const push = new PushDispatcher(
      () => ({
        clock: { now: () => 0 },
        ids: { id: () => 'n1', token: () => 't', digits: () => '0', random: () => 0 },
        queue: { send: async () => undefined },
        connections: { subscribers: async () => [] } as never,
        sockets: { send: async () => 'sent' as const },
        notifications: {
          add: async (_s: string, _a: string, item: StoredNotification) => {
            stored.push(item);
          },
        } as unknown as NotificationStore,
        operationalMetrics: new InMemoryOperationalMetrics(),
        deviceChannels: {
          ios: {
            deliver: async (device) => {
              delivered.push(device);
              return outcome;
            },
          },
        },
      }),
      { webhook: {} as HttpCallbackSender, allowPrivateWebhooks: false },
    );
    return { push, stored, delivered };
  }

  it('delivers to the channel of _device_os (any case) with the token; delivered is not kept for poll', async () => {
    const t = dispatcher('delivered');
    await t.push.notify({ sessionId: 's1', deviceOs: 'iOS', deviceNotificationId: 'tok' }, n);
    expect(t.delivered).toEqual([{ type: 'ios', deviceId: 'tok' }]);
    expect(t.stored).toEqual([]);
  });

  it.each(['invalid', 'failed'] as const)('%s: kept for poll', async (outcome) => {
    const t = dispatcher(outcome);
    await t.push.notify({ sessionId: 's1', deviceOs: 'ios', deviceNotificationId: 'tok' }, n);
    expect(t.stored.map((s) => s.tag)).toEqual([n.tag]);
  });

  it('a native type without a token or a channel is kept for poll', async () => {
    const t = dispatcher('delivered');
    await t.push.notify({ sessionId: 's1', deviceOs: 'ios' }, n);
    await t.push.notify({ sessionId: 's1', deviceOs: 'android', deviceNotificationId: 'tok' }, n);
    expect(t.delivered).toEqual([]);
    expect(t.stored).toHaveLength(2);
  });
});
