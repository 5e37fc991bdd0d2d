import { watermarkReport } from '../../domain/reports/callback-report.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { callbackScope, mergedPeriodsOf } from './report-sources.js';

export type QueueWatermarkReportPorts = Pick<Ports, 'clock' | 'config' | 'metricsStore'>;

/** `reports/callbacks/watermark`: QUEUED callbacks per period, of one callback service or all together. */
export async function queueWatermarkReport(
  ports: QueueWatermarkReportPorts,
  query: RangeQuery,
  services: readonly string[],
): Promise<BuiltReport> {
  const range = reportRange(query, ports.clock.now());
  const { scope, series } = await callbackScope(ports, services);
  return { table: watermarkReport(scope, range, await mergedPeriodsOf(ports, series, range)), range };
}
