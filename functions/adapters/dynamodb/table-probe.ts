import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { TABLES, type TableId } from './table-definitions.js';

import type { TableHealth, TableProbe } from '../../ports/table-health.js';

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
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: Partial<Record<TableId, string>>,
  ) {}

  probe(): Promise<TableProbe[]> {
    return probeTables(this.doc, this.tables);
  }
}
