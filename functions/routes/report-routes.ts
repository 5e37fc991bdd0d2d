import * as z from 'zod';
import { INTERVALS, RANGE_PRESETS } from '../domain/reports/report-range.js';
import type { Role } from '../domain/roles.js';
import type { RouteSpec } from '../http/route-spec.js';
import { authErrorResponses, configName, errorResponses, gmsError } from './schemas.js';

/** Reports are for those who monitor: administrators and supervisors. */
const VIEWERS: readonly Role[] = ['Administrator', 'Supervisor'];
const TAGS = ['Reports'];

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;

const format = z
  .enum(REPORT_FORMATS)
  .optional()
  .describe('json (default), csv, xlsx or pdf (with the chart)');
const rangeQuery = {
  range: z
    .enum(RANGE_PRESETS)
    .optional()
    .describe(
      'today (default), yesterday, last-week (the last 7 days with today), last-month (the last 30 days with today), or custom',
    ),
  start: z
    .string()
    .optional()
    .describe('custom range start, ISO-8601 date or time (in `timezone` unless it has an offset)'),
  end: z
    .string()
    .optional()
    .describe('custom range end (default start + 1 day); at most 92 days after start'),
  interval: z
    .enum(INTERVALS)
    .optional()
    .describe('roll-up period: 15m, 30m, 1h (default for a day), 1d, or all'),
  timezone: z.string().optional().describe('IANA zone the periods are aligned in (default UTC)'),
  format,
};

export const reportTable = z
  .object({
    report: z.string(),
    title: z.string(),
    subtitle: z.string(),
    columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string().optional() })),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    chart: z.object({ kind: z.enum(['line', 'bar']), x: z.string(), series: z.array(z.string()) }),
    periods: z.array(z.object({ start: z.string(), end: z.string() })).optional(),
  })
  .meta({ id: 'ReportTable' });

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

function report(
  path: string,
  operationId: string,
  summary: string,
  extra: z.ZodRawShape = {},
  ranged = true,
): RouteSpec {
  return {
    method: 'GET',
    path: `/genesys/1/admin/reports/${path}`,
    area: 'reports',
    access: { roles: VIEWERS },
    operationId,
    summary,
    tags: TAGS,
    query: z.object({ ...(ranged ? rangeQuery : { format }), ...extra }),
    responses,
  };
}

export const reportRoutes: RouteSpec[] = [
  report(
    'resources',
    'resourceReport',
    'Usage history of a resource group: allocated, exhausted, matched, timed out, in use, available, total.',
    {
      group: configName.describe('The resource group (mandatory)'),
    },
  ),
  report(
    'services',
    'serviceReport',
    'Accesses of each service per period (repeat `service` to choose; default every configured service).',
    {
      service: configName.optional().describe('A service name; repeatable'),
    },
  ),
  report(
    'callbacks',
    'callbackReport',
    'Callbacks entering each state, and completed per reason, per period.',
    {
      service: configName.optional().describe('One callback service (default: all together)'),
    },
  ),
  report(
    'callbacks/holdtime',
    'holdtimeReport',
    'Hold time (first QUEUED to agent connected) and agent handle time of one media type.',
    {
      media: z.enum(['voice', 'chat']).optional().describe('voice (default) or chat'),
    },
  ),
  report(
    'callbacks/watermark',
    'watermarkReport',
    'MIN, MAX and AVG of QUEUED callbacks per period, from per-minute samples.',
    {
      service: configName.optional().describe('One callback service (default: all together)'),
    },
  ),
  report(
    'operational/availability',
    'availabilityReport',
    'DNIS availability by pool, live: total, in use, available.',
    {},
    false,
  ),
  report(
    'operational/aht',
    'ahtReport',
    'Average handle time by pool (allocation to match, in seconds; timeouts excluded).',
    {
      group: configName.optional().describe('A resource group; repeatable (default: every group)'),
    },
  ),
  report(
    'operational/service-exits',
    'serviceExitReport',
    'Service exiting by pool: sessions ended by a match or by timing out.',
    {
      group: configName.optional().describe('A resource group; repeatable (default: every group)'),
    },
  ),
];
