import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dynamoClientConfig } from '../../../functions/adapters/dynamodb/client.js';
import { DYNAMODB_LOCAL_SOCKETS } from '../../../functions/local/dynamodb-local.js';
import {
  checkTablePrefix,
  endpointConnection,
  parseDynamoEndpoint,
  UsageError,
} from '../../../functions/local/dynamodb-endpoint.js';

describe('--dynamodb-endpoint and --table-prefix', () => {
  it('takes http(s) origins only, naming the option otherwise', () => {
    expect(parseDynamoEndpoint('http://127.0.0.1:8000/')).toBe('http://127.0.0.1:8000');
    expect(parseDynamoEndpoint('https://dynamodb.eu-west-1.amazonaws.com')).toBe(
      'https://dynamodb.eu-west-1.amazonaws.com',
    );
    for (const bad of ['localhost:8000', 'ftp://x', 'http://h/path', 'http://u:p@h', 'http://h?x=1', '']) {
      expect(() => parseDynamoEndpoint(bad)).toThrow(UsageError);
      expect(() => parseDynamoEndpoint(bad)).toThrow(`Invalid --dynamodb-endpoint '${bad}'`);
    }
  });

  it('takes prefixes DynamoDB table names allow', () => {
    expect(checkTablePrefix('dev-alice.gms_')).toBe('dev-alice.gms_');
    for (const bad of ['', 'a b', 'a/b', 'x'.repeat(201)]) {
      expect(() => checkTablePrefix(bad)).toThrow('Invalid --table-prefix');
    }
  });

  it('signs for the region an AWS endpoint names, with the standard credential chain', () => {
    expect(
      endpointConnection('https://dynamodb.eu-west-1.amazonaws.com', { AWS_REGION: 'us-east-1' }),
    ).toEqual({ region: 'eu-west-1', dynamodbCredentials: 'environment' });
    expect(endpointConnection('https://dynamodb-fips.us-gov-west-1.amazonaws.com', {})).toEqual({
      region: 'us-gov-west-1',
      dynamodbCredentials: 'environment',
    });
    // A VPC endpoint host does not spell the region the same way: the environment's is used.
    expect(
      endpointConnection('https://vpce-1.dynamodb.eu-west-1.vpce.amazonaws.com', {
        AWS_DEFAULT_REGION: 'eu-west-1',
      }),
    ).toEqual({ region: 'eu-west-1', dynamodbCredentials: 'environment' });
    expect(() => endpointConnection('https://vpce-1.dynamodb.eu-west-1.vpce.amazonaws.com', {})).toThrow(
      'set AWS_REGION',
    );
  });

  it('lets DynamoDB Local use the environment key when there is one, a fixed one otherwise', () => {
    expect(endpointConnection('http://127.0.0.1:8000', {})).toEqual({
      region: 'us-east-1',
      dynamodbCredentials: 'local',
      dynamodbMaxSockets: DYNAMODB_LOCAL_SOCKETS,
    });
    expect(
      endpointConnection('http://127.0.0.1:8000', { AWS_ACCESS_KEY_ID: 'k', AWS_REGION: 'eu-west-2' }),
    ).toEqual({
      region: 'eu-west-2',
      dynamodbCredentials: 'environment',
      dynamodbMaxSockets: DYNAMODB_LOCAL_SOCKETS,
    });
  });

  it("keeps DynamoDB Local's requests in flight to its pool size, and the SDK's 50 without one", async () => {
    // A stand-in endpoint that holds every request until told: what is in flight at once is what
    // the client's pool lets through.
    const held: ServerResponse[] = [];
    let inFlight = 0;
    let most = 0;
    const server = createServer((req, res) => {
      req.resume();
      inFlight++;
      most = Math.max(most, inFlight);
      held.push(res);
      res.on('finish', () => inFlight--);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const peak = async (sockets: number | undefined) => {
      most = 0;
      const client = new DynamoDBClient({
        ...dynamoClientConfig({
          region: 'us-east-1',
          dynamodbEndpoint: endpoint,
          ...(sockets ? { dynamodbMaxSockets: sockets } : {}),
          tables: {},
          mode: 'local',
          tokenTtlSeconds: 1,
        }),
        maxAttempts: 1,
      });
      const calls = Array.from({ length: 80 }, (_, i) =>
        client.send(new GetItemCommand({ TableName: 'tbl', Key: { pk: { S: `k${i}` } } })),
      );
      // Answer what arrives until all 80 are done, each time once the pool has filled (nothing new
      // for 100 ms).
      for (let answered = 0; answered < 80;) {
        for (let seen = -1, still = 0; still < 5;) {
          await new Promise((r) => setTimeout(r, 20));
          still = held.length === seen ? still + 1 : 0;
          seen = held.length;
        }
        for (const res of held.splice(0)) {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
          answered++;
        }
      }
      await Promise.all(calls);
      client.destroy();
      return most;
    };
    try {
      expect(await peak(DYNAMODB_LOCAL_SOCKETS)).toBe(DYNAMODB_LOCAL_SOCKETS);
      expect(await peak(undefined)).toBe(50);
    } finally {
      server.close();
    }
  });
});
