import {
  deleteResourceGroup,
  describeResourceGroup,
  getResourceGroup,
  saveResourceGroup,
} from '../../use-cases/admin/save-resource-group.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

export const resourceOperations: Record<string, Operation> = {
  listResourceGroups: async (_req, deps) =>
    json(
      await Promise.all(
        (await deps.config.list('resource-group')).map((e) => describeResourceGroup(deps, e)),
      ),
    ),
  getResourceGroup: async (req, deps) =>
    json(await describeResourceGroup(deps, await getResourceGroup(deps, req.params.group!))),
  putResourceGroup: async (req, deps) =>
    json(await saveResourceGroup(deps, req.params.group!, req.valid.body as Record<string, string>)),
  deleteResourceGroup: async (req, deps) => {
    await deleteResourceGroup(deps, req.params.group!);
    return json({ deleted: req.params.group });
  },
};
