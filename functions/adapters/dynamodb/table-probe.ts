import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { ShortLivedCache } from '../../domain/short-lived-cache.js';
import type { Clock } from '../../ports/clock-and-ids.js';
import type { TableHealth, TableProbe } from '../../ports/table-health.js';
import { recordingCaller } from '../aws-calls/aws-call-recorder.js';
import { TABLES, type TableId } from './table-definitions.js';

/**
 * One read per table this function was given, all at once: it proves each is reachable with
 * the function's grants. The key read never exists, so the read costs the minimum and returns nothing.
 */
export function probeTables(
  doc: DynamoDBDocumentClient,
  given: Partial<Record<TableId, string>>,
): Promise<TableProbe[]> {
  const names = given as Record<TableId, string>;
  return Promise.all(
    TABLES.filter((t) => names[t.id]).map(async (t): Promise<TableProbe> => {
      const started = performance.now();
      const took = () => Math.round((performance.now() - started) * 10) / 10;
      try {
        await doc.send(
          new GetCommand({
            TableName: names[t.id],
            Key: {
              [t.partitionKey.name]: 'health',
              ...(t.sortKey ? { [t.sortKey.name]: t.sortKey.type === 'N' ? 0 : 'health' } : {}),
            },
          }),
        );
        return { id: t.id, name: names[t.id], ok: true, latencyMs: took() };
      } catch (e) {
        return { id: t.id, name: names[t.id], ok: false, latencyMs: took(), error: (e as Error).name };
      }
    }),
  );
}

/** The `TableHealth` port over the tables this function was given. */
export class DynamoTableHealth implements TableHealth {
  /** By the function probing, while AWS calls are recorded (in AWS each has its own process). */
  private readonly recent: ShortLivedCache<TableProbe[]>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: Partial<Record<TableId, string>>,
    clock: Clock,
  ) {
    this.recent = new ShortLivedCache(() => clock.now());
  }

  probe(maxAgeMs?: number): Promise<TableProbe[]> {
    const key = recordingCaller() ?? '';
    const probe = () => probeTables(this.doc, this.tables);
    return maxAgeMs === undefined ? this.recent.read(key, probe) : this.recent.get(key, maxAgeMs, probe);
  }
}
