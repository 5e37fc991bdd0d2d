import { COMETD_PATH } from '../../domain/bayeux/bayeux-message.js';
import {
  admitCallback,
  availabilitySlots,
  loadRuleResources,
  rescheduleCallback,
} from '../../use-cases/callback/callback-admission.js';
import { CALLBACK_STATES, type CallbackRecord } from '../../domain/callback/callback-record.js';
import type { CallbackRuleContext } from '../../domain/callback/callback-rules.js';
import {
  effectiveCallbackOptions,
  parseInstant,
  readCustomerNumber,
  readDesiredTime,
  readTtlSeconds,
  requestProperties,
  updatedProperties,
} from '../../domain/callback/callback-request.js';
import {
  confirmationDialog,
  connectAnswer,
  createAnswer,
  dialNumberDialog,
  startChatDialog,
  waitDialog,
  type CallbackDialog,
  type CreateAnswer,
} from '../../domain/callback/callback-responses.js';
import { readScenario } from '../../domain/callback/callback-scenario.js';
import {
  isVisible,
  matchesProperties,
  stateFilter,
  toCallbackView,
} from '../../domain/callback/callback-view.js';
import { ConflictError, InvalidParameterError, NotFoundError } from '../../domain/errors.js';
import { readInteger } from '../../domain/option-values.js';
import { checkQueryFilter } from '../../domain/public-access.js';
import { parseTarget } from '../../domain/routing/routing-target.js';
import type { Operation, RequestContext } from '../../http/handler-factory.js';
import type { Deps } from '../../composition/full.js';
import { grantAccess, resolveResourceGroup } from '../service/access-grant.js';
import { idempotentCreate } from '../../http/idempotent-create.js';
import type { ServiceCall } from '../service/service-kind.js';
import { cancelCallback, findCallback, listServiceCallbacks } from '../../use-cases/callback/cancel-callback.js';
import { mergeData } from '../../domain/data-record.js';
import { annotateTrace } from '../../tracing.js';

/** A scheduled callback due this soon is handed to the queue now, with a delay, not left to the tick. */
export const ACTIVATE_AHEAD_MS = 70_000;

export async function callbackService(deps: Deps, name: string): Promise<Record<string, string>> {
  const entry = await deps.config.get('service', name);
  if (!entry || entry.options._service !== 'callback') {
    throw new NotFoundError(`Callback service '${name}' is not configured.`);
  }
  return entry.options;
}

/** The request parameters: query string, then the body (form, multipart or JSON scalars) over it. */
const requestParameters = (req: RequestContext) => mergeData(req.query, req.body.fields);

/**
 * GMS's CometD endpoint on the host the device reached (`/genesys/cometd`, docs/push.md CometD):
 * the cometd client long-polls there, and tries a WebSocket on the same URL first (locally it
 * gets one; API Gateway's HTTP API has none, so the client falls back to long-polling).
 */
function cometUrl(req: RequestContext): string {
  return `${req.origin}${COMETD_PATH}`;
}

async function dialog(
  answer: CreateAnswer,
  record: CallbackRecord,
  call: ServiceCall,
  grantNumber?: () => Promise<{ accessNumber: string; accessCode?: string; expirationSeconds: number }>,
): Promise<CallbackDialog> {
  switch (answer.kind) {
    case 'confirmation':
      return confirmationDialog(record.id);
    case 'wait':
      return waitDialog(record.id);
    case 'start-chat':
      return startChatDialog(record.id, {
        origin: call.req.origin,
        cometUrl: cometUrl(call.req),
        userHeader: call.req.headers.gms_user ?? '',
        subject: record.properties.subject,
      });
    case 'dial-number':
      if (!grantNumber) throw new Error(`Callback ${record.id}: a DialNumber dialog needs an access number.`);
      return dialNumberDialog(record.id, await grantNumber());
  }
}

/** The service session `service/{id}/...` requests (and match-interaction) find the callback by. */
async function putSession(deps: Deps, record: CallbackRecord, req: RequestContext): Promise<void> {
  await deps.sessions.put({
    id: record.id,
    service: record.service,
    serviceType: 'callback',
    gmsUser: req.headers.gms_user,
    phoneNumber: record.customerNumber,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  });
}

/** Access number for a user-originated callback, held by its session until the call arrives. */
async function grantCallbackNumber(call: ServiceCall, record: CallbackRecord, persist?: () => Promise<void>) {
  const params = effectiveCallbackOptions(call.options, requestParameters(call.req));
  const group = await resolveResourceGroup(call.deps, params._resource_group ?? 'DNIS');
  const grant = await grantAccess(call, {
    sessionId: record.id,
    group,
    phoneNumber: record.customerNumber,
    persist: async (allocation) => {
      await persist?.();
      await call.deps.sessions.attachAccess(record.id, {
        accessNumber: allocation.accessNumber,
        accessCode: allocation.accessCode,
        resourceGroup: group.name,
        phoneNumber: record.customerNumber,
      });
    },
  });
  return {
    accessNumber: grant._access_number,
    accessCode: grant._access_code,
    expirationSeconds: grant._expiration_time,
  };
}

async function afterAdmission(deps: Deps, record: CallbackRecord, now: number): Promise<void> {
  if (record.state === 'QUEUED') {
    await deps.queue.send({ kind: 'route-callback', id: record.id, version: record.version });
  } else if (record.state === 'SCHEDULED' && record.desiredTime - now <= ACTIVATE_AHEAD_MS) {
    await deps.queue.send(
      { kind: 'activate-callback', id: record.id, version: record.version },
      Math.max(0, record.desiredTime - now),
    );
  }
}

/**
 * A create that died after admitting its callback (a retry with its `Idempotency-Key` took it
 * over): the rest is done again, each step safe to repeat: the session (if missing), the dialog
 * (a user-originated callback gets a fresh access number; the first one's lock times out), the
 * hand-over to routing or scheduling.
 */
async function finishCreate(req: RequestContext, deps: Deps, record: CallbackRecord) {
  const now = deps.clock.now();
  const call: ServiceCall = {
    name: record.service,
    options: await callbackService(deps, record.service),
    req,
    deps,
  };
  if (record.state === 'COMPLETED') return { json: await endedCreateAnswer(record, call) };
  if (!(await deps.sessions.get(record.id, now))) await putSession(deps, record, req);
  const body = await dialog(createAnswer(record.scenario), record, call, () =>
    grantCallbackNumber(call, record),
  );
  await afterAdmission(deps, record, now);
  return { json: body };
}

/**
 * The answer to a resumed create whose callback already ended (cancelled, expired, handled while
 * the create was dead): from the record alone, with nothing granted, stored or queued again. A
 * user-originated callback has no number left to dial, so it is answered with its `_id` only.
 */
async function endedCreateAnswer(record: CallbackRecord, call: ServiceCall) {
  const answer = createAnswer(record.scenario);
  return answer.kind === 'dial-number' ? { _id: record.id } : dialog(answer, record, call);
}

/** `Idempotency-Key` (optional): a retried create answers the first callback and creates nothing. */
const createCallback: Operation = (req, deps) =>
  idempotentCreate(
    req,
    deps,
    `callback#${req.params.name!}`,
    async (id, resumed) => {
      annotateTrace({ callbackId: id });
      const existing = resumed ? await deps.callbacks.get(id) : undefined;
      return existing ? finishCreate(req, deps, existing) : createCallbackWithId(req, deps, id);
    },
    async (id) => (await deps.callbacks.get(id)) !== undefined,
  );

async function createCallbackWithId(req: RequestContext, deps: Deps, id: string) {
  const name = req.params.name!;
  const serviceOptions = await callbackService(deps, name);
  await deps.metrics.record({ kind: 'service-accessed', service: name, at: deps.clock.now() });
  const parameters = requestParameters(req);
  const options = effectiveCallbackOptions(serviceOptions, parameters);
  const scenario = readScenario(options);
  // A target the router cannot read is refused now, not failed later with FAIL_TARGET_NOT_FOUND.
  parseTarget(options._target);
  const customerNumber = readCustomerNumber(options, scenario.mediaType);
  const now = deps.clock.now();
  const desired = readDesiredTime(options._desired_time, now);
  const ttlSeconds = readTtlSeconds(options);
  const resources = await loadRuleResources(deps, options);

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
  const admit = () =>
    admitCallback(deps, draft, {
      serviceName: name,
      options,
      parameters,
      customerNumber,
      desiredTime: desired.at,
      scheduled: desired.scheduled,
      now,
      ...resources,
    });

  const call: ServiceCall = { name, options: serviceOptions, req, deps };
  const answer = createAnswer(scenario);
  let record: CallbackRecord | undefined;
  let body: CallbackDialog;
  if (answer.kind === 'dial-number') {
    // The number is locked first; if admission refuses the callback, grantAccess frees it again.
    body = await dialog(answer, draft, call, () =>
      grantCallbackNumber(call, draft, async () => {
        record = await admit();
        await putSession(deps, record, req);
      }),
    );
  } else {
    record = await admit();
    await putSession(deps, record, req);
    body = await dialog(answer, record, call);
  }
  await afterAdmission(deps, record!, now);
  return { json: body };
}

/** `_callback_state` of a query: a state name, optionally negated with `!` (400 otherwise). */
function checkStateFilter(state: string | undefined): void {
  if (state === undefined || state.trim() === '') return;
  const name = state.trim().replace(/^!/, '').toUpperCase();
  if (!(CALLBACK_STATES as readonly string[]).includes(name)) {
    throw new InvalidParameterError(
      '_callback_state',
      `Parameter '_callback_state' must be one of ${CALLBACK_STATES.join(', ')}, optionally prefixed with '!', not '${state}'.`,
    );
  }
}

const queryCallbacks: Operation = async (req, deps) => {
  const now = deps.clock.now();
  const id = req.query._id?.trim();
  // Records of a service with credentials of its own are left out unless the request carries them.
  const mayShow = async (r: CallbackRecord) =>
    !req.publicAccess || (await req.publicAccess.allowsService(r.service));
  if (id) {
    const record = await deps.callbacks.get(id);
    return {
      json: record && isVisible(record, now) && (await mayShow(record)) ? [toCallbackView(record)] : [],
    };
  }
  const customer = req.query._customer_number?.trim();
  if (!customer) {
    throw new InvalidParameterError(
      '_id',
      "Send '_id', or '_customer_number' (optionally with '_callback_state').",
    );
  }
  const state = req.query._callback_state;
  checkStateFilter(state);
  const keep = stateFilter(state) ?? (() => true);
  const records = await deps.callbacks.listByCustomer(customer);
  const shown: CallbackRecord[] = [];
  for (const r of records) if (isVisible(r, now) && keep(r.state) && (await mayShow(r))) shown.push(r);
  return { json: shown.sort((a, b) => a.desiredTime - b.desiredTime).map(toCallbackView) };
};

const queryServiceCallbacks: Operation = async (req, deps) => {
  const name = req.params.name!;
  const options = await callbackService(deps, name);
  const { operand: rawOperand, ...criteria } = req.query;
  checkQueryFilter(name, options, req.query);
  const operand = (rawOperand ?? 'AND').toUpperCase();
  if (operand !== 'AND' && operand !== 'OR') {
    throw new InvalidParameterError('operand', `Parameter 'operand' must be AND or OR, not '${rawOperand}'.`);
  }
  checkStateFilter(criteria._callback_state);
  const records = await listServiceCallbacks(deps, name);
  return {
    json: records.map(toCallbackView).filter((view) => matchesProperties(view, criteria, operand)),
  };
};

/**
 * Reschedule and property updates. The write is conditional on the version read; when another
 * request (the router, a tick) moved the callback meanwhile, it is read again and the rules are
 * applied to what it is now.
 */
const updateCallback: Operation = async (req, deps) => {
  const { name, id } = req.params as { name: string; id: string };
  const serviceOptions = await callbackService(deps, name);
  const changes = req.body.fields;
  const newTime = changes._new_desired_time?.trim();
  const desiredTime = newTime ? parseInstant('_new_desired_time', newTime) : undefined;
  const options = effectiveCallbackOptions(serviceOptions, {});
  const resources = desiredTime !== undefined ? await loadRuleResources(deps, options) : {};
  for (let attempt = 0; ; attempt++) {
    const record = await findCallback(deps, name, id);
    // Reserved keys and sizes are checked here; the stored result is computed by the reschedule.
    updatedProperties(record.properties, changes);
    const now = deps.clock.now();
    const ctx: CallbackRuleContext = {
      serviceName: name,
      options,
      parameters: changes,
      customerNumber: record.customerNumber,
      desiredTime: desiredTime ?? record.desiredTime,
      scheduled: desiredTime !== undefined || record.scheduled,
      now,
      ...resources,
      timeParameter: '_new_desired_time',
    };
    try {
      const updated = await rescheduleCallback(deps, record, desiredTime, changes, ctx);
      if (record.state === 'QUEUED' && updated.state === 'SCHEDULED') {
        // Back to waiting for its time: the router forgets its queue entry.
        await deps.queue.send({ kind: 'callback-ended', id: record.id });
      }
      if (desiredTime !== undefined) await afterAdmission(deps, updated, now);
      return { json: toCallbackView(updated) };
    } catch (e) {
      const moved = e instanceof ConflictError && (await deps.callbacks.get(id))?.version !== record.version;
      if (!moved || attempt >= 3) throw e;
    }
  }
};

const cancel: Operation = async (req, deps) => {
  const { name, id } = req.params as { name: string; id: string };
  await callbackService(deps, name);
  const record = await cancelCallback(deps, await findCallback(deps, name, id), 'CANCELLED');
  return { json: toCallbackView(record) };
};

const integer = (name: string, value: string | undefined) =>
  value === undefined || value.trim() === ''
    ? undefined
    : readInteger(name, value, 0, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

const availability: Operation = async (req, deps) => {
  const name = req.params.name!;
  const options = effectiveCallbackOptions(await callbackService(deps, name), {});
  const q = req.query;
  const now = deps.clock.now();
  const ctx: CallbackRuleContext = {
    serviceName: name,
    options,
    parameters: {},
    desiredTime: now,
    scheduled: true,
    now,
    ...(await loadRuleResources(deps, options)),
  };
  const slots = await availabilitySlots(deps, ctx, {
    start: q.start?.trim() ? parseInstant('start', q.start) : undefined,
    end: q.end?.trim() ? parseInstant('end', q.end) : undefined,
    numberOfDays: integer('number-of-days', q['number-of-days']),
    maxTimeSlots: integer('max-time-slots', q['max-time-slots']),
  });
  return { json: slots };
};

/**
 * A delayed scenario's customer confirms after the agent-available push. The router reserved an
 * agent (ROUTING) before pushing; before that there is nothing to confirm.
 */
const connect: Operation = async (req, deps) => {
  const id = req.params.id!;
  const now = deps.clock.now();
  const record = await deps.callbacks.get(id);
  if (!record || !isVisible(record, now)) throw new NotFoundError(`No callback '${id}'.`);
  if (!record.scenario.waitForAgent) {
    throw new ConflictError(`Callback ${id} is not a delayed callback: there is nothing to connect.`);
  }
  if (record.state !== 'ROUTING') {
    throw new ConflictError(
      `Callback ${id} is ${record.state}: connect is only possible once an agent is available (ROUTING).`,
    );
  }
  const serviceOptions = await callbackService(deps, record.service);
  const call: ServiceCall = { name: record.service, options: serviceOptions, req, deps };
  const answer = connectAnswer(record.scenario);
  const body = await dialog(answer, record, call, () => grantCallbackNumber(call, record));
  if (answer.kind === 'confirmation') {
    await deps.queue.send({ kind: 'callback-confirmed', id, version: record.version });
  }
  return { json: body };
};

export const callbackOperations: Record<string, Operation> = {
  createCallback,
  queryCallbacks,
  queryServiceCallbacks,
  updateCallback,
  cancelCallback: cancel,
  getCallbackAvailability: availability,
  connectCallback: connect,
};
