import type { TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import type { Area } from '../functions/http/route-spec.js';
import type { TableAccess } from './gms-function.js';

export interface AreaPermissions {
  /** Tables the area's function may use, and how. Tables not listed get no access at all. */
  tables: Partial<Record<TableId, TableAccess>>;
  /** Whether the function reads the initial admin password from Secrets Manager. */
  adminSecret: boolean;
  description: string;
}

/** Least privilege, per Lambda function (one per area of `ALL_ROUTES`). */
export const AREA_PERMISSIONS: Readonly<Record<Area, AreaPermissions>> = {
  system: {
    // Health probes each table.
    tables: { config: 'RO', sessions: 'RO', resources: 'RO' },
    adminSecret: false,
    description: 'GMS health and OpenAPI document',
  },
  service: {
    tables: { config: 'RW', sessions: 'RW', resources: 'RW' },
    adminSecret: false,
    description: 'GMS service API: sessions, access numbers, callbacks',
  },
  storage: {
    tables: { sessions: 'RW' },
    adminSecret: false,
    description: 'GMS storage API',
  },
  patterns: {
    tables: { config: 'RO' },
    adminSecret: false,
    description: 'GMS patterns API (pattern matching against configured groups)',
  },
  admin: {
    tables: { config: 'RW', sessions: 'RW', resources: 'RW' },
    adminSecret: true,
    description: 'GMS management API, login and node status',
  },
};
