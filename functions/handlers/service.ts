import { composeService } from '../composition/service.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { serviceAreaRoutes } from '../routes/areas/service.js';
import { serviceOperations } from './service/service-operations.js';

/** The service function: GMS Service API sessions of configured services. */
export const handler = createAreaHandler('service', serviceAreaRoutes, serviceOperations, composeService);
