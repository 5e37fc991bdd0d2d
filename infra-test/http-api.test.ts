import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayRouteKey } from '../functions/http/router.js';
import { ALL_ROUTES, AREAS } from '../functions/routes/index.js';
import { readDeploymentSettings } from '../lib/deployment-settings.js';
import { App } from 'aws-cdk-lib';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack();
});

interface RouteResource {
  Properties: {
    RouteKey: string;
    Target: { 'Fn::Join': [string, unknown[]] };
    AuthorizationType?: string;
    ApiId: unknown;
  };
}

/** Resources of one type that belong to the HTTP API (the WebSocket API has routes and a stage too). */
const ofHttpApi = (type: string) =>
  Object.entries(f.template.findResources(type)).filter(
    ([, r]) =>
      JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: logicalIdOf(f.stack.api.httpApi) }),
  );
const routes = () => ofHttpApi('AWS::ApiGatewayV2::Route').map(([, r]) => r) as RouteResource[];
const routeByKey = (key: string) => routes().find((r) => r.Properties.RouteKey === key);

/** The logical id of the integration a route targets (`integrations/<id>`). */
function integrationOf(route: RouteResource): string {
  const parts = route.Properties.Target['Fn::Join'][1];
  const ref = parts.find((p): p is { Ref: string } => typeof p === 'object' && p !== null && 'Ref' in p);
  expect(parts[0]).toBe('integrations/');
  return ref!.Ref;
}

/** The logical id of the function an integration invokes. */
function functionOf(integrationLogicalId: string): string {
  const integration = f.template.findResources('AWS::ApiGatewayV2::Integration')[integrationLogicalId]!;
  const uri = integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
  return uri['Fn::GetAtt'][0];
}

describe('HTTP API routes', () => {
  it('has one route per entry of ALL_ROUTES, plus $default', () => {
    expect(routes()).toHaveLength(ALL_ROUTES.length + 1);
    expect(new Set(routes().map((r) => r.Properties.RouteKey)).size).toBe(ALL_ROUTES.length + 1);
  });

  it('sends $default (unknown paths, wrong methods) to the system function, which answers 404/405', () => {
    const fallback = routeByKey('$default');
    expect(fallback).toBeDefined();
    expect(fallback!.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(functionOf(integrationOf(fallback!))).toBe(logicalIdOf(f.stack.api.functions.system));
  });

  it.each(ALL_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s goes to its area function',
    (_name, route) => {
      const key = apiGatewayRouteKey(route);
      const resource = routeByKey(key);
      expect(resource, key).toBeDefined();
      expect(resource!.Properties.ApiId).toEqual({ Ref: logicalIdOf(f.stack.api.httpApi) });
      expect(functionOf(integrationOf(resource!))).toBe(logicalIdOf(f.stack.api.functions[route.area]));
    },
  );

  it('keeps the static segments of every route path', () => {
    for (const route of ALL_ROUTES) {
      const [method, path] = apiGatewayRouteKey(route).split(' ') as [string, string];
      expect(method).toBe(route.method);
      const deployed = path.split('/');
      const declared = route.path.split('/');
      expect(deployed.length).toBe(declared.length);
      deployed.forEach((segment, i) => {
        if (segment.startsWith('{')) expect(declared[i]).toMatch(/^\{.+\}$/);
        else expect(segment).toBe(declared[i]);
      });
    }
  });

  it('never has two variables with different names at one level of the path tree', () => {
    // API Gateway rejects `/a/{x}` next to `/a/{y}`: walk the deployed keys as a tree.
    interface Node {
      children: Map<string, Node>;
    }
    const root: Node = { children: new Map() };
    for (const r of routes()) {
      if (r.Properties.RouteKey === '$default') continue;
      const path = r.Properties.RouteKey.split(' ')[1]!;
      let node = root;
      for (const segment of path.split('/').filter(Boolean)) {
        if (!node.children.has(segment)) node.children.set(segment, { children: new Map() });
        node = node.children.get(segment)!;
      }
    }
    const conflicts: string[] = [];
    const walk = (node: Node, at: string) => {
      const variables = [...node.children.keys()].filter((s) => s.startsWith('{'));
      if (variables.length > 1) conflicts.push(`${at || '/'}: ${variables.join(', ')}`);
      for (const [segment, child] of node.children) walk(child, `${at}/${segment}`);
    };
    walk(root, '');
    expect(conflicts).toEqual([]);
  });

  it('lets every route through to the function, which authenticates', () => {
    for (const r of routes()) expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
  });

  it('integrates each area once, as a Lambda proxy with payload format 2.0', () => {
    const integrations = ofHttpApi('AWS::ApiGatewayV2::Integration').map(([, r]) => r);
    expect(integrations).toHaveLength(AREAS.length);
    for (const i of integrations) {
      expect(i.Properties.IntegrationType).toBe('AWS_PROXY');
      expect(i.Properties.PayloadFormatVersion).toBe('2.0');
    }
  });

  it.each(AREAS.map((a) => [a]))('lets API Gateway invoke the %s function from this API only', (area) => {
    const fnId = logicalIdOf(f.stack.api.functions[area]);
    const permissions = Object.values(f.template.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
    );
    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) {
      expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(JSON.stringify(p.Properties.SourceArn)).toContain(
        `{"Ref":"${logicalIdOf(f.stack.api.httpApi)}"}`,
      );
    }
  });
});

describe('HTTP API stage and CORS', () => {
  it('has a single auto-deployed $default stage, throttled and access-logged as JSON', () => {
    const stages = ofHttpApi('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]![1].Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    const destination = stage.AccessLogSettings.DestinationArn as { 'Fn::GetAtt': [string, string] };
    const group = f.template.findResources('AWS::Logs::LogGroup')[destination['Fn::GetAtt'][0]];
    expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
    const format = JSON.parse(stage.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(format.routeKey).toBe('$context.routeKey');
    expect(format.status).toBe('$context.status');
  });

  it('answers no CORS preflight by default: the UI shares the CloudFront origin with the API', () => {
    const api = f.template.toJSON().Resources[logicalIdOf(f.stack.api.httpApi)];
    expect(api.Properties.ProtocolType).toBe('HTTP');
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });

  it('allows any origin only when allowedOrigins is exactly *', () => {
    const any = synthGmsStack({ bundle: false, context: { allowedOrigins: '*' } });
    any.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['*'] }),
    });
  });

  it('answers CORS preflight for the listed origins and the headers GMS clients send', () => {
    const listed = synthGmsStack({ bundle: false, context: { allowedOrigins: ['https://app.example'] } });
    listed.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://app.example'],
        AllowMethods: Match.arrayWith(['GET', 'POST', 'PUT', 'DELETE']),
        AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'gms_user']),
      }),
    });
  });

  it('lets browser apps send Idempotency-Key and read the replay marker', () => {
    const listed = synthGmsStack({ bundle: false, context: { allowedOrigins: ['https://app.example'] } });
    listed.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowHeaders: Match.arrayWith(['idempotency-key', 'x-api-key']),
        ExposeHeaders: Match.arrayWith(['idempotent-replayed', 'retry-after']),
      }),
    });
  });

  it('outputs the API URL of the stage', () => {
    const outputs = f.template.findOutputs('ApiUrl');
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(`{"Ref":"${logicalIdOf(f.stack.api.httpApi)}"}`);
  });

  it('takes origins and throttling from context', () => {
    const custom = synthGmsStack({
      bundle: false,
      context: {
        allowedOrigins: 'https://a.example, https://b.example',
        throttleRateLimit: 5,
        throttleBurstLimit: 10,
      },
    });
    custom.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://a.example', 'https://b.example'] }),
    });
    custom.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  });
});

describe('deployment settings', () => {
  const settings = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }));

  it('defaults to no extra origin, 100 rps / 200 burst (service routes 1000/2000, admin 20/40), worker concurrency 100, reservations, INFO, and setting the API Gateway logging role', () => {
    expect(settings({})).toMatchObject({
      allowedOrigins: [],
      throttle: { rateLimit: 100, burstLimit: 200 },
      routeThrottles: {
        service: { rateLimit: 1000, burstLimit: 2000 },
        admin: { rateLimit: 20, burstLimit: 40 },
      },
      workerMaxConcurrency: 100,
      reservedConcurrency: { service: 50, callback: 50, 'scheduler-tick': 2 },
      logLevel: 'INFO',
      apiGatewayCloudWatchRole: true,
      tableNames: {},
      alarmEmails: [],
    });
  });

  it.each([
    [false, false],
    ['false', false],
    ['true', true],
  ])('reads apiGatewayCloudWatchRole %j as %j', (value, expected) => {
    expect(settings({ apiGatewayCloudWatchRole: value }).apiGatewayCloudWatchRole).toBe(expected);
  });

  it('accepts a JSON array of origins', () => {
    expect(settings({ allowedOrigins: ['https://ui.example'] }).allowedOrigins).toEqual([
      'https://ui.example',
    ]);
  });

  it.each([
    [{ allowedOrigins: '' }],
    [{ throttleRateLimit: 'fast' }],
    [{ throttleBurstLimit: -1 }],
    [{ logLevel: 'LOUD' }],
    [{ apiGatewayCloudWatchRole: 'maybe' }],
  ])('rejects %j', (context) => {
    expect(() => settings(context)).toThrow(/Context '/);
  });
});
