import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { FunctionId } from './area-permissions.js';
import type { GmsFunction } from './gms-function.js';

/**
 * Reserved concurrency guarantees a function its share (a worker burst cannot take it) and caps it
 * there. Set after construction so that every function is built the same way and the settings
 * apply in one place.
 */
export function reserveConcurrency(
  functions: Partial<Record<FunctionId, GmsFunction>>,
  reservations: Partial<Record<FunctionId, number>>,
): void {
  for (const [id, count] of Object.entries(reservations) as [FunctionId, number][]) {
    const fn = functions[id];
    if (!fn) throw new Error(`reservedConcurrency names function '${id}', which this stack does not have.`);
    (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = count;
  }
}
