import { describeService } from '../../domain/service-config.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { serviceConfigs } from '../../routes/admin-routes.js';
import {
  deleteServiceConfig,
  type DeleteServiceConfigPorts,
} from '../../use-cases/admin/delete-service-config.js';
import {
  getServiceConfig,
  listServiceConfigs,
  type ReadServiceConfigsPorts,
} from '../../use-cases/admin/read-service-configs.js';
import { saveServiceConfig, type SaveServiceConfigPorts } from '../../use-cases/admin/save-service-config.js';

/** `/genesys/1/admin/services`: the `service.{name}` sections, validated against their templates. */
export const serviceOperations = [
  operation(serviceConfigs.list, async (_input, ports: ReadServiceConfigsPorts) =>
    json((await listServiceConfigs(ports)).map(describeService)),
  ),
  operation(serviceConfigs.get, async ({ params }, ports: ReadServiceConfigsPorts) =>
    json(describeService(await getServiceConfig(ports, params.name))),
  ),
  operation(serviceConfigs.put, async ({ params, body }, ports: SaveServiceConfigPorts) =>
    json(describeService(await saveServiceConfig(ports, params.name, body))),
  ),
  operation(serviceConfigs.delete, async ({ params }, ports: DeleteServiceConfigPorts) => {
    await deleteServiceConfig(ports, params.name);
    return json({ deleted: params.name });
  }),
];
