import { describe, expect, it } from 'vitest';
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
    });
    expect(
      endpointConnection('http://127.0.0.1:8000', { AWS_ACCESS_KEY_ID: 'k', AWS_REGION: 'eu-west-2' }),
    ).toEqual({ region: 'eu-west-2', dynamodbCredentials: 'environment' });
  });
});
