import { DateTime } from 'luxon';
import type { MediaType } from '../../domain/callback/callback-record.js';
import { NotFoundError } from '../../domain/errors.js';
import { callbackReport, holdtimeReport, watermarkReport } from '../../domain/reports/callback-report.js';
import { SERIES } from '../../domain/reports/metric-events.js';
import {
  ahtReport,
  availabilityReport,
  serviceExitReport,
  type PoolPeriods,
} from '../../domain/reports/operational-report.js';
import { reportRange, type ReportRange } from '../../domain/reports/report-range.js';
import { resourceReport } from '../../domain/reports/resource-report.js';
import { mediaFiguresOf, mergeSeries, rollUp, type PeriodFigures } from '../../domain/reports/rollup.js';
import { serviceReport } from '../../domain/reports/service-report.js';
import type { Operation, RequestContext } from '../../http/handler-factory.js';
import type { ConfigKind } from '../../ports.js';
import type { Deps } from '../../composition/full.js';
import { IMPLICIT_SERVICES } from '../../domain/implicit-services.js';
import { reportResponse } from './report-response.js';

const rangeOf = (req: RequestContext, deps: Deps) => reportRange(req.query, deps.clock.now());

async function periodsOf(deps: Deps, series: string, range: ReportRange): Promise<PeriodFigures[]> {
  return rollUp(await deps.metricsStore.read(series, range.from, range.to), range.periods);
}

/** Several series summed minute by minute (e.g. every callback service together). */
async function mergedPeriodsOf(deps: Deps, series: string[], range: ReportRange): Promise<PeriodFigures[]> {
  const all = await Promise.all(series.map((s) => deps.metricsStore.read(s, range.from, range.to)));
  return rollUp(mergeSeries(all), range.periods);
}

const repeated = (req: RequestContext, name: string) => [
  ...new Set(
    req.queryAll
      .getAll(name)
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ),
];

async function names(
  deps: Deps,
  kind: ConfigKind,
  filter: (o: Record<string, string>) => boolean = () => true,
) {
  return (await deps.config.list(kind))
    .filter((e) => filter(e.options))
    .map((e) => e.name)
    .sort();
}

const isCallback = (o: Record<string, string>) => o._service === 'callback';

/** The names asked for (each must exist), or every known one. */
async function chosen(
  deps: Deps,
  kind: ConfigKind,
  asked: string[],
  what: string,
  filter?: (o: Record<string, string>) => boolean,
  implicit: readonly string[] = [],
): Promise<string[]> {
  const known = [...new Set([...(await names(deps, kind, filter)), ...implicit])];
  for (const name of asked) {
    if (!known.includes(name)) throw new NotFoundError(`${what} '${name}' is not configured.`);
  }
  return asked.length > 0 ? asked : known;
}

/** One callback service, or all of them together. */
async function callbackScope(req: RequestContext, deps: Deps): Promise<{ scope: string; series: string[] }> {
  const asked = repeated(req, 'service').slice(0, 1);
  const services = await chosen(deps, 'service', asked, 'Callback service', isCallback);
  return {
    scope: asked.length > 0 ? asked[0]! : 'all callback services',
    series: services.map(SERIES.callback),
  };
}

async function poolPeriods(req: RequestContext, deps: Deps, range: ReportRange): Promise<PoolPeriods[]> {
  const groups = await chosen(deps, 'resource-group', repeated(req, 'group'), 'Resource group');
  return Promise.all(
    groups.map(async (group) => ({ group, periods: await periodsOf(deps, SERIES.pool(group), range) })),
  );
}

const resourceReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  const [group] = await chosen(deps, 'resource-group', [req.query.group!], 'Resource group');
  return reportResponse(
    req,
    'resources',
    resourceReport(group!, range, await periodsOf(deps, SERIES.pool(group!), range)),
    range,
  );
};

const serviceReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  // The built-ins answer without configuration (`POST service/match-interaction`): they count too.
  const services = await chosen(
    deps,
    'service',
    repeated(req, 'service'),
    'Service',
    undefined,
    IMPLICIT_SERVICES,
  );
  const periods = await Promise.all(
    services.map(async (name) => ({ name, periods: await periodsOf(deps, SERIES.service(name), range) })),
  );
  return reportResponse(req, 'services', serviceReport(range, periods), range);
};

const callbackReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  const { scope, series } = await callbackScope(req, deps);
  return reportResponse(
    req,
    'callbacks',
    callbackReport(scope, range, await mergedPeriodsOf(deps, series, range)),
    range,
  );
};

/**
 * Hold and handle times of one media type over every callback service: each service's series
 * holds its own, and figures recorded before that (one `media#<type>` series for all) still count.
 */
const holdtimeReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  const media = (req.query.media ?? 'voice') as MediaType;
  const services = await names(deps, 'service', isCallback);
  const [legacy, ...perService] = await Promise.all([
    deps.metricsStore.read(SERIES.legacyMedia(media), range.from, range.to),
    ...services.map((s) => deps.metricsStore.read(SERIES.callback(s), range.from, range.to)),
  ]);
  const merged = mergeSeries([legacy!, ...perService.map((s) => mediaFiguresOf(s, media))]);
  return reportResponse(req, 'holdtime', holdtimeReport(media, range, rollUp(merged, range.periods)), range);
};

const watermarkReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  const { scope, series } = await callbackScope(req, deps);
  return reportResponse(
    req,
    'watermark',
    watermarkReport(scope, range, await mergedPeriodsOf(deps, series, range)),
    range,
  );
};

const availabilityReportOp: Operation = async (req, deps) => {
  const now = deps.clock.now();
  const groups = await names(deps, 'resource-group');
  const pools = await Promise.all(
    groups.map(async (group) => {
      const { total, locked } = await deps.accessNumbers.counts(group, now);
      return { group, total, inUse: locked };
    }),
  );
  const at = DateTime.fromMillis(now, { zone: 'UTC' }).toFormat("yyyy-MM-dd HH:mm:ss 'UTC'");
  return reportResponse(req, 'availability', availabilityReport(at, pools));
};

const ahtReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  return reportResponse(req, 'aht', ahtReport(range, await poolPeriods(req, deps, range)), range);
};

const serviceExitReportOp: Operation = async (req, deps) => {
  const range = rangeOf(req, deps);
  return reportResponse(
    req,
    'service-exits',
    serviceExitReport(range, await poolPeriods(req, deps, range)),
    range,
  );
};

export const reportOperations: Record<string, Operation> = {
  resourceReport: resourceReportOp,
  serviceReport: serviceReportOp,
  callbackReport: callbackReportOp,
  holdtimeReport: holdtimeReportOp,
  watermarkReport: watermarkReportOp,
  availabilityReport: availabilityReportOp,
  ahtReport: ahtReportOp,
  serviceExitReport: serviceExitReportOp,
};
