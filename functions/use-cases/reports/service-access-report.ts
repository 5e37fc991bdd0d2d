import { SERIES } from '../../domain/reports/metric-events.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import { serviceReport } from '../../domain/reports/service-report.js';
import { IMPLICIT_SERVICES } from '../../domain/implicit-services.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { chosen, mergedPeriodsOf } from './report-sources.js';

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
  // A create that admitted its callback counts its access in the callback's series (with its
  // created count, one write): both series are read.
  const periods = await Promise.all(
    names.map(async (name) => ({
      name,
      periods: await mergedPeriodsOf(ports, [SERIES.service(name), SERIES.callback(name)], range),
    })),
  );
  return { table: serviceReport(range, periods), range };
}
