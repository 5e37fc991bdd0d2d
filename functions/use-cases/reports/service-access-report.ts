import { SERIES } from '../../domain/reports/metric-events.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import { serviceReport } from '../../domain/reports/service-report.js';
import { IMPLICIT_SERVICES } from '../../domain/implicit-services.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { chosen, periodsOf } from './report-sources.js';

export type ServiceAccessReportPorts = Pick<Ports, 'clock' | 'config' | 'metricsStore'>;

/** `reports/services`: accesses of each service asked for (every one when none is) per period. */
export async function serviceAccessReport(
  ports: ServiceAccessReportPorts,
  query: RangeQuery,
  services: readonly string[],
): Promise<BuiltReport> {
  const range = reportRange(query, ports.clock.now());
  // The built-ins answer without configuration (`POST service/match-interaction`): they count too.
  const names = await chosen(ports, 'service', services, 'Service', undefined, IMPLICIT_SERVICES);
  const periods = await Promise.all(
    names.map(async (name) => ({ name, periods: await periodsOf(ports, SERIES.service(name), range) })),
  );
  return { table: serviceReport(range, periods), range };
}
