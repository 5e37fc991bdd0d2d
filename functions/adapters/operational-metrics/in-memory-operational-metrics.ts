import type { OperationalDimensions, OperationalMetricName } from '../../domain/operational-metrics.js';
import { logger } from '../../observability.js';
import type { OperationalMetrics } from '../../ports/metrics.js';
import { CountBuffer, type BufferedCount } from './count-buffer.js';

/**
 * Local mode's operational metrics: the same counts, kept in the process (no EMF lines on the
 * console of `npm start`). Each flush logs the invocation's counts at debug level
 * (`LOG_LEVEL=DEBUG npm start` shows them); `total` reads what was counted since start.
 */
export class InMemoryOperationalMetrics implements OperationalMetrics {
  private readonly pending = new CountBuffer();
  private readonly totals: BufferedCount[] = [];

  count<N extends OperationalMetricName>(name: N, dimensions: OperationalDimensions<N>, by = 1): void {
    this.pending.add(name, dimensions, by);
  }

  flush(): void {
    const counted = this.pending.drain().flatMap((g) => g.counts);
    if (counted.length === 0) return;
    for (const c of counted) {
      const known = this.totals.find(
        (t) => t.name === c.name && JSON.stringify(t.dimensions) === JSON.stringify(c.dimensions),
      );
      if (known) known.value += c.value;
      else this.totals.push({ ...c });
    }
    logger.debug('Operational metrics', { metrics: counted });
  }

  /** The flushed count of `name` since start, over every series whose dimensions include `dimensions`. */
  total(name: OperationalMetricName, dimensions: Record<string, string> = {}): number {
    return this.totals
      .filter((t) => t.name === name && Object.entries(dimensions).every(([k, v]) => t.dimensions[k] === v))
      .reduce((sum, t) => sum + t.value, 0);
  }
}
