import { SERIES } from '../../domain/reports/metric-events.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import { resourceReport } from '../../domain/reports/resource-report.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { chosen, periodsOf } from './report-sources.js';

export type ResourceUsageReportPorts = Pick<Ports, 'clock' | 'config' | 'metricsStore'>;

/** `reports/resources`: the usage history of one resource group (404 when it is not configured). */
export async function resourceUsageReport(
  ports: ResourceUsageReportPorts,
  query: RangeQuery,
  group: string,
): Promise<BuiltReport> {
  const range = reportRange(query, ports.clock.now());
  const [name] = await chosen(ports, 'resource-group', [group], 'Resource group');
  return { table: resourceReport(name!, range, await periodsOf(ports, SERIES.pool(name!), range)), range };
}
