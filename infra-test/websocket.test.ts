import { beforeAll, describe, expect, it } from 'vitest';
import { WEBSOCKET_ROUTES } from '../lib/gms-websocket.js';
import {
  actionsOf,
  logicalIdOf,
  statementsOfRole,
  synthGmsStack,
  type GmsFixture,
} from './gms-stack-fixture.js';

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack();
});

const apiId = () => logicalIdOf(f.stack.webSocket.api);
const fnId = () => logicalIdOf(f.stack.webSocket.function);
const ofWebSocketApi = (type: string) =>
  Object.values(f.template.findResources(type)).filter(
    (r) => JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: apiId() }),
  );

describe('WebSocket API', () => {
  it('is a WebSocket API routing on the message action', () => {
    const api = f.template.findResources('AWS::ApiGatewayV2::Api')[apiId()]!;
    expect(api.Properties.ProtocolType).toBe('WEBSOCKET');
    expect(api.Properties.RouteSelectionExpression).toBe('$request.body.action');
  });

  it('has exactly the $connect, $disconnect and $default routes', () => {
    const keys = ofWebSocketApi('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey as string);
    expect(keys.sort()).toEqual(['$connect', '$default', '$disconnect']);
    expect([...WEBSOCKET_ROUTES].sort()).toEqual(keys);
  });

  it('sends every route to the websocket function as a Lambda proxy', () => {
    const integrations = ofWebSocketApi('AWS::ApiGatewayV2::Integration');
    expect(integrations.length).toBeGreaterThan(0);
    for (const i of integrations) {
      expect(i.Properties.IntegrationType).toBe('AWS_PROXY');
      expect(JSON.stringify(i.Properties.IntegrationUri)).toContain(`{"Fn::GetAtt":["${fnId()}","Arn"]}`);
    }
    const integrationIds = Object.entries(f.template.findResources('AWS::ApiGatewayV2::Integration'))
      .filter(([, r]) => JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: apiId() }))
      .map(([id]) => id);
    for (const route of ofWebSocketApi('AWS::ApiGatewayV2::Route')) {
      const target = JSON.stringify(route.Properties.Target);
      expect(
        integrationIds.some((id) => target.includes(`{"Ref":"${id}"}`)),
        route.Properties.RouteKey,
      ).toBe(true);
    }
  });

  it('lets API Gateway invoke the websocket function from this API only', () => {
    const permissions = Object.values(f.template.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [fnId(), 'Arn'] }),
    );
    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) {
      expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(p.Properties.SourceArn)).toContain(`{"Ref":"${apiId()}"}`);
    }
  });

  it('has one auto-deployed stage "live", throttled and access-logged as JSON', () => {
    const stages = ofWebSocketApi('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]!.Properties;
    expect(stage.StageName).toBe('live');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    const destination = stage.AccessLogSettings.DestinationArn as { 'Fn::GetAtt': [string, string] };
    expect(destination['Fn::GetAtt'][0]).toBe(logicalIdOf(f.stack.webSocket.accessLogs));
    const group = f.template.findResources('AWS::Logs::LogGroup')[destination['Fn::GetAtt'][0]];
    expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
    const format = JSON.parse(stage.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      eventType: '$context.eventType',
      routeKey: '$context.routeKey',
      connectionId: '$context.connectionId',
      status: '$context.status',
    });
  });

  it('outputs the wss URL of the live stage', () => {
    const value = JSON.stringify(f.template.findOutputs('WebSocketUrl').WebSocketUrl?.Value);
    expect(value).toMatch(/^\{"Fn::Join":\["",\["wss:\/\/",/);
    expect(value).toContain(`{"Ref":"${apiId()}"}`);
    expect(value).toMatch(/\/live"\]\]\}$/);
  });
});

describe('API Gateway account logging role', () => {
  const stageResource = () =>
    Object.values(f.template.findResources('AWS::ApiGatewayV2::Stage')).find(
      (r) => JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: apiId() }),
    )!;

  it('is set before the WebSocket stage, which cannot log without it', () => {
    const accounts = Object.entries(f.template.findResources('AWS::ApiGateway::Account'));
    expect(accounts).toHaveLength(1);
    const [accountId, account] = accounts[0]!;
    expect(stageResource().DependsOn).toContain(accountId);
    const roleId = (account.Properties.CloudWatchRoleArn as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const role = f.template.findResources('AWS::IAM::Role')[roleId]!;
    // The account setting outlives the stack: the role must too.
    expect(role.DeletionPolicy).toBe('Retain');
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'apigateway.amazonaws.com',
    });
    expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    for (const s of statementsOfRole(f.template, roleId)) {
      for (const a of actionsOf(s)) expect(a).toMatch(/^logs:/);
    }
  });

  it('can be left to an account that already has one', () => {
    const without = synthGmsStack({ bundle: false, context: { apiGatewayCloudWatchRole: false } });
    without.template.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(without.stack.apiGatewayLoggingRole).toBeUndefined();
    const stage = Object.values(without.template.findResources('AWS::ApiGatewayV2::Stage')).find(
      (r) => r.Properties.StageName === 'live',
    )!;
    expect(stage.DependsOn ?? []).toEqual([]);
    expect(stage.Properties.AccessLogSettings).toBeDefined();
  });
});
