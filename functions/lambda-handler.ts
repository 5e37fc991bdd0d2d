import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { installedPorts } from './process-ports.js';
import { logger } from './observability.js';
import { installSourceMappedStacks } from './source-mapped-stacks.js';
import { tracer } from './tracing.js';

// In Lambda, stacks point at the TypeScript sources through the bundle's .map files, read only
// when a stack is formatted (no --enable-source-maps: its cost is at every start). Locally, tsx maps them.
if (process.env.AWS_LAMBDA_FUNCTION_NAME && !process.sourceMapsEnabled) installSourceMappedStacks();

/**
 * Publishes the invocation's operational metrics (EMF lines, read by CloudWatch Logs) once, at
 * its end, whether it succeeded or failed. A failure to publish never fails the invocation.
 */
const publishOperationalMetrics = (): MiddlewareObj => {
  const publish = async () => {
    try {
      // Nothing was counted if the invocation never needed its ports.
      installedPorts()?.operationalMetrics?.flush();
    } catch (e) {
      logger.error('Could not publish operational metrics', { error: e as Error });
    }
  };
  return { after: publish, onError: publish };
};

/**
 * Every Lambda entry point of GMS: the raw handler with X-Ray tracing (its own subsegment; the
 * response is not put in the trace: it may hold customers' numbers and data), log lines carrying the invocation's
 * request id (keys appended during one invocation are cleared before the next), and the
 * operational metrics published per invocation. Middy's own timeout is off: Lambda's applies.
 */
export function lambdaHandler<E, R>(raw: (event: E, context: Context) => Promise<R>) {
  // The handler's X-Ray subsegment spans the raw handler: every AWS call it makes hangs below it.
  const traced = (event: E, context: Context) =>
    logger.withInvocation(context, () => tracer.invocation(() => raw(event, context)));
  return middy<E, R>(traced, { timeoutEarlyInMillis: 0 }).use(publishOperationalMetrics());
}
