import { NotFoundError } from '../../domain/errors.js';
import { SERIES } from '../../domain/reports/metric-events.js';
import type { PoolPeriods } from '../../domain/reports/operational-report.js';
import type { ReportRange } from '../../domain/reports/report-range.js';
import { mergeSeries, rollUp, type PeriodFigures } from '../../domain/reports/rollup.js';
import type { ConfigKind } from '../../domain/config-entry.js';
import type { Ports } from '../../ports/index.js';

/** What every report over a period reads: the configured names and the per-minute figures. */
export type ReportSourcesPorts = Pick<Ports, 'config' | 'metricsStore'>;

/** One series rolled up into the range's periods. */
export async function periodsOf(
  ports: Pick<Ports, 'metricsStore'>,
  series: string,
  range: ReportRange,
): Promise<PeriodFigures[]> {
  return rollUp(await ports.metricsStore.read(series, range.from, range.to), range.periods);
}

/** Several series summed minute by minute (e.g. every callback service together). */
export async function mergedPeriodsOf(
  ports: Pick<Ports, 'metricsStore'>,
  series: string[],
  range: ReportRange,
): Promise<PeriodFigures[]> {
  const all = await Promise.all(series.map((s) => ports.metricsStore.read(s, range.from, range.to)));
  return rollUp(mergeSeries(all), range.periods);
}

/** The configured names of `kind` whose options pass `filter`, in name order. */
export async function configuredNames(
  ports: Pick<Ports, 'config'>,
  kind: ConfigKind,
  filter: (o: Record<string, string>) => boolean = () => true,
): Promise<string[]> {
  return (await ports.config.list(kind))
    .filter((e) => filter(e.options))
    .map((e) => e.name)
    .sort();
}

export const isCallbackService = (o: Record<string, string>) => o._service === 'callback';

/** The names asked for (each must exist), or every known one. */
export async function chosen(
  ports: Pick<Ports, 'config'>,
  kind: ConfigKind,
  asked: readonly string[],
  what: string,
  filter?: (o: Record<string, string>) => boolean,
  implicit: readonly string[] = [],
): Promise<string[]> {
  const known = [...new Set([...(await configuredNames(ports, kind, filter)), ...implicit])];
  for (const name of asked) {
    if (!known.includes(name)) throw new NotFoundError(`${what} '${name}' is not configured.`);
  }
  return asked.length > 0 ? [...asked] : known;
}

/** One callback service (the first asked), or all of them together. */
export async function callbackScope(
  ports: Pick<Ports, 'config'>,
  services: readonly string[],
): Promise<{ scope: string; series: string[] }> {
  const asked = services.slice(0, 1);
  const chosenServices = await chosen(ports, 'service', asked, 'Callback service', isCallbackService);
  return {
    scope: asked.length > 0 ? asked[0]! : 'all callback services',
    series: chosenServices.map(SERIES.callback),
  };
}

/** Each resource group asked for (every one when none is), with its periods. */
export async function poolPeriods(
  ports: ReportSourcesPorts,
  groups: readonly string[],
  range: ReportRange,
): Promise<PoolPeriods[]> {
  const chosenGroups = await chosen(ports, 'resource-group', groups, 'Resource group');
  return Promise.all(
    chosenGroups.map(async (group) => ({
      group,
      periods: await periodsOf(ports, SERIES.pool(group), range),
    })),
  );
}
