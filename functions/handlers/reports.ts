import { composeReports } from '../composition/reports.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { reportOperations } from './reports/report-operations.js';

/** Reports (the UI's Reporting tab): its own function, so the export libraries load nowhere else. */
export const handler = createAreaHandler('reports', reportOperations, composeReports);
