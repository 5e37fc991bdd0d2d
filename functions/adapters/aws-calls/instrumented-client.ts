import { tracer } from '../../tracing.js';
import { recordSdkCalls, type SdkCallDescriber } from './sdk-call-recording.js';

/**
 * Every SDK client of the functions goes through here: each command it sends is a subsegment of
 * the invocation's X-Ray trace in AWS, and is recorded for the IAM coverage test while recording is on.
 */
export function instrumentSdkClient<C extends { middlewareStack: unknown }>(
  client: C,
  describe: SdkCallDescriber,
): C {
  return recordSdkCalls(tracer.traceClient(client), describe);
}
