import type { Ports } from './ports.js';

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
