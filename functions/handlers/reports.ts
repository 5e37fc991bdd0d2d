import { createAreaHandler } from '../http/handler-factory.js';
import { routesOf } from '../routes/index.js';
import { reportOperations } from './reports/report-operations.js';

/** Reports (the UI's Reporting tab): its own function, so the export libraries load nowhere else. */
export const handler = createAreaHandler(routesOf('reports'), reportOperations);
