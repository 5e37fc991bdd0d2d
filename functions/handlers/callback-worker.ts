import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaHandler } from '../lambda-handler.js';
import { logger } from '../observability.js';
import type { WorkMessage } from '../ports/work-queue.js';
import { entryPorts } from '../process-ports.js';
import { composeWorker } from '../composition/worker.js';
import { CALLBACK_ID_KINDS, PROCESSORS, type WorkerPorts } from './worker/index.js';
import { inSubsegment } from '../tracing.js';

const portsOf = entryPorts<WorkerPorts>(composeWorker);

/**
 * One record. A body that is not JSON or a kind nobody handles is dropped (redelivery cannot fix
 * it); a processor's failure is thrown, so that record alone is reported failed.
 */
async function processRecord(record: SQSRecord, ports: WorkerPorts): Promise<void> {
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
    await inSubsegment(`## ${message.kind}`, ids, () => processor(message, ports));
  } catch (e) {
    logger.error('Work message failed; it will be retried', {
      kind: message.kind,
      id: message.id,
      error: e as Error,
    });
    throw e;
  }
}

/**
 * The work-queue consumer, on Powertools' batch processing: the records of a batch run
 * concurrently, each in its own trace subsegment, and only the failed ones are reported, so SQS
 * (or the local queue) redelivers those alone and dead-letters them after repeated failures. A
 * batch whose every record failed is answered the same way rather than thrown
 * (`throwOnFullBatchFailure: false`): the records are redelivered either way, and the answer
 * stays the one shape the local queue reads. A processor per invocation: it holds the batch's
 * state, and the local runtime may run invocations side by side.
 */
const raw = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const ports = portsOf();
  const response = await processPartialResponse(
    event,
    (record: SQSRecord) => processRecord(record, ports),
    new BatchProcessor(EventType.SQS),
    { throwOnFullBatchFailure: false, processInParallel: true },
  );
  return { batchItemFailures: [...response.batchItemFailures] };
};

export const handler = lambdaHandler<SQSEvent, SQSBatchResponse>(raw);
