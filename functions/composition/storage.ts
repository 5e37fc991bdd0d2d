import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { guardPorts, httpPorts } from './http-ports.js';

/** The storage function: GMS Storage API entries, nothing else. */
export function composeStorage(runtime: RuntimeConfig) {
  const p = composePorts(runtime);
  return { ...httpPorts(p), ...guardPorts(p), storage: p.storage, ids: p.ids };
}
