import { describeServerSettings, readServerSettings } from '../../domain/server-settings.js';
import type { Ports } from '../../ports/index.js';

export type ReadServerSettingsPorts = Pick<Ports, 'config'>;

/** `GET admin/server`: the section with its secrets masked. */
export async function viewServerSettings(ports: ReadServerSettingsPorts): Promise<Record<string, string>> {
  return describeServerSettings(await readServerSettings(ports.config));
}
