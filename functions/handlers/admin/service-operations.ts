import {
  deleteServiceConfig,
  describeService,
  getServiceConfig,
  saveServiceConfig,
} from '../../domain/service-config.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

/** `/genesys/1/admin/services`: the `service.{name}` sections, validated against their templates. */
export const serviceOperations: Record<string, Operation> = {
  listServiceConfigs: async (_req, deps) => json((await deps.config.list('service')).map(describeService)),
  getServiceConfig: async (req, deps) =>
    json(describeService(await getServiceConfig(deps, req.params.name!))),
  putServiceConfig: async (req, deps) =>
    json(
      describeService(
        await saveServiceConfig(deps, req.params.name!, req.valid.body as Record<string, string>),
      ),
    ),
  deleteServiceConfig: async (req, deps) => {
    await deleteServiceConfig(deps, req.params.name!);
    return json({ deleted: req.params.name });
  },
};
