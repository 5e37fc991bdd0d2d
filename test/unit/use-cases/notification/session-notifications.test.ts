import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../functions/domain/errors.js';
import type { StoredNotification } from '../../../../functions/domain/notification/stored-notification.js';
import type { PushNotification, PushTarget } from '../../../../functions/ports/push.js';
import type { SessionStore } from '../../../../functions/ports/sessions.js';
import {
  retrieveAgentNotifications,
  sendAgentNotification,
  sendAppNotification,
} from '../../../../functions/use-cases/notification/session-notifications.js';
import { callbackRecord } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

function fixture() {
  const clock = new ManualClock();
  const callbacks = new InMemoryCallbackStore();
  callbacks.records.set(
    'cb-1',
    callbackRecord({
      id: 'cb-1',
      expiresAt: clock.now() + 60_000,
      properties: { _device_os: 'comet', _device_notification_id: 'dev-1' },
    }),
  );
  const sessions = { get: () => Promise.resolve(undefined) } as unknown as SessionStore;
  const pushed: { target: PushTarget; message: PushNotification }[] = [];
  const kept: StoredNotification[] = [];
  const ports = {
    clock,
    callbacks,
    sessions,
    ids: { id: () => 'n-1' },
    push: {
      notify: (target: PushTarget, message: PushNotification) =>
        Promise.resolve(void pushed.push({ target, message })),
    },
    notifications: {
      add: (_id: string, _side: string, n: StoredNotification) => Promise.resolve(void kept.push(n)),
      take: () => Promise.resolve(kept.splice(0)),
    },
  };
  return { ports: ports as never, pushed, kept };
}

describe('session notifications', () => {
  it("pushes an app notification on the callback's device channel", async () => {
    const { ports, pushed } = fixture();
    await sendAppNotification(ports, 'cb-1', { _application_message: 'data', _display_message: 'hi' });
    expect(pushed).toEqual([
      {
        target: { sessionId: 'cb-1', deviceOs: 'comet', deviceNotificationId: 'dev-1' },
        message: {
          tag: 'service.message.cb-1',
          message: { _id: 'cb-1', _internal_message: 'data', _display_message: 'hi' },
        },
      },
    ]);
  });

  it('keeps an agent notification as the JSON text the seed shows, then gives it once', async () => {
    const { ports } = fixture();
    await sendAgentNotification(ports, 'cb-1', { _display_message: 'hi', _application_message: 'data' });
    expect(await retrieveAgentNotifications(ports, 'cb-1')).toEqual([
      {
        message: '{"_id":"cb-1","_internal_message":"data","_display_message":"hi"}',
        tag: 'agent.message.cb-1',
      },
    ]);
    expect(await retrieveAgentNotifications(ports, 'cb-1')).toEqual([]);
  });

  it('refuses an empty notification and an unknown session', async () => {
    const { ports } = fixture();
    await expect(sendAppNotification(ports, 'cb-1', {})).rejects.toThrow(/nothing to say/);
    await expect(sendAppNotification(ports, 'nope', { _display_message: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
