import { describe, expect, it } from 'vitest';
import type { CallbackRecord } from '../../../../functions/domain/callback/callback-record.js';
import {
  DEFAULT_STATUS_NOTIFICATION_ATTEMPTS,
  readStatusNotificationConfig,
  snapshotOf,
  statusEventBody,
  statusEvents,
  statusTargetProblem,
} from '../../../../functions/domain/callback/status-events.js';

const NOW = Date.parse('2026-11-23T12:00:00.000Z');
const LATER = Date.parse('2026-11-23T15:30:00.000Z');

function record(over: Partial<CallbackRecord> = {}): CallbackRecord {
  return {
    id: 'cb-1',
    service: 'cb-sched',
    state: 'SCHEDULED',
    customerNumber: '5115',
    desiredTime: LATER,
    scheduled: true,
    scenario: {
      mediaType: 'voice',
      direction: 'USERTERMINATED',
      waitForAgent: false,
      waitForUserConfirm: false,
    },
    properties: { _customer_number: '5115', note: 'a' },
    priority: 0,
    guards: [],
    createdAt: NOW,
    updatedAt: NOW,
    expiresAt: LATER + 86_400_000,
    version: 1,
    ...over,
  };
}

/** `previous` -> `previous` with `over` applied and the version bumped, as the store writes it. */
const step = (previous: CallbackRecord, over: Partial<CallbackRecord>) =>
  statusEvents(previous, { ...previous, ...over, version: previous.version + 1 });

describe('statusEvents: creates', () => {
  it('a scheduled callback: service_create then callback_scheduled', () => {
    expect(statusEvents(undefined, record())).toEqual([
      '_cbe_on_service_create',
      '_cbe_on_callback_scheduled',
    ]);
  });

  it('an immediate callback: service_create then callback_queued', () => {
    expect(statusEvents(undefined, record({ state: 'QUEUED', scheduled: false }))).toEqual([
      '_cbe_on_service_create',
      '_cbe_on_callback_queued',
    ]);
  });
});

describe('statusEvents: transitions', () => {
  const scheduled = record();
  const queued = record({ state: 'QUEUED', version: 3 });
  const routing = record({ state: 'ROUTING', agentId: 'agent-1', version: 4 });

  it('a new desired time is a reschedule, from SCHEDULED or QUEUED', () => {
    expect(step(scheduled, { desiredTime: LATER + 3600_000 })).toEqual(['_cbe_on_callback_rescheduled']);
    expect(step(queued, { state: 'SCHEDULED', desiredTime: LATER + 3600_000 })).toEqual([
      '_cbe_on_callback_rescheduled',
    ]);
  });

  it('the desired time coming: submitted to routing and queued', () => {
    expect(step(scheduled, { state: 'QUEUED', queuedAt: LATER })).toEqual([
      '_cbe_on_callback_submitted',
      '_cbe_on_callback_queued',
    ]);
  });

  it('back to the queue from ROUTING (agent rejected): queued again', () => {
    expect(step(routing, { state: 'QUEUED', agentId: undefined })).toEqual(['_cbe_on_callback_queued']);
  });

  it('an agent reserved: target_found', () => {
    expect(step(queued, { state: 'ROUTING', agentId: 'agent-1' })).toEqual(['_cbe_on_target_found']);
  });

  it('connected: a user-terminated voice callback was dialed and answered; others are routed only', () => {
    expect(step(routing, { state: 'PROCESSING' })).toEqual(['_cbe_on_dial_done', '_cbe_on_route_to_agent']);
    const chat = { ...routing, scenario: { ...routing.scenario, mediaType: 'chat' as const } };
    expect(step(chat, { state: 'PROCESSING' })).toEqual(['_cbe_on_route_to_agent']);
    const uo = { ...routing, scenario: { ...routing.scenario, direction: 'USERORIGINATED' as const } };
    expect(step(uo, { state: 'PROCESSING' })).toEqual(['_cbe_on_route_to_agent']);
  });

  it('cancelled by the customer or an admin: callback_cancelled then service_exit', () => {
    expect(step(scheduled, { state: 'COMPLETED', reason: 'CANCELLED' })).toEqual([
      '_cbe_on_callback_cancelled',
      '_cbe_on_service_exit',
    ]);
    expect(step(routing, { state: 'COMPLETED', reason: 'CANCELLED_BY_ADMIN' })).toEqual([
      '_cbe_on_callback_cancelled',
      '_cbe_on_service_exit',
    ]);
  });

  it('done with the agent: service_exit only', () => {
    const processing = record({ state: 'PROCESSING', version: 5 });
    expect(step(processing, { state: 'COMPLETED', reason: 'AGENT_CONNECTED' })).toEqual([
      '_cbe_on_service_exit',
    ]);
  });

  it('failed while processed: callback_processing_failed; failed before submitted: callback_submit_failed', () => {
    expect(step(routing, { state: 'COMPLETED', reason: 'FAIL_CALL_TO_CUSTOMER' })).toEqual([
      '_cbe_on_callback_processing_failed',
      '_cbe_on_service_exit',
    ]);
    expect(step(queued, { state: 'COMPLETED', reason: 'AGENT_PREVIEW_CANCEL_AFTER_3REJECTS' })).toEqual([
      '_cbe_on_callback_processing_failed',
      '_cbe_on_service_exit',
    ]);
    expect(step(scheduled, { state: 'COMPLETED', reason: 'FAIL_TIMEOUT_TTL' })).toEqual([
      '_cbe_on_callback_submit_failed',
      '_cbe_on_service_exit',
    ]);
  });

  it('a property update without a new time: callback_status_updated', () => {
    expect(step(scheduled, { properties: { ...scheduled.properties, note: 'b' } })).toEqual([
      '_cbe_on_callback_status_updated',
    ]);
    expect(step(queued, { properties: { _customer_number: '5115' } })).toEqual([
      '_cbe_on_callback_status_updated',
    ]);
  });

  it('bookkeeping the customer cannot see, or a second completion, says nothing', () => {
    expect(step(routing, { agentId: 'agent-2' })).toEqual([]);
    expect(step(queued, { queuedAt: NOW + 5 })).toEqual([]);
    expect(step(scheduled, { properties: { ...scheduled.properties } })).toEqual([]);
    const done = record({ state: 'COMPLETED', reason: 'CANCELLED' });
    expect(step(done, { reason: 'CANCELLED_BY_ADMIN' })).toEqual([]);
  });
});

describe('readStatusNotificationConfig', () => {
  const enabled = {
    _enable_status_notification: 'subscribe_notify',
    _status_notification_type: 'httpcb',
    _status_notification_target: 'https://hooks.example.com/gms',
  };

  it('is off unless _enable_status_notification is subscribe_notify', () => {
    expect(readStatusNotificationConfig({}, false)).toEqual({ enabled: false });
    expect(readStatusNotificationConfig({ ...enabled, _enable_status_notification: 'false' }, false)).toEqual(
      {
        enabled: false,
      },
    );
  });

  it('reads the target and the attempts (default 6)', () => {
    expect(readStatusNotificationConfig(enabled, false)).toEqual({
      enabled: true,
      settings: { target: 'https://hooks.example.com/gms', attempts: DEFAULT_STATUS_NOTIFICATION_ATTEMPTS },
    });
    expect(readStatusNotificationConfig({ ...enabled, _status_notification_attempts: '3' }, false)).toEqual({
      enabled: true,
      settings: { target: 'https://hooks.example.com/gms', attempts: 3 },
    });
  });

  it('names the option that makes it unusable', () => {
    const problem = (options: Record<string, string>, allowPrivate = false) => {
      const c = readStatusNotificationConfig({ ...enabled, ...options }, allowPrivate);
      return 'problem' in c ? c.parameter : undefined;
    };
    expect(problem({ _status_notification_type: 'gcm' })).toBe('_status_notification_type');
    expect(problem({ _status_notification_type: '' })).toBe('_status_notification_type');
    expect(problem({ _status_notification_target: '' })).toBe('_status_notification_target');
    expect(problem({ _status_notification_target: 'ftp://hooks.example.com/x' })).toBe(
      '_status_notification_target',
    );
    expect(problem({ _status_notification_target: 'http://127.0.0.1:9000/x' })).toBe(
      '_status_notification_target',
    );
    expect(problem({ _status_notification_target: 'http://127.0.0.1:9000/x' }, true)).toBeUndefined();
    expect(problem({ _status_notification_attempts: '0' })).toBe('_status_notification_attempts');
    expect(problem({ _status_notification_attempts: 'many' })).toBe('_status_notification_attempts');
  });
});

describe('statusTargetProblem', () => {
  it('refuses what push refuses for device URLs', () => {
    expect(statusTargetProblem('not a url', false)).toMatch(/not a URL/);
    expect(statusTargetProblem('https://user:pw@hooks.example.com/', false)).toMatch(/credentials/);
    expect(statusTargetProblem('http://169.254.169.254/latest', false)).toMatch(/private or local/);
    expect(statusTargetProblem('http://10.1.2.3/x', false)).toMatch(/private or local/);
    expect(statusTargetProblem('https://hooks.example.com/gms', false)).toBeUndefined();
  });
});

describe('statusEventBody', () => {
  it('carries GMS key names and the version; depends only on the change', () => {
    const r = record({
      state: 'COMPLETED',
      reason: 'CANCELLED',
      virtualQueue: 'VQ_1',
      version: 7,
      updatedAt: NOW,
    });
    const body = statusEventBody('_cbe_on_callback_cancelled', snapshotOf(r));
    expect(body).toEqual({
      event: '_cbe_on_callback_cancelled',
      _event_id: 'cb-1:7:_cbe_on_callback_cancelled',
      _id: 'cb-1',
      _service_id: 'cb-1',
      _service_name: 'cb-sched',
      _callback_state: 'COMPLETED',
      _callback_reason: 'CANCELLED',
      _desired_time: '2026-11-23T15:30:00.000Z',
      _customer_number: '5115',
      _urs_virtual_queue: 'VQ_1',
      version: 7,
      timestamp: '2026-11-23T12:00:00.000Z',
    });
    expect(JSON.stringify(statusEventBody('_cbe_on_callback_cancelled', snapshotOf(r)))).toBe(
      JSON.stringify(body),
    );
  });

  it('leaves out what the callback does not have', () => {
    const body = statusEventBody(
      '_cbe_on_service_create',
      snapshotOf(record({ customerNumber: undefined, state: 'QUEUED' })),
    );
    expect(body).not.toHaveProperty('_customer_number');
    expect(body).not.toHaveProperty('_callback_reason');
    expect(body).not.toHaveProperty('_urs_virtual_queue');
  });
});
