import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
  type OperationalDimensions,
  type OperationalMetricName,
} from '../../domain/operational-metrics.js';
import type { OperationalMetrics } from '../../ports/metrics.js';
import { CountBuffer } from './count-buffer.js';

/**
 * Operational metrics as CloudWatch Embedded Metric Format lines on stdout (Powertools Metrics):
 * CloudWatch Logs turns them into metrics, no API call is made. Counts are summed in the
 * invocation and written at `flush`, one line per set of dimension values.
 */
export class PowertoolsOperationalMetrics implements OperationalMetrics {
  private readonly buffer = new CountBuffer();

  constructor(
    stage: string,
    private readonly metrics: Metrics = new Metrics({ namespace: METRICS_NAMESPACE }),
  ) {
    // Powertools adds a `service` dimension of its own by default; here `service` is the GMS
    // service a count is about, and every metric carries exactly the dimensions alarms read.
    this.metrics.clearDefaultDimensions();
    this.metrics.setDefaultDimensions({ [STAGE_DIMENSION]: stage });
  }

  count<N extends OperationalMetricName>(name: N, dimensions: OperationalDimensions<N>, by = 1): void {
    this.buffer.add(name, dimensions, by);
  }

  flush(): void {
    for (const group of this.buffer.drain()) {
      if (Object.keys(group.dimensions).length > 0) this.metrics.addDimensions(group.dimensions);
      for (const c of group.counts) this.metrics.addMetric(c.name, MetricUnit.Count, c.value);
      this.metrics.publishStoredMetrics();
    }
  }
}
