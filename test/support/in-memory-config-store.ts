import type { ConfigEntry, ConfigKind } from '../../functions/domain/config-entry.js';
import type { ConfigStore } from '../../functions/ports/config.js';

/**
 * The `ConfigStore` port over a Map keyed `kind/name`. `seed` gives entries to start with, in the
 * same keys; every entry (seeded or put) carries `updatedAt`, so answers are deterministic.
 */
export class InMemoryConfigStore implements ConfigStore {
  readonly entries = new Map<string, ConfigEntry>();

  constructor(
    seed: { readonly [key: `${ConfigKind}/${string}`]: Readonly<Record<string, string>> } = {},
    private readonly updatedAt = 1_700_000_000_000,
  ) {
    for (const [key, options] of Object.entries(seed)) {
      const slash = key.indexOf('/');
      const kind = key.slice(0, slash) as ConfigKind;
      const name = key.slice(slash + 1);
      this.entries.set(key, { kind, name, options: { ...options }, updatedAt });
    }
  }

  async list(kind: ConfigKind) {
    return [...this.entries.values()].filter((e) => e.kind === kind);
  }
  async get(kind: ConfigKind, name: string) {
    return this.entries.get(`${kind}/${name}`);
  }
  async put(kind: ConfigKind, name: string, options: Record<string, string>) {
    const entry = { kind, name, options, updatedAt: this.updatedAt };
    this.entries.set(`${kind}/${name}`, entry);
    return entry;
  }
  async delete(kind: ConfigKind, name: string) {
    return this.entries.delete(`${kind}/${name}`);
  }
}
