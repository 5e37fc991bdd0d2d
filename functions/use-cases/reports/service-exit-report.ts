import { serviceExitReport as serviceExitTable } from '../../domain/reports/operational-report.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { poolPeriods } from './report-sources.js';

export type ServiceExitReportPorts = Pick<Ports, 'clock' | 'config' | 'metricsStore'>;

/** `reports/operational/service-exits`: sessions of each pool ended by a match or a timeout. */
export async function serviceExitReport(
  ports: ServiceExitReportPorts,
  query: RangeQuery,
  groups: readonly string[],
): Promise<BuiltReport> {
  const range = reportRange(query, ports.clock.now());
  return { table: serviceExitTable(range, await poolPeriods(ports, groups, range)), range };
}
