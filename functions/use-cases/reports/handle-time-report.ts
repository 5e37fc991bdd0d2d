import { ahtReport } from '../../domain/reports/operational-report.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { poolPeriods } from './report-sources.js';

export type HandleTimeReportPorts = Pick<Ports, 'clock' | 'config' | 'metricsStore'>;

/** `reports/operational/aht`: average handle time of each pool asked for (every one when none is). */
export async function handleTimeReport(
  ports: HandleTimeReportPorts,
  query: RangeQuery,
  groups: readonly string[],
): Promise<BuiltReport> {
  const range = reportRange(query, ports.clock.now());
  return { table: ahtReport(range, await poolPeriods(ports, groups, range)), range };
}
