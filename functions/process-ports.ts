import type { Ports } from './ports/index.js';
import { readRuntimeConfig, type RuntimeConfig } from './runtime-config.js';

/**
 * The ports of this process: the ones the local runtime or a test installed (every port), or the
 * ones the Lambda's own area composed at start. Read by what runs around every invocation (the
 * origin check, the metrics flush), which must not build ports of its own.
 */
let installed: Partial<Ports> | undefined;

export function installPorts(ports: Partial<Ports> | undefined): void {
  installed = ports;
}

export function installedPorts(): Partial<Ports> | undefined {
  return installed;
}

/**
 * The ports an entry (an HTTP area, the queue consumer, the tick, the WebSocket function) runs
 * with: the installed ones (the local runtime's or a test's: every port), else the entry's own
 * composition, checked by `check` and installed once. In Lambda that composition runs at start,
 * so a function deployed without a table or setting it needs fails its first start, not a
 * request or a message.
 *
 * Give `P` explicitly (what the entry's work needs): the compiler then rejects a composition that
 * lacks one of those ports.
 */
export function entryPorts<P extends Partial<Ports>>(
  compose: (runtime: RuntimeConfig) => NoInfer<P>,
  check: (ports: P) => void = () => undefined,
): () => P {
  const portsOf = (): P => {
    const current = installedPorts();
    if (current) return current as P;
    const composed = compose(readRuntimeConfig());
    check(composed);
    installPorts(composed);
    return composed;
  };
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) portsOf();
  return portsOf;
}
