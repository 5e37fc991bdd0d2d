import { beforeAll, describe, expect, it } from 'vitest';
import { COMETD_HOLD_ENV, COMETD_INTERVAL_ENV } from '../functions/runtime-config.js';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

/** Issue 10: CometD on both APIs, long-polling timing as deployment settings. */
let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack({ bundle: false });
});

type Resource = { Properties: Record<string, unknown> };

const ofApi = (type: string, apiLogicalId: string) =>
  Object.entries(f.template.findResources(type)).filter(
    ([, r]) => JSON.stringify(r.Properties.ApiId) === JSON.stringify({ Ref: apiLogicalId }),
  ) as [string, Resource][];

/** The logical id of the function the route's integration invokes. */
function functionOfRoute(route: Resource): string {
  const target = JSON.stringify(route.Properties.Target);
  const integrations = f.template.findResources('AWS::ApiGatewayV2::Integration');
  const [, integration] = Object.entries(integrations).find(([id]) => target.includes(`{"Ref":"${id}"}`))!;
  return JSON.stringify(integration.Properties.IntegrationUri).match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/)![1]!;
}

const environmentOf = (fixture: GmsFixture, functionLogicalId: string) =>
  (
    fixture.template.findResources('AWS::Lambda::Function')[functionLogicalId]!.Properties.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;

describe('CometD routes', () => {
  it('the HTTP API sends POST /genesys/cometd and its typed sub-paths to the session function', () => {
    const routes = ofApi('AWS::ApiGatewayV2::Route', logicalIdOf(f.stack.api.httpApi)).map(([, r]) => r);
    const session = logicalIdOf(f.stack.functions.session!);
    // API Gateway names path variables by position (functions/http/router.ts): {type} is {p2}.
    for (const key of ['POST /genesys/cometd', 'POST /genesys/cometd/{p2}']) {
      const route = routes.find((r) => r.Properties.RouteKey === key);
      expect(route, key).toBeDefined();
      expect(functionOfRoute(route!), key).toBe(session);
    }
  });

  it("the WebSocket API's $default route (which takes Bayeux arrays) goes to the websocket function", () => {
    const routes = ofApi('AWS::ApiGatewayV2::Route', logicalIdOf(f.stack.webSocket.api)).map(([, r]) => r);
    const route = routes.find((r) => r.Properties.RouteKey === '$default');
    expect(route).toBeDefined();
    expect(functionOfRoute(route!)).toBe(logicalIdOf(f.stack.webSocket.function));
  });
});

describe('CometD long-polling settings', () => {
  it('default: the session function holds a connect 2 s and advises a 1 s interval', () => {
    const env = environmentOf(f, logicalIdOf(f.stack.functions.session!));
    expect(env[COMETD_HOLD_ENV]).toBe('2000');
    expect(env[COMETD_INTERVAL_ENV]).toBe('1000');
  });

  it('cometdLongPollHoldMs / cometdLongPollIntervalMs set them; a hold over 5 s is refused', () => {
    const custom = synthGmsStack({
      bundle: false,
      context: { cometdLongPollHoldMs: '500', cometdLongPollIntervalMs: 0 },
    });
    const env = environmentOf(custom, logicalIdOf(custom.stack.functions.session!));
    expect(env[COMETD_HOLD_ENV]).toBe('500');
    expect(env[COMETD_INTERVAL_ENV]).toBe('0');
    expect(() => synthGmsStack({ bundle: false, context: { cometdLongPollHoldMs: 30_000 } })).toThrow(
      "Context 'cometdLongPollHoldMs' must be an integer from 0 to 5000, not '30000'.",
    );
  });
});
