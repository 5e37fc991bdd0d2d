import { describe, expect, it } from 'vitest';
import type { HttpCallbackSender } from '../../../../functions/adapters/push/http-callback-sender.js';
import { PushDispatcher } from '../../../../functions/adapters/push/push-dispatcher.js';
import { InMemoryOperationalMetrics } from '../../../../functions/adapters/operational-metrics/in-memory-operational-metrics.js';
import type { ConnectionSender, ConnectionStore } from '../../../../functions/ports/connections.js';
import type { NotificationStore } from '../../../../functions/ports/notifications.js';

/** `broadcast` (chat events): WebSocket subscribers only, a 410 forgets the connection, nothing kept for poll. */
describe('PushDispatcher.broadcast', () => {
  function setup(outcomes: Record<string, 'sent' | 'gone'>) {
    const frames: { connectionId: string; data: unknown }[] = [];
    const removed: string[] = [];
    let stored = 0;
    const connections = {
      remove: async (id: string) => {
        removed.push(id);
      },
      subscribers: async (key: string) => (key === 'chat1' ? Object.keys(outcomes) : []),
    } as unknown as ConnectionStore;
    const sockets: ConnectionSender = {
      send: async (connectionId, data) => {
        if (outcomes[connectionId] === 'sent') frames.push({ connectionId, data: JSON.parse(data) });
        return outcomes[connectionId]!;
      },
    };
    const notifications = {
      add: async () => {
        stored++;
      },
    } as unknown as NotificationStore;
    let n = 0;
    const dispatcher = new PushDispatcher(
      () => ({
        clock: { now: () => 0 },
        ids: { id: () => `n${++n}`, token: () => 't', digits: () => '0', random: () => 0 },
        queue: { send: async () => undefined },
        connections,
        sockets,
        notifications,
        operationalMetrics: new InMemoryOperationalMetrics(),
      }),
      { webhook: {} as HttpCallbackSender, allowPrivateWebhooks: false },
    );
    return { dispatcher, frames, removed, stored: () => stored };
  }

  it('sends the frame to live subscribers, forgets gone ones, stores nothing', async () => {
    const t = setup({ c1: 'sent', c2: 'gone', c3: 'sent' });
    const message = { chatSessionId: 'chat1', transcriptPosition: 4 };
    expect(await t.dispatcher.broadcast('chat1', { tag: 'service.chat.refresh.chat1', message })).toBe(2);
    expect(t.frames.map((f) => f.connectionId)).toEqual(['c1', 'c3']);
    expect(t.frames[0]!.data).toEqual({
      type: 'notification',
      channel: '/_genesys',
      data: { id: 'n1', tag: 'service.chat.refresh.chat1', message },
    });
    expect(t.removed).toEqual(['c2']);
    expect(t.stored()).toBe(0);
  });

  it('no subscriber: nothing delivered and nothing kept for poll', async () => {
    const t = setup({});
    expect(await t.dispatcher.broadcast('chat1', { tag: 'x', message: {} })).toBe(0);
    expect(t.stored()).toBe(0);
  });
});
