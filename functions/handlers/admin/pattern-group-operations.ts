import { getPatternGroup, listPatternGroups } from '../../domain/pattern-group.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import type { Ports } from '../../ports/index.js';
import { patternGroups } from '../../routes/admin-routes.js';
import {
  deletePatternGroup,
  type DeletePatternGroupPorts,
} from '../../use-cases/admin/delete-pattern-group.js';
import { savePatternGroup, type SavePatternGroupPorts } from '../../use-cases/admin/save-pattern-group.js';

type ReadPatternGroupsPorts = Pick<Ports, 'config'>;

/** List answers `[{name, patterns}]`; get and put answer the group's flat map, as it is PUT. */
export const patternGroupOperations = [
  operation(patternGroups.list, async (_input, ports: ReadPatternGroupsPorts) =>
    json(await listPatternGroups(ports)),
  ),
  operation(patternGroups.get, async ({ params }, ports: ReadPatternGroupsPorts) =>
    json((await getPatternGroup(ports, params.group)).options),
  ),
  operation(patternGroups.put, async ({ params, body }, ports: SavePatternGroupPorts) =>
    json((await savePatternGroup(ports, params.group, body)).options),
  ),
  operation(patternGroups.delete, async ({ params }, ports: DeletePatternGroupPorts) => {
    await deletePatternGroup(ports, params.group);
    return json({ deleted: params.group });
  }),
];
