/** A named, flat option map of the config table (service, resource group, pattern group, server). */

/** Kinds of named, flat configuration maps kept in the config table. */
export type ConfigKind = 'service' | 'resource-group' | 'pattern-group' | 'server';

export interface ConfigEntry {
  kind: ConfigKind;
  name: string;
  options: Record<string, string>;
  updatedAt: number;
}
