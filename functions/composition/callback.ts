import type { RuntimeConfig } from '../runtime-config.js';
import { CUSTOMER_FACTORIES, customerPorts } from './customer-ports.js';
import { composePorts } from './factories.js';
import * as F from './port-factories.js';

/** The callback function: the Callback Services API (create, query, reschedule, cancel, availability). */
export function composeCallback(runtime: RuntimeConfig) {
  const p = composePorts(runtime, { ...CUSTOMER_FACTORIES, idempotency: F.idempotency });
  return { ...customerPorts(p), idempotency: p.idempotency };
}
