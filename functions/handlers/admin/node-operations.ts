import { operation } from '../../http/define-route.js';
import { nodeChangeStatus, nodeStatus } from '../../routes/admin-routes.js';
import { changeNodeStatus, type ChangeNodeStatusPorts } from '../../use-cases/admin/change-node-status.js';
import { readNodeStatus, type ReadNodeStatusPorts } from '../../use-cases/admin/read-node-status.js';

/** GMS's node API answers text/plain. */
export const nodeOperations = [
  operation(nodeStatus, async (_input, ports: ReadNodeStatusPorts) => ({
    text: await readNodeStatus(ports),
  })),
  operation(nodeChangeStatus, async ({ params }, ports: ChangeNodeStatusPorts) => {
    await changeNodeStatus(ports, params.status);
    return { text: params.status };
  }),
];
