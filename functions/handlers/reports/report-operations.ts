import { operation } from '../../http/define-route.js';
import type { HttpResult } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import * as routes from '../../routes/report-routes.js';
import type { BuiltReport } from '../../use-cases/reports/built-report.js';
import {
  callbackStateReport,
  type CallbackStateReportPorts,
} from '../../use-cases/reports/callback-state-report.js';
import { handleTimeReport, type HandleTimeReportPorts } from '../../use-cases/reports/handle-time-report.js';
import { holdTimeReport, type HoldTimeReportPorts } from '../../use-cases/reports/hold-time-report.js';
import {
  poolAvailabilityReport,
  type PoolAvailabilityReportPorts,
} from '../../use-cases/reports/pool-availability-report.js';
import {
  queueWatermarkReport,
  type QueueWatermarkReportPorts,
} from '../../use-cases/reports/queue-watermark-report.js';
import {
  resourceUsageReport,
  type ResourceUsageReportPorts,
} from '../../use-cases/reports/resource-usage-report.js';
import {
  serviceAccessReport,
  type ServiceAccessReportPorts,
} from '../../use-cases/reports/service-access-report.js';
import {
  serviceExitReport,
  type ServiceExitReportPorts,
} from '../../use-cases/reports/service-exit-report.js';
import { reportResponse } from './report-response.js';

/** A repeatable query parameter: each value once, blanks left out. */
const repeated = (req: RequestContext, name: string) => [
  ...new Set(
    req.queryAll
      .getAll(name)
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ),
];

/** The report in the format the query asks for (JSON by default). */
const answer = (format: string | undefined, name: string, report: BuiltReport): Promise<HttpResult> =>
  reportResponse(format, name, report.table, report.range);

export const reportOperations = [
  operation(routes.resourceReport, async ({ query }, ports: ResourceUsageReportPorts) =>
    answer(query.format, 'resources', await resourceUsageReport(ports, query, query.group)),
  ),
  operation(routes.serviceReport, async ({ query }, ports: ServiceAccessReportPorts, req) =>
    answer(query.format, 'services', await serviceAccessReport(ports, query, repeated(req, 'service'))),
  ),
  operation(routes.callbackReport, async ({ query }, ports: CallbackStateReportPorts, req) =>
    answer(query.format, 'callbacks', await callbackStateReport(ports, query, repeated(req, 'service'))),
  ),
  operation(routes.holdtimeReport, async ({ query }, ports: HoldTimeReportPorts) =>
    answer(query.format, 'holdtime', await holdTimeReport(ports, query, query.media ?? 'voice')),
  ),
  operation(routes.watermarkReport, async ({ query }, ports: QueueWatermarkReportPorts, req) =>
    answer(query.format, 'watermark', await queueWatermarkReport(ports, query, repeated(req, 'service'))),
  ),
  operation(routes.availabilityReport, async ({ query }, ports: PoolAvailabilityReportPorts) =>
    answer(query.format, 'availability', await poolAvailabilityReport(ports)),
  ),
  operation(routes.ahtReport, async ({ query }, ports: HandleTimeReportPorts, req) =>
    answer(query.format, 'aht', await handleTimeReport(ports, query, repeated(req, 'group'))),
  ),
  operation(routes.serviceExitReport, async ({ query }, ports: ServiceExitReportPorts, req) =>
    answer(query.format, 'service-exits', await serviceExitReport(ports, query, repeated(req, 'group'))),
  ),
];
