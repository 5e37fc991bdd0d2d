import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { guardPorts, httpPorts } from './http-ports.js';

/** The storage function: GMS Storage API entries, nothing else. */
export function composeStorage(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    attempts: F.attempts,
    clock: F.clock,
    config: F.config,
    doc: F.doc,
    ids: F.ids,
    operationalMetrics: F.operationalMetrics,
    runtime: F.runtime,
    storage: F.storage,
  });
  return { ...httpPorts(p), ...guardPorts(p), storage: p.storage, ids: p.ids };
}
