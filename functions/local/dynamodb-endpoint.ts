import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { dynamoClientConfig } from '../adapters/dynamodb/client.js';
import type { RuntimeConfig } from '../runtime-config.js';
import { DYNAMODB_LOCAL_SOCKETS } from './dynamodb-local.js';

/** `npm start` options that name something wrong: the message names the option. */
export class UsageError extends Error {}

/** The DynamoDB endpoint given with `--dynamodb-endpoint` does not answer, or refuses us. */
export class DynamoUnreachableError extends Error {}

/**
 * `--dynamodb-endpoint`: an http(s) URL of a DynamoDB endpoint (another DynamoDB Local, or
 * `https://dynamodb.<region>.amazonaws.com`). Returned without a trailing slash.
 */
export function parseDynamoEndpoint(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new UsageError(
      `Invalid --dynamodb-endpoint '${text}': give the http:// or https:// URL of a DynamoDB endpoint, e.g. http://127.0.0.1:8000 or https://dynamodb.eu-west-1.amazonaws.com`,
    );
  }
  return url.origin;
}

/** Every table id is appended to the prefix; DynamoDB names are 3-255 of `A-Za-z0-9_.-`. */
export function checkTablePrefix(prefix: string): string {
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(prefix)) {
    throw new UsageError(
      `Invalid --table-prefix '${prefix}': use 1 to 200 of the characters A-Z a-z 0-9 _ . - (DynamoDB table names).`,
    );
  }
  return prefix;
}

/** `dynamodb.eu-west-1.amazonaws.com` and its FIPS and dual-stack forms. */
const AWS_HOST = /^dynamodb(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|api\.aws)$/;

export function isAwsEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return /\.amazonaws\.com(\.cn)?$/.test(host) || /\.api\.aws$/.test(host);
}

/**
 * Region and credentials for an existing endpoint. A real DynamoDB endpoint signs with the SDK's
 * standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_PROFILE, SSO...);
 * its region is the one in its host name, since a request signed for another region is refused.
 * DynamoDB Local accepts any key: the environment's if set (a DynamoDB Local started without
 * -sharedDb keeps one database per key and region), else a fixed one; it gets the connection pool
 * sized for DynamoDB Local (`DYNAMODB_LOCAL_SOCKETS`), a real endpoint the SDK's default.
 */
export function endpointConnection(
  endpoint: string,
  env: NodeJS.ProcessEnv = process.env,
): Pick<RuntimeConfig, 'region' | 'dynamodbCredentials' | 'dynamodbMaxSockets'> {
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  if (isAwsEndpoint(endpoint)) {
    const region = AWS_HOST.exec(new URL(endpoint).hostname)?.[1] ?? envRegion;
    if (!region) {
      throw new UsageError(`--dynamodb-endpoint ${endpoint} does not name its region: set AWS_REGION.`);
    }
    return { region, dynamodbCredentials: 'environment' };
  }
  return {
    region: envRegion ?? 'us-east-1',
    dynamodbCredentials: env.AWS_ACCESS_KEY_ID ? 'environment' : 'local',
    dynamodbMaxSockets: DYNAMODB_LOCAL_SOCKETS,
  };
}

function describeFailure(e: unknown): string {
  const err = e as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = err.code ?? (err.name && err.name !== 'Error' ? err.name : undefined);
  const firstLine = (err.message ?? String(e)).split('\n')[0]!.trim();
  return code && !firstLine.includes(code) ? `${firstLine} (${code})` : firstLine;
}

/**
 * One call before anything else uses the endpoint, so a wrong URL or missing credentials is one
 * clear line at start instead of retries and a stack trace. DescribeTable needs no more
 * permission than the tables need anyway (ListTables would need `*`).
 */
export async function probeDynamoEndpoint(runtime: RuntimeConfig, probeTable: string): Promise<void> {
  const endpoint = runtime.dynamodbEndpoint!;
  const client = new DynamoDBClient({
    ...dynamoClientConfig(runtime),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: probeTable }));
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return;
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if ((e as Error).name === 'CredentialsProviderError') {
      throw new DynamoUnreachableError(
        `No AWS credentials for ${endpoint}: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      );
    }
    throw new DynamoUnreachableError(
      status
        ? `DynamoDB at ${endpoint} refused the request (HTTP ${status}): ${describeFailure(e)}`
        : `Cannot reach DynamoDB at ${endpoint}: ${describeFailure(e)}`,
    );
  } finally {
    client.destroy();
  }
}
