import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';
import { httpPorts } from './http-ports.js';

/** The patterns function: matches posted fields against the stored pattern groups (config). */
export function composePatterns(runtime: RuntimeConfig) {
  return httpPorts(composePorts(runtime));
}
