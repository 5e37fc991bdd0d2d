import {
  describeServerSettings,
  readServerSettings,
  saveServerSettings,
} from '../../domain/server-settings.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

/** `/genesys/1/admin/server`: GMS's `server` section (public API authentication and rate limit). */
export const serverSettingsOperations: Record<string, Operation> = {
  getServerSettings: async (_req, deps) =>
    json(describeServerSettings(await readServerSettings(deps.config))),
  putServerSettings: async (req, deps) =>
    json(describeServerSettings(await saveServerSettings(deps.config, req.valid.body as never))),
};
