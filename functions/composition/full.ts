import type { RuntimeConfig } from '../runtime-config.js';
import { ALL_FACTORIES } from './all-factories.js';
import { composePorts, type Deps } from './factories.js';
import { installPorts } from '../process-ports.js';

export type { Deps } from './factories.js';

/** Every port, for the local runtime (one process serves every area) and for tests. */
export function createDeps(runtime: RuntimeConfig, overrides: Partial<Deps> = {}): Deps {
  return composePorts(runtime, ALL_FACTORIES, overrides);
}

/** The local runtime and tests install their own (e.g. with an injected clock). */
export function setDeps(value: Deps | undefined): void {
  installPorts(value);
}
