import { beforeEach, describe, expect, it } from 'vitest';
import type { CallbackRecord } from '../../../../functions/domain/callback/callback-record.js';
import type { ConfigEntry } from '../../../../functions/domain/config-entry.js';
import type { ConfigStore } from '../../../../functions/ports/config.js';
import type { ServiceSession } from '../../../../functions/domain/service-session.js';
import type { WorkMessage } from '../../../../functions/ports/work-queue.js';
import type { MetricEvent } from '../../../../functions/domain/reports/metric-events.js';
import type { CallbackEvent } from '../../../../functions/domain/callback/callback-event.js';
import type { AccessNumberGrant } from '../../../../functions/use-cases/callback/callback-dialog.js';
import {
  createCallback,
  type CreateCallbackInput,
  type CreateCallbackPorts,
} from '../../../../functions/use-cases/callback/create-callback.js';
import { queuedCallbackOf } from '../../../../functions/domain/routing/queued-callback.js';
import { ACTIVATE_AHEAD_MS } from '../../../../functions/use-cases/callback/hand-over-callback.js';
import { callbackRecord } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

const SERVICES: Record<string, Record<string, string>> = {
  'cb-ut': { _type: 'builtin', _service: 'callback' },
  'cb-uo': { _type: 'builtin', _service: 'callback', _call_direction: 'USERORIGINATED' },
};

const config = {
  get: (_kind: string, name: string) =>
    Promise.resolve(
      SERVICES[name]
        ? ({ kind: 'service', name, options: SERVICES[name], updatedAt: 0 } as ConfigEntry)
        : undefined,
    ),
} as unknown as ConfigStore;

let clock: ManualClock;
let callbacks: InMemoryCallbackStore;
let sessions: Map<string, ServiceSession & { access?: unknown }>;
let sent: { message: WorkMessage; delayMs?: number }[];
let metrics: MetricEvent[];
let published: CallbackEvent[];
let ports: CreateCallbackPorts;
let grants: string[];

/** Grants `5550100` and persists, as the service area's grant does. */
const grantNumber: AccessNumberGrant = async ({ sessionId, persist }) => {
  grants.push(sessionId);
  await persist({ accessNumber: '5550100', accessCode: undefined, resourceGroup: 'DNIS' });
  return { accessNumber: '5550100', expirationSeconds: 30 };
};

beforeEach(() => {
  clock = new ManualClock();
  callbacks = new InMemoryCallbackStore();
  sessions = new Map();
  sent = [];
  metrics = [];
  published = [];
  grants = [];
  ports = {
    clock,
    config,
    callbacks,
    callbackEvents: { publish: (events) => Promise.resolve(void published.push(...events)) },
    sessions: {
      put: (s) => Promise.resolve(void sessions.set(s.id, s)),
      get: (id) => Promise.resolve(sessions.get(id)),
      attachAccess: (id, access) => Promise.resolve(void sessions.set(id, { ...sessions.get(id)!, access })),
    },
    metrics: { record: (...e) => Promise.resolve(void metrics.push(...e)), sample: () => Promise.resolve() },
    queue: {
      send: (message, delayMs) => Promise.resolve(void sent.push({ message, delayMs })),
      sendBatch: () => Promise.resolve(),
    },
  };
});

const input = (over: Partial<CreateCallbackInput> = {}): CreateCallbackInput => ({
  service: 'cb-ut',
  id: 'cb-1',
  resumed: false,
  parameters: { _customer_number: '5551234' },
  client: { origin: 'https://gms.example', gmsUser: 'app-user' },
  grantNumber,
  ...over,
});

describe('createCallback', () => {
  it('admits an immediate callback QUEUED, opens its session and hands it to the router', async () => {
    const dialog = await createCallback(ports, input());
    expect(dialog).toMatchObject({ _id: 'cb-1', _action: 'ConfirmationDialog' });
    expect(callbacks.records.get('cb-1')).toMatchObject({ state: 'QUEUED', customerNumber: '5551234' });
    expect(sessions.get('cb-1')).toMatchObject({ serviceType: 'callback', gmsUser: 'app-user' });
    // The message carries the callback as admitted, so the router need not read it back.
    expect(sent).toEqual([
      {
        message: {
          kind: 'route-callback',
          id: 'cb-1',
          version: 1,
          data: { callback: queuedCallbackOf(callbacks.records.get('cb-1')!) },
        },
        delayMs: undefined,
      },
    ]);
    expect(sent[0]!.message.data!.callback).toMatchObject({ id: 'cb-1', state: 'QUEUED', version: 1 });
    // The access rides on the created event (one report write with the created count).
    expect(published).toHaveLength(1);
    expect(published[0]!.metrics).toEqual([
      { kind: 'service-accessed', service: 'cb-ut', at: clock.now(), callbackId: 'cb-1' },
    ]);
    expect(metrics).toEqual([]);
  });

  it('counts the access of a create it refuses on its own', async () => {
    await expect(
      createCallback(ports, input({ parameters: { _customer_number: '5551234', _desired_time: 'soon' } })),
    ).rejects.toThrow(/_desired_time/);
    expect(published).toEqual([]);
    expect(metrics).toEqual([{ kind: 'service-accessed', service: 'cb-ut', at: clock.now() }]);
  });

  it('activates a scheduled callback due within ACTIVATE_AHEAD_MS by a delayed message', async () => {
    const at = clock.now() + ACTIVATE_AHEAD_MS - 10_000;
    await createCallback(
      ports,
      input({ parameters: { _customer_number: '5551234', _desired_time: new Date(at).toISOString() } }),
    );
    expect(callbacks.records.get('cb-1')?.state).toBe('SCHEDULED');
    expect(sent).toEqual([
      { message: { kind: 'activate-callback', id: 'cb-1', version: 1 }, delayMs: ACTIVATE_AHEAD_MS - 10_000 },
    ]);
  });

  it('leaves a callback due later to the tick', async () => {
    const at = clock.now() + 3_600_000;
    await createCallback(
      ports,
      input({ parameters: { _customer_number: '5551234', _desired_time: new Date(at).toISOString() } }),
    );
    expect(callbacks.records.get('cb-1')?.state).toBe('SCHEDULED');
    expect(sent).toEqual([]);
  });

  it('locks the number before admitting a user-originated callback; the session then holds it', async () => {
    const dialog = await createCallback(ports, input({ service: 'cb-uo' }));
    expect(dialog).toMatchObject({ _id: 'cb-1', _action: 'DialNumber', _access_number: '5550100' });
    expect(grants).toEqual(['cb-1']);
    expect(sessions.get('cb-1')).toMatchObject({
      access: { accessNumber: '5550100', resourceGroup: 'DNIS', phoneNumber: '5551234' },
    });
  });

  it('finishes a resumed create: the missing session written again, no second admission', async () => {
    const record: CallbackRecord = callbackRecord({ id: 'cb-1', service: 'cb-ut', state: 'QUEUED' });
    callbacks.records.set('cb-1', record);
    const dialog = await createCallback(ports, input({ resumed: true }));
    expect(dialog).toMatchObject({ _id: 'cb-1', _action: 'ConfirmationDialog' });
    expect(sessions.has('cb-1')).toBe(true);
    expect(metrics).toEqual([]);
    expect(sent.map((s) => s.message.kind)).toEqual(['route-callback']);
  });

  it('answers a resumed user-originated create whose callback ended with its id only', async () => {
    callbacks.records.set(
      'cb-1',
      callbackRecord({
        id: 'cb-1',
        service: 'cb-uo',
        state: 'COMPLETED',
        reason: 'CANCELLED',
        scenario: {
          mediaType: 'voice',
          direction: 'USERORIGINATED',
          waitForAgent: false,
          waitForUserConfirm: false,
        },
      }),
    );
    expect(await createCallback(ports, input({ service: 'cb-uo', resumed: true }))).toEqual({ _id: 'cb-1' });
    expect(grants).toEqual([]);
    expect(sessions.size).toBe(0);
    expect(sent).toEqual([]);
  });

  it('refuses an unknown service with 404 before anything is written', async () => {
    await expect(createCallback(ports, input({ service: 'nope' }))).rejects.toThrow(/not configured/);
    expect(callbacks.records.size).toBe(0);
  });
});
