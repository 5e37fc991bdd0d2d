import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayRouteKey } from '../functions/http/router.js';
import { ALL_ROUTES } from '../functions/routes/index.js';
import { DEFAULT_RESERVED_CONCURRENCY, readDeploymentSettings } from '../lib/deployment-settings.js';
import { ROUTE_GROUP_OF_AREA } from '../lib/route-groups.js';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack({ bundle: false });
});

type Resource = { Properties: Record<string, any>; DependsOn?: string[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

const workerMapping = (fx: GmsFixture) => {
  const worker = logicalIdOf(fx.stack.workers.callbackWorker);
  const mappings = Object.values(fx.template.findResources('AWS::Lambda::EventSourceMapping')) as Resource[];
  const mine = mappings.filter((m) => JSON.stringify(m.Properties.FunctionName).includes(`"${worker}"`));
  expect(mine).toHaveLength(1);
  return mine[0]!;
};

const reservedOf = (fx: GmsFixture) =>
  Object.fromEntries(
    Object.entries(fx.stack.functions).map(([id, fn]) => [
      id,
      (fx.template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)] as Resource).Properties
        .ReservedConcurrentExecutions as number | undefined,
    ]),
  );

const httpStage = (fx: GmsFixture) =>
  fx.template.findResources('AWS::ApiGatewayV2::Stage')[logicalIdOf(fx.stack.api.stage)] as Resource;

describe('worker concurrency', () => {
  it('caps the work queue event source at 100 concurrent invocations by default', () => {
    expect(workerMapping(f).Properties.ScalingConfig).toEqual({ MaximumConcurrency: 100 });
  });

  it('takes workerMaxConcurrency from context', () => {
    const custom = synthGmsStack({ bundle: false, context: { workerMaxConcurrency: 20 } });
    expect(workerMapping(custom).Properties.ScalingConfig).toEqual({ MaximumConcurrency: 20 });
  });
});

describe('reserved concurrency', () => {
  it('reserves the defaults for the public service and callback APIs and the tick, nothing else', () => {
    const reserved = reservedOf(f);
    for (const [id, n] of Object.entries(reserved)) {
      expect([id, n]).toEqual([
        id,
        DEFAULT_RESERVED_CONCURRENCY[id as keyof typeof DEFAULT_RESERVED_CONCURRENCY],
      ]);
    }
    expect(reserved.service).toBe(50);
    expect(reserved['scheduler-tick']).toBe(2);
  });

  it('takes reservedConcurrency from context; {} reserves none', () => {
    const custom = reservedOf(
      synthGmsStack({ bundle: false, context: { reservedConcurrency: '{"agent":7,"callback-worker":30}' } }),
    );
    expect(Object.entries(custom).filter(([, n]) => n !== undefined)).toEqual(
      expect.arrayContaining([
        ['agent', 7],
        ['callback-worker', 30],
      ]),
    );
    expect(Object.values(custom).filter((n) => n !== undefined)).toHaveLength(2);
    const none = reservedOf(synthGmsStack({ bundle: false, context: { reservedConcurrency: {} } }));
    expect(Object.values(none).filter((n) => n !== undefined)).toEqual([]);
  });
});

describe('throttles per route group', () => {
  it('gives every public service route and every management route its own limits', () => {
    const stage = httpStage(f);
    const settings = stage.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    for (const route of ALL_ROUTES) {
      const group = ROUTE_GROUP_OF_AREA[route.area];
      const key = apiGatewayRouteKey(route);
      if (group === 'service')
        expect([key, settings[key]]).toEqual([
          key,
          { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 },
        ]);
      else if (group === 'admin')
        expect([key, settings[key]]).toEqual([key, { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }]);
      else expect([key, settings[key]]).toEqual([key, undefined]);
    }
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 100,
      ThrottlingBurstLimit: 200,
    });
    expect(settings['POST /genesys/1/admin/login']).toEqual({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
  });

  it('deploys the stage after the routes its settings name', () => {
    const routeIds = Object.entries(f.template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, r]) => JSON.stringify(r.Properties.ApiId).includes(logicalIdOf(f.stack.api.httpApi)))
      .map(([id]) => id);
    expect(routeIds.length).toBeGreaterThan(10);
    expect(httpStage(f).DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('takes the group limits from context', () => {
    const custom = httpStage(
      synthGmsStack({
        bundle: false,
        context: { adminThrottleRateLimit: 3, adminThrottleBurstLimit: 6, serviceThrottleRateLimit: 500 },
      }),
    ).Properties.RouteSettings as Record<string, unknown>;
    expect(custom['POST /genesys/1/admin/login']).toEqual({
      ThrottlingRateLimit: 3,
      ThrottlingBurstLimit: 6,
    });
    const service = ALL_ROUTES.find((r) => r.area === 'service')!;
    expect(custom[apiGatewayRouteKey(service)]).toEqual({
      ThrottlingRateLimit: 500,
      ThrottlingBurstLimit: 2000,
    });
  });
});

describe('concurrency settings', () => {
  const settings = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }));

  it.each([
    [{ workerMaxConcurrency: 1 }, /workerMaxConcurrency' must be an integer from 2 to 1000/],
    [{ workerMaxConcurrency: 'lots' }, /workerMaxConcurrency/],
    [{ reservedConcurrency: 'service=5' }, /reservedConcurrency' must be a JSON object/],
    [{ reservedConcurrency: '{"nosuch":5}' }, /unknown function 'nosuch'/],
    [{ reservedConcurrency: '{"service":0}' }, /reservedConcurrency.service' must be an integer from 1/],
    [{ adminThrottleRateLimit: -2 }, /adminThrottleRateLimit/],
  ])('rejects %j', (context, message) => {
    expect(() => settings(context)).toThrow(message);
  });
});
