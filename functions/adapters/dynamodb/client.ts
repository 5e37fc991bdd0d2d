import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from '../../runtime-config.js';
import { tracer } from '../../tracing.js';
import { dynamoDbCallDescriber } from '../aws-calls/dynamodb-call-describer.js';
import { recordSdkCalls } from '../aws-calls/sdk-call-recording.js';
import { escapeClientKeys } from './attribute-name-escape.js';

/** How long a call may wait for one of `dynamodbMaxSockets` before the SDK warns. */
const SOCKET_WAIT_WARNING_MS = 30_000;

/**
 * Where the process's DynamoDB calls go and how they are signed. In AWS: the function's role.
 * With an endpoint: DynamoDB Local takes any key (a fixed one unless the runtime chose the
 * standard chain, as it does for a real endpoint in a dev account), and the connection pool is
 * the one the runtime sized for it.
 */
export function dynamoClientConfig(config: RuntimeConfig): DynamoDBClientConfig {
  if (!config.dynamodbEndpoint) return { region: config.region };
  const sockets = config.dynamodbMaxSockets;
  return {
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    ...(sockets
      ? {
          requestHandler: {
            httpAgent: { keepAlive: true, maxSockets: sockets },
            httpsAgent: { keepAlive: true, maxSockets: sockets },
            // The pool is sized below what a burst asks for on purpose: a request waits for a
            // socket, and only one kept waiting this long is worth the SDK's "raise maxSockets".
            socketAcquisitionWarningTimeout: SOCKET_WAIT_WARNING_MS,
          },
        }
      : {}),
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
