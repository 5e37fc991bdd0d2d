import { createAreaHandler, legacyOperations } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { authOperations } from './admin/auth-operations.js';
import { callbackAdminOperations } from './admin/callback-admin-operations.js';
import { ensureAdminFromSecret } from './admin/initial-admin.js';
import { monitorOperations } from './admin/monitor-operations.js';
import { nodeOperations } from './admin/node-operations.js';
import { patternGroupOperations } from './admin/pattern-group-operations.js';
import { resourceOperations } from './admin/resource-operations.js';
import { serverSettingsOperations } from './admin/server-settings-operations.js';
import { serviceOperations } from './admin/service-operations.js';
import { templateOperations } from './admin/template-operations.js';
import { userOperations } from './admin/user-operations.js';

export const handler = createAreaHandler(
  'admin',
  legacyOperations('admin', {
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
  }),
  createDeps,
).use({ before: ensureAdminFromSecret });
