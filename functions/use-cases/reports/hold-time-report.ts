import type { MediaType } from '../../domain/callback/callback-record.js';
import { holdtimeReport } from '../../domain/reports/callback-report.js';
import { SERIES } from '../../domain/reports/metric-events.js';
import { reportRange, type RangeQuery } from '../../domain/reports/report-range.js';
import { mediaFiguresOf, mergeSeries, rollUp } from '../../domain/reports/rollup.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { configuredNames, isCallbackService } from './report-sources.js';

export type HoldTimeReportPorts = Pick<Ports, 'clock' | 'config' | 'metricsStore'>;

/**
 * Hold and handle times of one media type over every callback service: each service's series
 * holds its own, and figures recorded before that (one `media#<type>` series for all) still count.
 */
export async function holdTimeReport(
  ports: HoldTimeReportPorts,
  query: RangeQuery,
  media: MediaType,
): Promise<BuiltReport> {
  const range = reportRange(query, ports.clock.now());
  const services = await configuredNames(ports, 'service', isCallbackService);
  const [legacy, ...perService] = await Promise.all([
    ports.metricsStore.read(SERIES.legacyMedia(media), range.from, range.to),
    ...services.map((s) => ports.metricsStore.read(SERIES.callback(s), range.from, range.to)),
  ]);
  const merged = mergeSeries([legacy!, ...perService.map((s) => mediaFiguresOf(s, media))]);
  return { table: holdtimeReport(media, range, rollUp(merged, range.periods)), range };
}
