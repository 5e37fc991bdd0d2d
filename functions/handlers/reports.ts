import { createAreaHandler, legacyOperations } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { reportOperations } from './reports/report-operations.js';

/** Reports (the UI's Reporting tab): its own function, so the export libraries load nowhere else. */
export const handler = createAreaHandler(
  'reports',
  legacyOperations('reports', reportOperations),
  createDeps,
);
