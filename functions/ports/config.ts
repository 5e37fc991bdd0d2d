import type { ConfigEntry, ConfigKind } from '../domain/config-entry.js';
import type { StoredTemplate } from '../domain/service-template.js';

/** The config table: named option maps, uploaded service templates, the node status. */

export interface ConfigStore {
  list(kind: ConfigKind): Promise<ConfigEntry[]>;
  get(kind: ConfigKind, name: string): Promise<ConfigEntry | undefined>;
  put(kind: ConfigKind, name: string, options: Record<string, string>): Promise<ConfigEntry>;
  /** Returns false when there was nothing to delete. */
  delete(kind: ConfigKind, name: string): Promise<boolean>;
}

/** A user-uploaded service template: stored whole as JSON (built-in templates live in code). */
export interface TemplateStore {
  list(): Promise<StoredTemplate[]>;
  get(name: string): Promise<StoredTemplate | undefined>;
  put(template: StoredTemplate): Promise<void>;
  delete(name: string): Promise<boolean>;
}

export type NodeStatus = 'ONLINE' | 'OFFLINE' | 'SHUTDOWN';

export interface NodeStatusStore {
  /**
   * The status, read now; with `maxAgeMs`, a status this process read at most that long ago is
   * answer enough (what is asked for on every request reads once in that time).
   */
  get(maxAgeMs?: number): Promise<NodeStatus>;
  set(status: NodeStatus): Promise<void>;
}
