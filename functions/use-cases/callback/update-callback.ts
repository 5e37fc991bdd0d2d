import type { CallbackRuleContext } from '../../domain/callback/callback-options.js';
import {
  effectiveCallbackOptions,
  parseInstant,
  updatedProperties,
} from '../../domain/callback/callback-request.js';
import { toCallbackView, type CallbackView } from '../../domain/callback/callback-view.js';
import { ConflictError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';
import { loadRuleResources, rescheduleCallback } from './callback-admission.js';
import { callbackService, type CallbackServicePorts } from './callback-service.js';
import { findCallback, type FindCallbacksPorts } from './find-callbacks.js';
import { handOverCallback, type HandOverCallbackPorts } from './hand-over-callback.js';

export type UpdateCallbackPorts = Pick<Ports, 'callbacks' | 'callbackEvents' | 'clock' | 'queue'> &
  CallbackServicePorts &
  FindCallbacksPorts &
  HandOverCallbackPorts;

/**
 * `PUT service/callback/{name}/{id}`: reschedule (`_new_desired_time`) and property updates
 * (`changes`, the request's body fields). The write is conditional on the version read; when
 * another request (the router, a tick) moved the callback meanwhile, it is read again and the
 * rules are applied to what it is now.
 */
export async function updateCallback(
  ports: UpdateCallbackPorts,
  name: string,
  id: string,
  changes: Record<string, string>,
): Promise<CallbackView> {
  const serviceOptions = await callbackService(ports, name);
  const newTime = changes._new_desired_time?.trim();
  const desiredTime = newTime ? parseInstant('_new_desired_time', newTime) : undefined;
  const options = effectiveCallbackOptions(serviceOptions, {});
  const resources = desiredTime !== undefined ? await loadRuleResources(ports, options) : {};
  for (let attempt = 0; ; attempt++) {
    const record = await findCallback(ports, name, id);
    // Reserved keys and sizes are checked here; the stored result is computed by the reschedule.
    updatedProperties(record.properties, changes);
    const now = ports.clock.now();
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
      const updated = await rescheduleCallback(ports, record, desiredTime, changes, ctx);
      if (record.state === 'QUEUED' && updated.state === 'SCHEDULED') {
        // Back to waiting for its time: the router forgets its queue entry.
        await ports.queue.send({ kind: 'callback-ended', id: record.id });
      }
      if (desiredTime !== undefined) await handOverCallback(ports, updated, now);
      return toCallbackView(updated);
    } catch (e) {
      const moved = e instanceof ConflictError && (await ports.callbacks.get(id))?.version !== record.version;
      if (!moved || attempt >= 3) throw e;
    }
  }
}
