import {
  deletePatternGroup,
  getPatternGroup,
  listPatternGroups,
  savePatternGroup,
  type Patterns,
} from '../../domain/pattern-group.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

/** List answers `[{name, patterns}]`; get and put answer the group's flat map, as it is PUT. */
export const patternGroupOperations: Record<string, Operation> = {
  listPatternGroups: async (_req, deps) => json(await listPatternGroups(deps)),
  getPatternGroup: async (req, deps) => json((await getPatternGroup(deps, req.params.group!)).options),
  putPatternGroup: async (req, deps) =>
    json((await savePatternGroup(deps, req.params.group!, req.valid.body as Patterns)).options),
  deletePatternGroup: async (req, deps) => {
    await deletePatternGroup(deps, req.params.group!);
    return json({ deleted: req.params.group });
  },
};
