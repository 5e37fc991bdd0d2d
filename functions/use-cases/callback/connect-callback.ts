import { connectAnswer, type CallbackDialog } from '../../domain/callback/callback-responses.js';
import { ConflictError } from '../../domain/errors.js';
import type { Ports } from '../../ports/index.js';
import { callbackDialog, type AccessNumberGrant, type CallbackClient } from './callback-dialog.js';
import { callbackService, type CallbackServicePorts } from './callback-service.js';
import { grantCallbackNumber } from './create-callback.js';
import { findVisibleCallback, type FindCallbacksPorts } from './find-callbacks.js';

export type ConnectCallbackPorts = Pick<Ports, 'sessions' | 'queue'> &
  CallbackServicePorts &
  FindCallbacksPorts;

/**
 * `POST service/{id}/connect`: a delayed scenario's customer confirms after the agent-available
 * push. The router reserved an agent (ROUTING) before pushing; before that there is nothing to
 * connect. A user-terminated callback is then dialled (`callback-confirmed`).
 */
export async function connectCallback(
  ports: ConnectCallbackPorts,
  id: string,
  client: CallbackClient,
  grantNumber: AccessNumberGrant,
): Promise<CallbackDialog> {
  const record = await findVisibleCallback(ports, id);
  if (!record.scenario.waitForAgent) {
    throw new ConflictError(`Callback ${id} is not a delayed callback: there is nothing to connect.`);
  }
  if (record.state !== 'ROUTING') {
    throw new ConflictError(
      `Callback ${id} is ${record.state}: connect is only possible once an agent is available (ROUTING).`,
    );
  }
  const options = await callbackService(ports, record.service);
  const answer = connectAnswer(record.scenario);
  const body = await callbackDialog(answer, record, client, () =>
    grantCallbackNumber(ports, { grantNumber }, options, record),
  );
  if (answer.kind === 'confirmation') {
    await ports.queue.send({ kind: 'callback-confirmed', id, version: record.version });
  }
  return body;
}
