import { describeServerSettings } from '../../domain/server-settings.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { getServerSettings, putServerSettings } from '../../routes/admin-routes.js';
import {
  viewServerSettings,
  type ReadServerSettingsPorts,
} from '../../use-cases/admin/read-server-settings.js';
import {
  saveServerSettings,
  type SaveServerSettingsPorts,
} from '../../use-cases/admin/save-server-settings.js';

/** `/genesys/1/admin/server`: GMS's `server` section (public API authentication and rate limit). */
export const serverSettingsOperations = [
  operation(getServerSettings, async (_input, ports: ReadServerSettingsPorts) =>
    json(await viewServerSettings(ports)),
  ),
  operation(putServerSettings, async ({ body }, ports: SaveServerSettingsPorts) =>
    json(describeServerSettings(await saveServerSettings(ports, body))),
  ),
];
