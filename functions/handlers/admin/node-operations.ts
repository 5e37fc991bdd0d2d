import type { Operation } from '../../http/handler-factory.js';
import type { NodeStatus } from '../../ports.js';

export const nodeOperations: Record<string, Operation> = {
  // GMS answers text/plain ONLINE/OFFLINE; a shutting-down node still reports OFFLINE.
  nodeStatus: async (_req, deps) => {
    const status = await deps.node.get();
    return { text: status === 'SHUTDOWN' ? 'OFFLINE' : status };
  },
  nodeChangeStatus: async (req, deps) => {
    const { status } = req.valid.params as { status: NodeStatus };
    await deps.node.set(status);
    if (status === 'SHUTDOWN') deps.onShutdownRequested?.();
    return { text: status };
  },
};
