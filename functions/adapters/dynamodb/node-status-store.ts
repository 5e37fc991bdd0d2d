import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NodeStatus, NodeStatusStore } from '../../ports/config.js';

const KEY = { pk: 'node', sk: 'status' };

/** The deployment is GMS's "node": one status for all Lambda instances, read consistently. */
export class DynamoNodeStatusStore implements NodeStatusStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(): Promise<NodeStatus> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: KEY, ConsistentRead: true }),
    );
    return (out.Item?.status as NodeStatus | undefined) ?? 'ONLINE';
  }

  async set(status: NodeStatus): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...KEY, status } }));
  }
}
