import { formatWall, UTC } from '../../domain/time/zoned-time.js';
import { availabilityReport } from '../../domain/reports/operational-report.js';
import type { Ports } from '../../ports/index.js';
import type { BuiltReport } from './built-report.js';
import { configuredNames } from './report-sources.js';

export type PoolAvailabilityReportPorts = Pick<Ports, 'clock' | 'config' | 'accessNumbers'>;

/** `reports/operational/availability`: every pool's numbers now: total, in use, available. */
export async function poolAvailabilityReport(ports: PoolAvailabilityReportPorts): Promise<BuiltReport> {
  const now = ports.clock.now();
  const groups = await configuredNames(ports, 'resource-group');
  const pools = await Promise.all(
    groups.map(async (group) => {
      const { total, locked } = await ports.accessNumbers.counts(group, now);
      return { group, total, inUse: locked };
    }),
  );
  const at = formatWall(UTC, now, "yyyy-MM-dd HH:mm:ss 'UTC'");
  return { table: availabilityReport(at, pools) };
}
