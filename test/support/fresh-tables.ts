import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables, localTableNames } from '../../functions/local/create-tables.js';

/**
 * A fresh set of the product's tables on the suite's DynamoDB Local (a random prefix per call, so
 * test files never share items), and a document client configured as the runtime's.
 */
export async function freshTables(prefix = 't'): Promise<{
  names: ReturnType<typeof localTableNames>;
  doc: DynamoDBDocumentClient;
}> {
  const names = localTableNames(`${prefix}${randomBytes(4).toString('hex')}-`);
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, names);
  return {
    names,
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
  };
}
