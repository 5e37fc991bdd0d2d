import type * as z from '../../domain/zod.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { adminMonitor, type monitorView } from '../../routes/monitor-routes.js';
import { checkHealth, type CheckHealthPorts } from '../../use-cases/admin/check-health.js';

export const monitorOperations = [
  operation(adminMonitor, async (_input, ports: CheckHealthPorts) =>
    json((await checkHealth(ports)) satisfies z.infer<typeof monitorView>),
  ),
];
