import { beforeEach, describe, expect, it } from 'vitest';
import { CallbackEventPublisher } from '../../../functions/adapters/callback-event-publisher.js';
import { StatusNotificationEmitter } from '../../../functions/adapters/status-notification-emitter.js';
import type { CallbackRecord } from '../../../functions/domain/callback/callback-record.js';
import { created, transition } from '../../../functions/domain/callback/callback-transition.js';
import type { MetricEvent } from '../../../functions/domain/reports/metric-events.js';
import type { ConfigStore } from '../../../functions/ports/config.js';
import type { WorkMessage } from '../../../functions/ports/work-queue.js';
import { callbackRecord } from '../../support/callback-fixture.js';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');

let sent: WorkMessage[];
let recorded: MetricEvent[];
/** The events of each `record` call: one call is one metrics write per item. */
let recordCalls: MetricEvent[][];
let counted: [string, Record<string, string>][];
let publisher: CallbackEventPublisher;

beforeEach(() => {
  sent = [];
  recorded = [];
  recordCalls = [];
  counted = [];
  const config = {
    get: async (_kind: string, name: string) =>
      name === 'cb'
        ? {
            kind: 'service',
            name,
            updatedAt: 0,
            options: {
              _enable_status_notification: 'subscribe_notify',
              _status_notification_type: 'httpcb',
              _status_notification_target: 'http://127.0.0.1:9/status',
            },
          }
        : undefined,
  } as unknown as ConfigStore;
  const emitter = new StatusNotificationEmitter(() => ({
    config,
    queue: {
      send: async (message: WorkMessage) => void sent.push(message),
      sendBatch: async () => undefined,
    },
    runtime: { mode: 'local' },
  }));
  publisher = new CallbackEventPublisher(
    emitter,
    () => ({
      record: async (...events) => {
        recordCalls.push(events);
        recorded.push(...events);
      },
      sample: async () => undefined,
    }),
    () => ({ count: (name, dimensions) => void counted.push([name, dimensions]), flush: () => undefined }),
  );
});

const queued = (over: Partial<CallbackRecord> = {}) =>
  callbackRecord({
    id: 'c1',
    service: 'cb',
    state: 'QUEUED',
    scheduled: false,
    desiredTime: NOW,
    queuedAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  });

const statusEventsSent = () => sent.map((m) => (m.data as { events: string[] }).events);

describe('CallbackEventPublisher', () => {
  it('a create: the state entered for reports, created and queued counts, its status events', async () => {
    await publisher.publish(created(queued()));
    expect(recorded).toEqual([
      { kind: 'callback-entered', id: 'c1', service: 'cb', mediaType: 'voice', state: 'QUEUED', at: NOW },
    ]);
    expect(counted).toEqual([
      ['CallbacksCreated', { service: 'cb' }],
      ['CallbacksQueued', { service: 'cb' }],
    ]);
    expect(statusEventsSent()).toEqual([['_cbe_on_service_create', '_cbe_on_callback_queued']]);
    expect(sent[0]).toMatchObject({ kind: 'callback-status', id: 'c1', version: 1 });
  });

  it('a completion: its reason in reports and counts, the status events of the state it left', async () => {
    const before = queued({ version: 2 });
    const { events } = transition(before, 'COMPLETED', { now: NOW + 5, reason: 'CANCELLED' });
    await publisher.publish(events);
    expect(recorded).toEqual([
      {
        kind: 'callback-entered',
        id: 'c1',
        service: 'cb',
        mediaType: 'voice',
        state: 'COMPLETED',
        reason: 'CANCELLED',
        at: NOW + 5,
      },
    ]);
    expect(counted).toEqual([['CallbacksCompleted', { service: 'cb', reason: 'CANCELLED' }]]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ version: 3 });
  });

  it("the flow's own metrics (an agent's handle time) are recorded in the same call as the change's", async () => {
    const processing = queued({ state: 'PROCESSING', version: 4, agentId: 'a1' });
    const { events } = transition(processing, 'COMPLETED', { now: NOW + 9, reason: 'AGENT_CONNECTED' });
    const handled: MetricEvent = {
      kind: 'agent-handled',
      id: 'c1',
      service: 'cb',
      mediaType: 'voice',
      seconds: 42,
      at: NOW + 9,
    };
    await publisher.publish([{ ...events[0]!, metrics: [handled] }]);
    expect(recordCalls).toEqual([
      [
        {
          kind: 'callback-entered',
          id: 'c1',
          service: 'cb',
          mediaType: 'voice',
          state: 'COMPLETED',
          reason: 'AGENT_CONNECTED',
          at: NOW + 9,
        },
        handled,
      ],
    ]);
  });

  it("the router's reservation and requeue: status notifications only, as ever", async () => {
    const reserved = transition(queued(), 'ROUTING', {
      now: NOW + 1,
      set: { agentId: 'a1' },
      statusOnly: true,
    });
    await publisher.publish(reserved.events);
    const requeued = transition(reserved.next, 'QUEUED', {
      now: NOW + 2,
      clearAgent: true,
      set: { dialAttempts: 1 },
      statusOnly: true,
    });
    await publisher.publish(requeued.events);
    expect(recorded).toEqual([]);
    expect(counted).toEqual([]);
    expect(statusEventsSent()).toEqual([['_cbe_on_target_found'], ['_cbe_on_callback_queued']]);
  });

  it('a service without status notifications still gets its report metrics and counts', async () => {
    await publisher.publish(created(queued({ service: 'quiet' })));
    expect(sent).toEqual([]);
    expect(recorded).toHaveLength(1);
    expect(counted).toHaveLength(2);
  });
});
