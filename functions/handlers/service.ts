import { composeService } from '../composition/service.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { serviceOperations } from './service/service-operations.js';

/** The service function: GMS Service API sessions of configured services. */
export const handler = createAreaHandler('service', serviceOperations, composeService);
