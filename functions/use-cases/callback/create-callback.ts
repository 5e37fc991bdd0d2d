import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import {
  effectiveCallbackOptions,
  readCustomerNumber,
  readDesiredTime,
  readTtlSeconds,
  requestProperties,
} from '../../domain/callback/callback-request.js';
import { createAnswer, type CallbackDialog } from '../../domain/callback/callback-responses.js';
import { readScenario } from '../../domain/callback/callback-scenario.js';
import { readInteger } from '../../domain/option-values.js';
import { parseTarget } from '../../domain/routing/routing-target.js';
import type { Ports } from '../../ports/index.js';
import type { MetricEvent } from '../../domain/reports/metric-events.js';
import { admitCallback, loadRuleResources } from './callback-admission.js';
import {
  callbackDialog,
  type AccessNumberGrant,
  type CallbackClient,
  type HeldAccessNumber,
} from './callback-dialog.js';
import { callbackService, type CallbackServicePorts } from './callback-service.js';
import { handOverCallback, type HandOverCallbackPorts } from './hand-over-callback.js';

type ServiceAccess = Extract<MetricEvent, { kind: 'service-accessed' }>;

export type CreateCallbackPorts = Pick<
  Ports,
  'callbacks' | 'callbackEvents' | 'sessions' | 'metrics' | 'clock'
> &
  CallbackServicePorts &
  HandOverCallbackPorts;

export interface CreateCallbackInput {
  /** The callback service. */
  service: string;
  /** The id the callback gets (chosen up front, so an `Idempotency-Key` retry finds it). */
  id: string;
  /** An earlier request with the same `Idempotency-Key` died holding this id: finish what it started. */
  resumed: boolean;
  /** The request parameters: query string, then the body over it. */
  parameters: Record<string, string>;
  client: CallbackClient;
  grantNumber: AccessNumberGrant;
}

/**
 * `POST service/callback/{name}`: admits the callback (rules, limits and guards in one
 * transaction), opens its service session, answers the scenario's dialog and hands the callback
 * to routing or scheduling. A resumed create whose callback was admitted finishes it instead.
 */
export async function createCallback(
  ports: CreateCallbackPorts,
  input: CreateCallbackInput,
): Promise<CallbackDialog | { _id: string }> {
  const existing = input.resumed ? await ports.callbacks.get(input.id) : undefined;
  return existing ? finishCreate(ports, input, existing) : admitNew(ports, input);
}

/**
 * Every create request that reaches its service counts one access. An admitted callback carries
 * it in its created metrics (the same item and update as its created count: one write fewer per
 * create); a request refused or failed before that counts it on its own (never rejects: a report
 * figure fails no request).
 */
async function admitNew(ports: CreateCallbackPorts, input: CreateCallbackInput): Promise<CallbackDialog> {
  const serviceOptions = await callbackService(ports, input.service);
  const access: ServiceAccess = { kind: 'service-accessed', service: input.service, at: ports.clock.now() };
  const counted = { withCallback: false };
  try {
    return await admitNewCallback(ports, input, serviceOptions, access, counted);
  } catch (e) {
    if (!counted.withCallback) await ports.metrics.record(access);
    throw e;
  }
}

async function admitNewCallback(
  ports: CreateCallbackPorts,
  input: CreateCallbackInput,
  serviceOptions: Record<string, string>,
  access: ServiceAccess,
  counted: { withCallback: boolean },
): Promise<CallbackDialog> {
  const { service: name, id, parameters } = input;
  const options = effectiveCallbackOptions(serviceOptions, parameters);
  const scenario = readScenario(options);
  // A target the router cannot read is refused now, not failed later with FAIL_TARGET_NOT_FOUND.
  parseTarget(options._target);
  const customerNumber = readCustomerNumber(options, scenario.mediaType);
  const now = ports.clock.now();
  const desired = readDesiredTime(options._desired_time, now);
  const ttlSeconds = readTtlSeconds(options);
  const resources = await loadRuleResources(ports, options);

  const draft: CallbackRecord = {
    id,
    service: name,
    state: desired.scheduled ? 'SCHEDULED' : 'QUEUED',
    customerNumber,
    desiredTime: desired.at,
    scheduled: desired.scheduled,
    scenario,
    properties: requestProperties(parameters),
    target: options._target?.trim() || undefined,
    virtualQueue: options._urs_virtual_queue?.trim() || undefined,
    priority: readInteger('_priority', options._priority, 0, { min: -1_000_000, max: 1_000_000 }),
    ...(desired.scheduled ? {} : { queuedAt: now }),
    guards: [],
    createdAt: now,
    updatedAt: now,
    expiresAt: desired.at + ttlSeconds * 1000,
    version: 1,
  };
  // The session is written once the callback is admitted, alongside what admission publishes.
  const admit = () =>
    admitCallback(
      ports,
      draft,
      {
        serviceName: name,
        options,
        parameters,
        customerNumber,
        desiredTime: desired.at,
        scheduled: desired.scheduled,
        now,
        ...resources,
      },
      (admitted) => {
        // Published with the created events from here on, whatever happens next.
        counted.withCallback = true;
        return putSession(ports, admitted, input.client);
      },
      [{ ...access, callbackId: draft.id }],
    );

  const answer = createAnswer(scenario);
  let record: CallbackRecord | undefined;
  let body: CallbackDialog;
  if (answer.kind === 'dial-number') {
    // The number is locked first; if admission refuses the callback, the grant frees it again.
    body = await callbackDialog(answer, draft, input.client, () =>
      grantCallbackNumber(ports, input, serviceOptions, draft, async () => {
        record = await admit();
      }),
    );
  } else {
    record = await admit();
    body = await callbackDialog(answer, record, input.client);
  }
  await handOverCallback(ports, record!, now);
  return body;
}

/**
 * A create that died after admitting its callback (a retry with its `Idempotency-Key` took it
 * over): the rest is done again, each step safe to repeat: the session (if missing), the dialog
 * (a user-originated callback gets a fresh access number; the first one's lock times out), the
 * hand-over to routing or scheduling.
 */
async function finishCreate(
  ports: CreateCallbackPorts,
  input: CreateCallbackInput,
  record: CallbackRecord,
): Promise<CallbackDialog | { _id: string }> {
  const now = ports.clock.now();
  const options = await callbackService(ports, record.service);
  const answer = createAnswer(record.scenario);
  if (record.state === 'COMPLETED') {
    // Ended meanwhile (cancelled, expired, handled): answered from the record alone, with nothing
    // granted, stored or queued again. A user-originated callback has no number left to dial.
    return answer.kind === 'dial-number' ? { _id: record.id } : callbackDialog(answer, record, input.client);
  }
  if (!(await ports.sessions.get(record.id, now))) await putSession(ports, record, input.client);
  const body = await callbackDialog(answer, record, input.client, () =>
    grantCallbackNumber(ports, input, options, record),
  );
  await handOverCallback(ports, record, now);
  return body;
}

/** The service session `service/{id}/...` requests (and match-interaction) find the callback by. */
async function putSession(
  ports: Pick<Ports, 'sessions'>,
  record: CallbackRecord,
  client: CallbackClient,
): Promise<void> {
  await ports.sessions.put({
    id: record.id,
    service: record.service,
    serviceType: 'callback',
    gmsUser: client.gmsUser,
    phoneNumber: record.customerNumber,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  });
}

/**
 * Access number for a user-originated callback, held by its session until the call arrives.
 * `persist` (the admission, on a new callback) runs before the session records the number.
 */
export async function grantCallbackNumber(
  ports: Pick<Ports, 'sessions'>,
  input: Pick<CreateCallbackInput, 'grantNumber'>,
  options: Record<string, string>,
  record: CallbackRecord,
  persist?: () => Promise<void>,
) {
  return input.grantNumber({
    service: record.service,
    options,
    sessionId: record.id,
    phoneNumber: record.customerNumber,
    persist: async (held: HeldAccessNumber) => {
      await persist?.();
      await ports.sessions.attachAccess(record.id, { ...held, phoneNumber: record.customerNumber });
    },
  });
}
