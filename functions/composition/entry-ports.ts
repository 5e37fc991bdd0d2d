import type { Ports } from '../ports.js';
import { readRuntimeConfig, type RuntimeConfig } from '../runtime-config.js';
import { installedPorts, installPorts } from './installed.js';

/**
 * The ports of a non-HTTP entry (the queue consumer, the tick), got the way an HTTP area gets
 * them: the ones the local runtime or a test installed (every port), else the entry's own
 * composition, installed once. In Lambda that composition runs at start, so a function deployed
 * without a table or setting its work needs fails its first start, not a message.
 *
 * Give `P` explicitly (what the entry's processors need): the compiler then rejects a
 * composition that lacks one of those ports.
 */
export function entryPorts<P extends Partial<Ports>>(
  compose: (runtime: RuntimeConfig) => NoInfer<P>,
): () => P {
  const portsOf = (): P => {
    const installed = installedPorts();
    if (installed) return installed as P;
    const composed = compose(readRuntimeConfig());
    installPorts(composed);
    return composed;
  };
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) portsOf();
  return portsOf;
}
