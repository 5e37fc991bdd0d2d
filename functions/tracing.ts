import { Tracer } from '@aws-lambda-powertools/tracer';
import { logger } from './observability.js';

/**
 * The one X-Ray tracer of the functions (Powertools). It turns itself off outside Lambda (no
 * `AWS_EXECUTION_ENV`), so local mode and tests trace nothing and print nothing.
 */
export const tracer = new Tracer({ serviceName: 'gms' });

/** The ids a trace can be searched by (`annotation.callbackId = "..."` in X-Ray). */
export interface TraceIds {
  callbackId?: string;
  sessionId?: string;
}

/**
 * Annotates the invocation's trace with the ids it works on (no-op when tracing is off), and adds
 * them to every later log line of the invocation, so logs and traces are found by the same id.
 */
export function annotateTrace(ids: TraceIds): void {
  for (const [key, value] of Object.entries(ids)) {
    if (typeof value === 'string' && value.length > 0) {
      tracer.putAnnotation(key, value);
      logger.appendKeys({ [key]: value });
    }
  }
}

/**
 * Runs `work` in a subsegment of its own, annotated with `ids`: one per record of an SQS batch,
 * whose records run concurrently and each concern another callback. Plain `work()` when off.
 */
export async function inSubsegment<T>(name: string, ids: TraceIds, work: () => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) return work();
  return (await tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    for (const [key, value] of Object.entries(ids)) {
      if (typeof value === 'string' && value.length > 0) subsegment?.addAnnotation(key, value);
    }
    try {
      return await work();
    } catch (e) {
      subsegment?.addError(e as Error);
      throw e;
    } finally {
      subsegment?.close();
    }
  })) as T;
}
