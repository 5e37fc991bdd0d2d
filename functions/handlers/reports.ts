import { composeReports } from '../composition/reports.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { reportsAreaRoutes } from '../routes/areas/reports.js';
import { reportOperations } from './reports/report-operations.js';

/** Reports (the UI's Reporting tab): its own function, so the export libraries load nowhere else. */
export const handler = createAreaHandler('reports', reportsAreaRoutes, reportOperations, composeReports);
