import * as z from '../domain/zod.js';
import { INTERVALS, RANGE_PRESETS } from '../domain/reports/report-range.js';
import type { Role } from '../domain/roles.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { authErrorResponses, configName, errorResponses, gmsError } from './schemas.js';

/** Reports are for those who monitor: administrators and supervisors. */
const VIEWERS: readonly Role[] = ['Administrator', 'Supervisor'];
const TAGS = ['Reports'];

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;

const format = z.lazy(() =>
  z.optional(z.enum(REPORT_FORMATS)).check(z.describe('json (default), csv, xlsx or pdf (with the chart)')),
);
const rangeQuery = () => ({
  range: z
    .optional(z.enum(RANGE_PRESETS))
    .check(
      z.describe(
        'today (default), yesterday, last-week (the last 7 days with today), last-month (the last 30 days with today), or custom',
      ),
    ),
  start: z
    .optional(z.string())
    .check(z.describe('custom range start, ISO-8601 date or time (in `timezone` unless it has an offset)')),
  end: z
    .optional(z.string())
    .check(z.describe('custom range end (default start + 1 day); at most 92 days after start')),
  interval: z
    .optional(z.enum(INTERVALS))
    .check(z.describe('roll-up period: 15m, 30m, 1h (default for a day), 1d, or all')),
  timezone: z.optional(z.string()).check(z.describe('IANA zone the periods are aligned in (default UTC)')),
  format,
});

export const reportTable = z.lazy(() =>
  z
    .object({
      report: z.string(),
      title: z.string(),
      subtitle: z.string(),
      columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.optional(z.string()) })),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
      chart: z.object({ kind: z.enum(['line', 'bar']), x: z.string(), series: z.array(z.string()) }),
      periods: z.optional(z.array(z.object({ start: z.string(), end: z.string() }))),
    })
    .check(z.meta({ id: 'ReportTable' })),
);

const responses = {
  200: {
    description:
      'The report as a table (JSON), or the same table as CSV (text/csv), XLSX or PDF (with the chart) by `format`',
    schema: reportTable,
    alsoContentTypes: [
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/pdf',
    ],
  },
  404: { description: 'No such service or resource group', schema: gmsError },
  ...errorResponses,
  ...authErrorResponses,
};

/** One report's route: its query is the range (or just the format) plus the report's own parameters. */
function report<const Q extends z.ZodMiniObject>(
  path: string,
  operationId: string,
  summary: string,
  query: () => Q,
) {
  return defineRoute({
    method: 'GET',
    path: `/genesys/1/admin/reports/${path}`,
    area: 'reports',
    access: { roles: VIEWERS },
    operationId,
    summary,
    tags: TAGS,
    query: z.lazy(query),
    responses,
  });
}

/** A report over a period: the range parameters and then `extra`. */
const ranged = <const E extends z.core.$ZodShape>(extra: E) => z.object({ ...rangeQuery(), ...extra });

export const resourceReport = report(
  'resources',
  'resourceReport',
  'Usage history of a resource group: allocated, exhausted, matched, timed out, in use, available, total.',
  () =>
    ranged({
      group: configName.check(z.describe('The resource group (mandatory)')),
    }),
);

export const serviceReport = report(
  'services',
  'serviceReport',
  'Accesses of each service per period (repeat `service` to choose; default every configured service).',
  () =>
    ranged({
      service: z.optional(configName).check(z.describe('A service name; repeatable')),
    }),
);

export const callbackReport = report(
  'callbacks',
  'callbackReport',
  'Callbacks entering each state, and completed per reason, per period.',
  () =>
    ranged({
      service: z.optional(configName).check(z.describe('One callback service (default: all together)')),
    }),
);

export const holdtimeReport = report(
  'callbacks/holdtime',
  'holdtimeReport',
  'Hold time (first QUEUED to agent connected) and agent handle time of one media type.',
  () =>
    ranged({
      media: z.optional(z.enum(['voice', 'chat'])).check(z.describe('voice (default) or chat')),
    }),
);

export const watermarkReport = report(
  'callbacks/watermark',
  'watermarkReport',
  'MIN, MAX and AVG of QUEUED callbacks per period, from per-minute samples.',
  () =>
    ranged({
      service: z.optional(configName).check(z.describe('One callback service (default: all together)')),
    }),
);

export const availabilityReport = report(
  'operational/availability',
  'availabilityReport',
  'DNIS availability by pool, live: total, in use, available.',
  () => z.object({ format }),
);

export const ahtReport = report(
  'operational/aht',
  'ahtReport',
  'Average handle time by pool (allocation to match, in seconds; timeouts excluded).',
  () =>
    ranged({
      group: z.optional(configName).check(z.describe('A resource group; repeatable (default: every group)')),
    }),
);

export const serviceExitReport = report(
  'operational/service-exits',
  'serviceExitReport',
  'Service exiting by pool: sessions ended by a match or by timing out.',
  () =>
    ranged({
      group: z.optional(configName).check(z.describe('A resource group; repeatable (default: every group)')),
    }),
);

export const reportRoutes: RouteSpec[] = [
  resourceReport,
  serviceReport,
  callbackReport,
  holdtimeReport,
  watermarkReport,
  availabilityReport,
  ahtReport,
  serviceExitReport,
];
