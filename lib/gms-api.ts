import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  CfnStage,
  type ThrottleSettings,
  type WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Area } from '../functions/http/route-spec.js';
import { apiGatewayRouteKey } from '../functions/http/router.js';
import { ALL_ROUTES, AREAS } from '../functions/routes/index.js';
import { ORIGIN_VERIFY_ENV } from '../functions/runtime-config.js';
import { FUNCTION_PERMISSIONS } from './area-permissions.js';
import { bindPermissions } from './bind-permissions.js';
import { RegionalDomain, apiHost } from './custom-domain.js';
import type { DomainSettings } from './deployment-settings.js';
import type { GmsData } from './gms-data.js';
import { GmsFunction } from './gms-function.js';
import { handlerEntry } from './project-paths.js';
import type { Throttle } from './deployment-settings.js';
import { ROUTE_GROUP_OF_AREA, type RouteGroup } from './route-groups.js';

export interface GmsApiProps {
  data: GmsData;
  /** The stage the functions that push are bound to. */
  webSocketStage: WebSocketStage;
  /** What push clients connect to (`_comet_url`), when not the stage's own URL. */
  webSocketUrl?: string;
  /** Origins browsers may call the API from (CORS); none: no CORS preflight answers at all. */
  allowedOrigins: string[];
  /** The custom domain: the API then also answers on `https://api.<domain>/`. */
  domain?: DomainSettings;
  /** CloudFront's origin header values the functions accept (comma-separated); unset: no check. */
  originVerify?: string;
  /** Stage-wide default throttling. */
  throttle: Required<ThrottleSettings>;
  /** Per route group, over the stage default (`lib/route-groups.ts`). */
  routeThrottles?: Record<RouteGroup, Throttle>;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

const HTTP_METHODS: Record<string, HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  DELETE: HttpMethod.DELETE,
};

/** Splits `apiGatewayRouteKey`'s `METHOD /path` into its parts. */
function parseRouteKey(key: string): { method: HttpMethod; path: string } {
  const [method = '', path = ''] = key.split(' ');
  const httpMethod = HTTP_METHODS[method];
  if (!httpMethod || !path.startsWith('/')) throw new Error(`Unexpected route key '${key}'.`);
  return { method: httpMethod, path };
}

/**
 * The stateless HTTP side: one Lambda function per area, and the HTTP API routing every route
 * of `ALL_ROUTES` to its area's function (and the `$default` route to the system function) on a
 * `$default` stage with access logs and throttling.
 * Authentication happens in the functions (the same code runs locally), not in API Gateway.
 */
export class GmsApi extends Construct {
  readonly functions: Readonly<Record<Area, GmsFunction>>;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** `api.<domain>`, when there is a custom domain and the API answers outside CloudFront. */
  readonly customDomain?: RegionalDomain;

  constructor(scope: Construct, id: string, props: GmsApiProps) {
    super(scope, id);

    const functions = {} as Record<Area, GmsFunction>;
    for (const area of AREAS) {
      const permissions = FUNCTION_PERMISSIONS[area];
      const fn = new GmsFunction(this, `${capitalize(area)}Function`, {
        entry: handlerEntry(area),
        description: permissions.description,
        logLevel: props.logLevel,
      });
      functions[area] = bindPermissions(fn, permissions, props);
      if (props.originVerify) fn.addEnvironment(ORIGIN_VERIFY_ENV, props.originVerify);
    }
    this.functions = functions;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-gms`,
      description: 'Genesys Mobile Services 8.5 compatible API',
      createDefaultStage: false,
      // The UI needs no CORS: CloudFront serves it and the API on one origin. Other browser apps
      // only get answers for the origins a deployment lists (`*` only when asked for).
      corsPreflight:
        props.allowedOrigins.length === 0
          ? undefined
          : {
              allowOrigins: props.allowedOrigins,
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.DELETE,
              ],
              // `gms_user` identifies the app user on GMS requests; credentials travel in Authorization, not cookies.
              // `idempotency-key` lets a browser app retry a create safely; the replay marker is readable.
              // `x-api-key` carries a locked-down public API's key (admin/server, service `api_key`).
              allowHeaders: [
                'authorization',
                'content-type',
                'gms_user',
                'cache-control',
                'x-requested-with',
                'idempotency-key',
                'x-api-key',
              ],
              exposeHeaders: ['idempotent-replayed', 'retry-after'],
              maxAge: Duration.hours(1),
            },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    this.stage = stage;
    if (props.domain) {
      this.customDomain = new RegionalDomain(this, 'Domain', {
        host: apiHost(props.domain),
        certificateArn: props.domain.certificateArn,
        api: this.httpApi,
        stage: this.stage,
      });
    }

    const integrations = {} as Record<Area, HttpLambdaIntegration>;
    for (const area of AREAS) {
      // One invoke permission per function for this API, rather than one per route: the admin
      // function alone serves two dozen routes and the resource policy size is limited.
      integrations[area] = new HttpLambdaIntegration(`${capitalize(area)}Integration`, functions[area], {
        scopePermissionToRoute: false,
      });
    }

    const routes = new Construct(this, 'Routes');
    const seen = new Set<string>();
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of ALL_ROUTES) {
      const key = apiGatewayRouteKey(route);
      if (seen.has(key)) throw new Error(`Two routes share the API Gateway route key '${key}'.`);
      seen.add(key);
      const group = ROUTE_GROUP_OF_AREA[route.area];
      const limits = group && props.routeThrottles?.[group];
      if (limits) {
        routeSettings[key] = {
          ThrottlingRateLimit: limits.rateLimit,
          ThrottlingBurstLimit: limits.burstLimit,
        };
      }
      const { method, path } = parseRouteKey(key);
      // The construct id is the route key, so a route keeps its logical id when others are added
      // or removed (a replaced route would collide with itself on deployment).
      new HttpRoute(routes, key, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(path, method),
        integration: integrations[route.area],
      });
    }
    // Everything no route key matches (unknown paths, known paths with another method) goes to the
    // system function, which answers GMS's 404/405 body, as the local server does; without it API
    // Gateway would answer its own `{"message":"Not Found"}` and never a 405. CORS preflights are
    // still answered by API Gateway itself.
    new HttpRoute(routes, '$default', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrations.system,
    });
    if (Object.keys(routeSettings).length > 0) {
      // HttpStage has no per-route throttle property; CloudFormation's RouteSettings is keyed by route key.
      (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
      // A stage naming a route key that does not exist yet fails to deploy.
      stage.node.addDependency(routes);
    }
    Validations.of(routes).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is done in the Lambda functions, identically in AWS and in local mode: management and ' +
        'admin/node routes require HTTP Basic or a bearer token checked against users and roles; the GMS public ' +
        'routes (service, storage, patterns, login, health) are unauthenticated by design, as in GMS 8.5, so that ' +
        'existing mobile clients work unchanged.',
    });
  }

  /** `https://api.<domain>/` with a custom domain, else `https://<api-id>.execute-api.<region>.amazonaws.com/`. */
  get url(): string {
    return this.customDomain ? `https://${this.customDomain.host}/` : this.stage.url;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
