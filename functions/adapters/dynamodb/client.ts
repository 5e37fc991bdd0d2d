import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from '../../runtime-config.js';
import { dynamoDbCallDescriber } from '../aws-calls/dynamodb-call-describer.js';
import { recordSdkCalls } from '../aws-calls/sdk-call-recording.js';
import { escapeClientKeys } from './attribute-name-escape.js';

/** The one DynamoDB client of the process. Local mode points it at DynamoDB Local. */
export function createDocumentClient(config: RuntimeConfig): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.dynamodbEndpoint
      ? {
          endpoint: config.dynamodbEndpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 5,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  escapeClientKeys(doc);
  return recordSdkCalls(doc, dynamoDbCallDescriber(config.tables));
}
