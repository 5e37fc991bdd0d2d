import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';
import { httpPorts } from './http-ports.js';

/** The system function: health (a probe of each table and the node status) and the OpenAPI document. */
export function composeSystem(runtime: RuntimeConfig) {
  const p = composePorts(runtime, {
    clock: F.clock,
    doc: F.doc,
    node: F.node,
    operationalMetrics: F.operationalMetrics,
    runtime: F.runtime,
    tableHealth: F.tableHealth,
  });
  return { ...httpPorts(p), tableHealth: p.tableHealth, node: p.node };
}
