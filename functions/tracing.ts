import { XRayTracer } from './adapters/xray/xray-tracer.js';
import { logger } from './observability.js';

/**
 * The one X-Ray tracer of the functions (functions/adapters/xray: segment documents sent over UDP
 * to Lambda's X-Ray daemon). It is off outside Lambda (no `AWS_LAMBDA_FUNCTION_NAME` or no
 * `AWS_XRAY_DAEMON_ADDRESS`), so local mode and tests trace nothing and send nothing.
 */
export const tracer = new XRayTracer();

/** The ids a trace can be searched by (`annotation.callbackId = "..."` in X-Ray). */
export interface TraceIds {
  callbackId?: string;
  sessionId?: string;
}

const idsOf = (ids: TraceIds): [string, string][] =>
  Object.entries(ids).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0);

/**
 * Annotates the invocation's trace with the ids it works on (no-op when tracing is off), and adds
 * them to every later log line of the invocation, so logs and traces are found by the same id.
 */
export function annotateTrace(ids: TraceIds): void {
  for (const [key, value] of idsOf(ids)) {
    tracer.putAnnotation(key, value);
    logger.appendKeys({ [key]: value });
  }
}

/**
 * Runs `work` in a subsegment of its own, annotated with `ids`: one per record of an SQS batch,
 * whose records run concurrently and each concern another callback. Plain `work()` when off.
 */
export function inSubsegment<T>(name: string, ids: TraceIds, work: () => Promise<T>): Promise<T> {
  return tracer.inSubsegment(name, Object.fromEntries(idsOf(ids)), work);
}
