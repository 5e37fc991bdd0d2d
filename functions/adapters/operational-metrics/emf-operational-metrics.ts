import {
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
  type OperationalDimensions,
  type OperationalMetricName,
} from '../../domain/operational-metrics.js';
import type { OperationalMetrics } from '../../ports/metrics.js';
import { CountBuffer } from './count-buffer.js';

/**
 * Operational metrics as CloudWatch Embedded Metric Format documents, one JSON line each on
 * stdout: CloudWatch Logs turns them into metrics, no API call is made. Counts are summed in the
 * invocation and written at `flush`, one document per set of dimension values, every metric
 * carrying exactly the dimensions alarms read (the stage, then the count's own).
 *
 * Written for the bundle bound of issue 11 (Powertools Metrics and its commons were about 14 KB of
 * every function); the document is the one its `publishStoredMetrics` wrote.
 */
export class EmfOperationalMetrics implements OperationalMetrics {
  private readonly buffer = new CountBuffer();

  constructor(
    private readonly stage: string,
    private readonly out: { write(line: string): unknown } = process.stdout,
  ) {}

  count<N extends OperationalMetricName>(name: N, dimensions: OperationalDimensions<N>, by = 1): void {
    this.buffer.add(name, dimensions, by);
  }

  flush(): void {
    const timestamp = Date.now();
    for (const group of this.buffer.drain()) {
      const dimensions = { [STAGE_DIMENSION]: this.stage, ...group.dimensions };
      // Fewer metric names exist than the 100 one EMF document may hold.
      const document = {
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            {
              Namespace: METRICS_NAMESPACE,
              Dimensions: [Object.keys(dimensions)],
              Metrics: group.counts.map((c) => ({ Name: c.name, Unit: 'Count' })),
            },
          ],
        },
        ...dimensions,
        ...Object.fromEntries(group.counts.map((c) => [c.name, c.value])),
      };
      this.out.write(`${JSON.stringify(document)}\n`);
    }
  }
}
