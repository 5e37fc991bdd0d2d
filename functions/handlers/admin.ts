import { composeAdmin } from '../composition/admin.js';
import { installedPorts, installPorts } from '../process-ports.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { adminAreaRoutes } from '../routes/areas/admin.js';
import { readRuntimeConfig } from '../runtime-config.js';
import { authOperations } from './admin/auth-operations.js';
import { callbackAdminOperations } from './admin/callback-admin-operations.js';
import { ensureAdminFromSecret, type InitialAdminPorts } from './admin/initial-admin.js';
import { monitorOperations } from './admin/monitor-operations.js';
import { nodeOperations } from './admin/node-operations.js';
import { patternGroupOperations } from './admin/pattern-group-operations.js';
import { resourceOperations } from './admin/resource-operations.js';
import { serverSettingsOperations } from './admin/server-settings-operations.js';
import { serviceOperations } from './admin/service-operations.js';
import { templateOperations } from './admin/template-operations.js';
import { userOperations } from './admin/user-operations.js';

/**
 * The ports the area's operations run with: the installed ones (the local runtime's, a test's, or
 * those the Lambda composed at start), else this area's, installed so the operations share them.
 */
function processPorts(): InitialAdminPorts {
  const installed = installedPorts();
  if (installed) return installed as InitialAdminPorts;
  const composed = composeAdmin(readRuntimeConfig());
  installPorts(composed);
  return composed;
}

/** The management API, login, node status, callback administration and the monitor. */
export const handler = createAreaHandler(
  'admin',
  adminAreaRoutes,
  [
    ...authOperations,
    ...nodeOperations,
    ...userOperations,
    ...resourceOperations,
    ...serviceOperations,
    ...serverSettingsOperations,
    ...templateOperations,
    ...patternGroupOperations,
    ...callbackAdminOperations,
    ...monitorOperations,
  ],
  composeAdmin,
).use({ before: () => ensureAdminFromSecret(processPorts()) });
