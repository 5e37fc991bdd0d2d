import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaHandler } from '../lambda-handler.js';
import { logger } from '../observability.js';
import type { WorkMessage } from '../ports.js';
import { entryPorts } from '../composition/entry-ports.js';
import { composeWorker } from '../composition/worker.js';
import { CALLBACK_ID_KINDS, PROCESSORS, type WorkerPorts } from './worker/index.js';
import { inSubsegment } from '../tracing.js';

/**
 * The work-queue consumer: each record on its own, failures reported per record so SQS (or the
 * local queue) redelivers only those, and dead-letters them after repeated failures.
 */
const portsOf = entryPorts<WorkerPorts>(composeWorker);

const raw = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const d = portsOf();
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      let message: WorkMessage;
      try {
        message = JSON.parse(record.body) as WorkMessage;
      } catch {
        logger.error('Dropping a work message that is not JSON', { body: record.body });
        return;
      }
      const processor = PROCESSORS[message.kind];
      if (!processor) {
        logger.error('Dropping a work message of unknown kind', { kind: message.kind });
        return;
      }
      try {
        const ids = CALLBACK_ID_KINDS.has(message.kind) ? { callbackId: message.id } : {};
        await inSubsegment(`## ${message.kind}`, ids, () => processor(message, d));
      } catch (e) {
        logger.error('Work message failed; it will be retried', {
          kind: message.kind,
          id: message.id,
          error: e as Error,
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
};

export const handler = lambdaHandler<SQSEvent, SQSBatchResponse>(raw);
