import { readRuntimeConfig, type RuntimeConfig } from '../runtime-config.js';
import { composePorts, type Deps } from './factories.js';
import { installedPorts, installPorts } from '../process-ports.js';

export type { Deps } from './factories.js';

/** Every port, for the local runtime (one process serves every area) and for tests. */
export function createDeps(runtime: RuntimeConfig, overrides: Partial<Deps> = {}): Deps {
  return composePorts(runtime, overrides);
}

/** The process-wide ports; every one of them, composed from the environment on first use. */
export function deps(): Deps {
  const current = installedPorts();
  if (current) return current as Deps;
  const created = createDeps(readRuntimeConfig());
  installPorts(created);
  return created;
}

/** The local runtime and tests install their own (e.g. with an injected clock). */
export function setDeps(value: Deps | undefined): void {
  installPorts(value);
}
