import { describe, expect, it } from 'vitest';
import {
  globMatches,
  isAllowed,
  resolveStatements,
  resolveValue,
  StackResourceArns,
  type Resources,
} from '../support/iam-policy.js';

const RESOURCES: Resources = {
  Calls: { Type: 'AWS::DynamoDB::Table' },
  Users: { Type: 'AWS::DynamoDB::Table' },
  Work: { Type: 'AWS::SQS::Queue' },
  Signing: { Type: 'AWS::SecretsManager::Secret' },
  Api: { Type: 'AWS::ApiGatewayV2::Api' },
  Fn: {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Environment: {
        Variables: {
          TABLE_CALLBACKS: { Ref: 'Calls' },
          TABLE_CONFIG: { Ref: 'Users' },
          WORK_QUEUE_URL: { Ref: 'Work' },
          GMS_PUSH_HMAC_SECRET_ID: { Ref: 'Signing' },
          WEBSOCKET_MANAGEMENT_URL: {
            'Fn::Join': [
              '',
              [
                'https://',
                { Ref: 'Api' },
                '.execute-api.',
                { Ref: 'AWS::Region' },
                '.',
                { Ref: 'AWS::URLSuffix' },
                '/live',
              ],
            ],
          },
        },
      },
    },
  },
};
const arns = new StackResourceArns(RESOURCES);
const tableArn = { 'Fn::GetAtt': ['Calls', 'Arn'] };

describe('IAM evaluator of the coverage test', () => {
  it('resolves Ref, Fn::GetAtt and Fn::Join as deployed', () => {
    expect(resolveValue({ 'Fn::Join': ['', [tableArn, '/index/*']] }, RESOURCES)).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/Calls/index/*',
    );
    expect(resolveValue({ Ref: 'Signing' }, RESOURCES)).toBe(
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:Signing',
    );
    expect(() => resolveValue({ 'Fn::Sub': 'x' }, RESOURCES)).toThrow(/Cannot resolve/);
  });

  it('matches IAM wildcards, actions case-insensitively', () => {
    expect(globMatches('arn:aws:x:*/index/*', 'arn:aws:x:t/index/due')).toBe(true);
    expect(globMatches('a?c', 'abc')).toBe(true);
    expect(globMatches('a.c', 'abc')).toBe(false);
    expect(globMatches('dynamodb:getitem', 'dynamodb:GetItem', true)).toBe(true);
  });

  it('maps recorded resources to the ARNs of the stack, unknown ones to nothing', () => {
    expect(arns.arnOf({ kind: 'table', table: 'callbacks', index: 'due' })).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/Calls/index/due',
    );
    expect(arns.arnOf({ kind: 'queue', queue: 'work' })).toBe('arn:aws:sqs:us-east-1:123456789012:Work');
    expect(arns.arnOf({ kind: 'queue', queue: 'work-dead-letters' })).toBeUndefined();
    expect(arns.arnOf({ kind: 'websocket-connection', method: 'POST' })).toBe(
      'arn:aws:execute-api:us-east-1:123456789012:Api/live/POST/@connections/recorded-connection',
    );
    expect(arns.arnOf({ kind: 'unknown', service: 'sqs', name: 'x' })).toBeUndefined();
  });

  it('allows a table grant on the table, an index only through /index/*', () => {
    const statements = resolveStatements(
      [{ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: tableArn }],
      RESOURCES,
    );
    const table = arns.arnOf({ kind: 'table', table: 'callbacks' })!;
    const index = arns.arnOf({ kind: 'table', table: 'callbacks', index: 'due' })!;
    expect(isAllowed(statements, 'dynamodb:Query', table)).toBe(true);
    expect(isAllowed(statements, 'dynamodb:Query', index)).toBe(false);
    expect(isAllowed(statements, 'dynamodb:PutItem', table)).toBe(false);
  });

  it('holds dynamodb:LeadingKeys conditions, and refuses a request without the key', () => {
    const statements = resolveStatements(
      [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: { 'Fn::GetAtt': ['Users', 'Arn'] },
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['server'] } },
        },
      ],
      RESOURCES,
    );
    const config = arns.arnOf({ kind: 'table', table: 'config' })!;
    expect(isAllowed(statements, 'dynamodb:GetItem', config, { 'dynamodb:LeadingKeys': ['server'] })).toBe(
      true,
    );
    expect(isAllowed(statements, 'dynamodb:GetItem', config, { 'dynamodb:LeadingKeys': ['user'] })).toBe(
      false,
    );
    expect(
      isAllowed(statements, 'dynamodb:Query', config, { 'dynamodb:LeadingKeys': ['server', 'user'] }),
    ).toBe(false);
    expect(isAllowed(statements, 'dynamodb:Query', config)).toBe(false);
  });

  it('lets an explicit Deny win and refuses unknown condition operators', () => {
    const table = arns.arnOf({ kind: 'table', table: 'callbacks' })!;
    const allow = { Effect: 'Allow', Action: 'dynamodb:*', Resource: tableArn };
    const deny = { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' };
    const both = resolveStatements([allow, deny], RESOURCES);
    expect(isAllowed(both, 'dynamodb:GetItem', table)).toBe(true);
    expect(isAllowed(both, 'dynamodb:DeleteItem', table)).toBe(false);
    const odd = resolveStatements(
      [{ ...allow, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } } }],
      RESOURCES,
    );
    expect(isAllowed(odd, 'dynamodb:GetItem', table, { 'aws:CurrentTime': ['2026-01-01'] })).toBe(false);
  });
});
