import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUBSCRIPTION_EXPIRE_SECONDS,
  deviceIdProblem,
  filterMatches,
  isLive,
  subscriptionExpiresAt,
  subscriptionView,
  supportedTypes,
  TAG_PATTERN,
  type NotificationSubscription,
} from '../../../../functions/domain/notification/subscription.js';

describe('Notification API subscriptions (pure)', () => {
  it('a filter matches exactly the tag equal to it', () => {
    expect(filterMatches('ors.contact.123', 'ors.contact.123')).toBe(true);
    expect(filterMatches('ors.contact.123', 'ors.contact.1234')).toBe(false);
    expect(filterMatches('ors.contact', 'ors.contact.123')).toBe(false);
    expect(filterMatches('ors.contact.*', 'ors.contact.123')).toBe(false);
  });

  it('expiry: GMS default of 30 s without expire, else the given seconds; live until then', () => {
    expect(DEFAULT_SUBSCRIPTION_EXPIRE_SECONDS).toBe(30);
    expect(subscriptionExpiresAt(1_000, undefined)).toBe(31_000);
    expect(subscriptionExpiresAt(1_000, 120)).toBe(121_000);
    expect(isLive({ expiresAt: 31_000 }, 30_999)).toBe(true);
    expect(isLive({ expiresAt: 31_000 }, 31_000)).toBe(false);
  });

  it('tags and filters: printable, no spaces, at most 256 characters', () => {
    expect(TAG_PATTERN.test('service.chat.refresh.abc-1')).toBe(true);
    expect(TAG_PATTERN.test('')).toBe(false);
    expect(TAG_PATTERN.test('a b')).toBe(false);
    expect(TAG_PATTERN.test('x'.repeat(256))).toBe(true);
    expect(TAG_PATTERN.test('x'.repeat(257))).toBe(false);
  });

  it('the view has the request shape and the seconds left, never the authorization', () => {
    const s: NotificationSubscription = {
      id: 'i',
      subscriberId: 'sub',
      filter: 'f',
      device: { type: 'httpcb', deviceId: 'https://x/y' },
      authorization: 'secret',
      createdAt: 0,
      expiresAt: 10_500,
    };
    expect(subscriptionView(s, 1_000)).toEqual({
      id: 'i',
      subscriberId: 'sub',
      filter: 'f',
      notificationDetails: { deviceId: 'https://x/y', type: 'httpcb', properties: {} },
      expire: 10,
    });
  });

  it('supported types are the registered ones, sorted', () => {
    const channel = { deliver: () => Promise.resolve('delivered' as const) };
    expect(supportedTypes({ websocket: channel, httpcb: channel, ios: undefined })).toEqual([
      'httpcb',
      'websocket',
    ]);
  });

  it('device ids: a session id for websocket, a postable URL for httpcb, anything for other channels', () => {
    expect(deviceIdProblem('websocket', 'abc-123', false)).toBeUndefined();
    expect(deviceIdProblem('websocket', 'has space', false)).toContain('_id of a session');
    expect(deviceIdProblem('httpcb', 'https://app.example.com/push', false)).toBeUndefined();
    expect(deviceIdProblem('httpcb', 'http://127.0.0.1/push', false)).toContain(
      'deviceId points at a private',
    );
    expect(deviceIdProblem('httpcb', 'http://127.0.0.1/push', true)).toBeUndefined();
    expect(deviceIdProblem('ios', 'any token', false)).toBeUndefined();
  });
});
