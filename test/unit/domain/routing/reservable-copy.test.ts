import { describe, expect, it } from 'vitest';
import { reservation } from '../../../../functions/domain/callback/callback-transition.js';
import {
  queuedCallbackOf,
  readQueuedCallback,
} from '../../../../functions/domain/routing/queued-callback.js';
import {
  MAX_COPIED_DEVICE_CHARS,
  reservableCopyOf,
} from '../../../../functions/domain/routing/reservable-copy.js';
import { callbackRecord, UT_IMMEDIATE } from '../../../support/callback-fixture.js';

const queued = (properties: Record<string, string> = {}) =>
  callbackRecord({ id: 'c1', state: 'QUEUED', version: 4, scenario: UT_IMMEDIATE, properties });

describe('the copy a waiting entry keeps of its callback', () => {
  it('is the version, scenario and device of the callback as stored QUEUED', () => {
    expect(
      reservableCopyOf(queued({ _device_os: 'httpcb', _device_notification_id: 'https://x/y', a: 'b' })),
    ).toEqual({
      version: 4,
      scenario: UT_IMMEDIATE,
      deviceOs: 'httpcb',
      deviceNotificationId: 'https://x/y',
    });
  });

  it('is the same from the copy a route-callback message carries, sent through the queue', () => {
    const record = queued({ _device_os: 'comet' });
    const carried = readQueuedCallback(JSON.parse(JSON.stringify(queuedCallbackOf(record))), 'c1', 4);
    expect(carried).toBeDefined();
    expect(reservableCopyOf(carried!)).toEqual(reservableCopyOf(record));
  });

  it('is not kept when the device is unknown (a message sent before copies), too long, or the callback not QUEUED', () => {
    const { device: _device, ...older } = queuedCallbackOf(queued());
    expect(reservableCopyOf(older)).toBeUndefined();
    const long = 'x'.repeat(MAX_COPIED_DEVICE_CHARS);
    expect(reservableCopyOf(queued({ _device_os: 'httpcb', _device_notification_id: long }))).toBeUndefined();
    expect(reservableCopyOf({ ...queued(), state: 'ROUTING' })).toBeUndefined();
  });

  it('a message whose device is not an object of strings is handled as one without a copy', () => {
    const bad = { ...queuedCallbackOf(queued()), device: { deviceOs: 7 } };
    expect(readQueuedCallback(bad, 'c1', 4)).toBeUndefined();
  });
});

describe('a reservation made from a copy', () => {
  it('reports the transition from the record read after it; nothing when the record moved on', () => {
    const made = reservation('a1', 4, 1_000);
    expect(made.change).toEqual({ state: 'ROUTING', set: { agentId: 'a1' } });
    const after = { ...queued(), state: 'ROUTING' as const, agentId: 'a1', version: 5, updatedAt: 1_000 };
    const routed = made.of(after)!;
    expect(routed.next).toEqual(after);
    expect(routed.events).toEqual([
      { before: expect.objectContaining({ state: 'QUEUED', version: 4 }), after, statusOnly: true },
    ]);
    expect(routed.events[0]!.before).not.toHaveProperty('agentId');
    expect(made.of({ ...after, version: 6 })).toBeUndefined();
    expect(made.of({ ...after, agentId: 'a2' })).toBeUndefined();
    expect(made.of({ ...after, state: 'COMPLETED', reason: 'CANCELLED' })).toBeUndefined();
  });
});
