import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { resourceGroups } from '../../routes/admin-routes.js';
import {
  deleteResourceGroup,
  type DeleteResourceGroupPorts,
} from '../../use-cases/admin/delete-resource-group.js';
import {
  listResourceGroups,
  readResourceGroup,
  type ReadResourceGroupsPorts,
} from '../../use-cases/admin/read-resource-groups.js';
import { saveResourceGroup, type SaveResourceGroupPorts } from '../../use-cases/admin/save-resource-group.js';

export const resourceOperations = [
  operation(resourceGroups.list, async (_input, ports: ReadResourceGroupsPorts) =>
    json(await listResourceGroups(ports)),
  ),
  operation(resourceGroups.get, async ({ params }, ports: ReadResourceGroupsPorts) =>
    json(await readResourceGroup(ports, params.group)),
  ),
  operation(resourceGroups.put, async ({ params, body }, ports: SaveResourceGroupPorts) =>
    json(await saveResourceGroup(ports, params.group, body)),
  ),
  operation(resourceGroups.delete, async ({ params }, ports: DeleteResourceGroupPorts) => {
    await deleteResourceGroup(ports, params.group);
    return json({ deleted: params.group });
  }),
];
