import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from '../../runtime-config.js';
import { tracer } from '../../tracing.js';
import { dynamoDbCallDescriber } from '../aws-calls/dynamodb-call-describer.js';
import { recordSdkCalls } from '../aws-calls/sdk-call-recording.js';
import { escapeClientKeys } from './attribute-name-escape.js';

/**
 * Where the process's DynamoDB calls go and how they are signed. In AWS: the function's role.
 * With an endpoint: DynamoDB Local takes any key (a fixed one unless the runtime chose the
 * standard chain, as it does for a real endpoint in a dev account).
 */
export function dynamoClientConfig(config: RuntimeConfig): DynamoDBClientConfig {
  if (!config.dynamodbEndpoint) return { region: config.region };
  return {
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    ...(config.dynamodbCredentials === 'environment'
      ? {}
      : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}

/** The one DynamoDB client of the process. Local mode points it at DynamoDB Local. */
export function createDocumentClient(config: RuntimeConfig): DynamoDBDocumentClient {
  // Each call a subsegment of the invocation's trace in AWS (the tracer is off locally).
  const client = tracer.traceClient(new DynamoDBClient({ ...dynamoClientConfig(config), maxAttempts: 5 }));
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  escapeClientKeys(doc);
  return recordSdkCalls(doc, dynamoDbCallDescriber(config.tables));
}
