import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ShortLivedCache } from '../../domain/short-lived-cache.js';
import type { Clock } from '../../ports/clock-and-ids.js';
import type { NodeStatus, NodeStatusStore } from '../../ports/config.js';
import { recordingCaller } from '../aws-calls/aws-call-recorder.js';

const KEY = { pk: 'node', sk: 'status' };

/** The deployment is GMS's "node": one status for all Lambda instances, read consistently. */
export class DynamoNodeStatusStore implements NodeStatusStore {
  /** By the function reading, while AWS calls are recorded (in AWS each has its own process). */
  private readonly recent: ShortLivedCache<NodeStatus>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    clock: Clock,
  ) {
    this.recent = new ShortLivedCache(() => clock.now());
  }

  get(maxAgeMs?: number): Promise<NodeStatus> {
    const key = recordingCaller() ?? '';
    const read = () => this.read();
    return maxAgeMs === undefined ? this.recent.read(key, read) : this.recent.get(key, maxAgeMs, read);
  }

  private async read(): Promise<NodeStatus> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: KEY, ConsistentRead: true }),
    );
    return (out.Item?.status as NodeStatus | undefined) ?? 'ONLINE';
  }

  async set(status: NodeStatus): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...KEY, status } }));
    // Every function of this process sees the change at once (locally one process serves them all).
    this.recent.forget();
  }
}
