import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../functions/http/origin-verify.js';
import { ORIGIN_VERIFY_ENV } from '../functions/runtime-config.js';
import { readDeploymentSettings } from '../lib/deployment-settings.js';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const UI_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000';
const DOMAIN = { domainName: 'gms.example.com', certificateArn: CERT, uiCertificateArn: UI_CERT };
const EXISTING_ACL =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/platform-edge/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

type Resource = { Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const one = (template: Template, type: string): Resource => {
  const all = Object.values(template.findResources(type)) as Resource[];
  expect(all).toHaveLength(1);
  return all[0]!;
};
const distributionConfig = (template: Template) =>
  one(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
const apiOrigin = (template: Template) => {
  const config = distributionConfig(template);
  const behavior = config.CacheBehaviors.find(
    (b: { PathPattern: string }) => b.PathPattern === 'genesys/1/*',
  );
  return config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
};
const httpFunctions = (f: GmsFixture) =>
  Object.values(f.stack.api.functions).map(
    (fn) => f.template.toJSON().Resources[logicalIdOf(fn)] as Resource,
  );

describe('custom domain', () => {
  let f: GmsFixture;
  beforeAll(() => {
    f = synthGmsStack({ bundle: false, context: DOMAIN });
  });

  it('gives CloudFront the domain as an alias with the us-east-1 certificate and TLS 1.2', () => {
    expect(distributionConfig(f.template)).toMatchObject({
      Aliases: ['gms.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: UI_CERT,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      },
    });
  });

  it('maps api.<domain> to the HTTP API stage and ws.<domain> to the WebSocket stage, with the regional certificate', () => {
    const domains = f.template.findResources('AWS::ApiGatewayV2::DomainName');
    const byName = Object.fromEntries(
      Object.entries(domains).map(([id, d]) => [d.Properties.DomainName as string, { id, d }]),
    );
    expect(Object.keys(byName).sort()).toEqual(['api.gms.example.com', 'ws.gms.example.com']);
    for (const { d } of Object.values(byName)) {
      expect(d.Properties.DomainNameConfigurations).toEqual([
        { CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
      ]);
    }
    const mappings = Object.values(f.template.findResources('AWS::ApiGatewayV2::ApiMapping'));
    const mappingOf = (host: string) =>
      mappings.find((m) => m.Properties.DomainName.Ref === byName[host]!.id)!;
    const api = mappingOf('api.gms.example.com');
    expect(api.Properties).toMatchObject({
      ApiId: { Ref: logicalIdOf(f.stack.api.httpApi) },
      Stage: '$default',
    });
    // A mapping names its stage by name: it must wait for the stage to exist.
    expect(api.DependsOn).toContain(logicalIdOf(f.stack.api.stage));
    const ws = mappingOf('ws.gms.example.com');
    expect(ws.Properties).toMatchObject({
      ApiId: { Ref: logicalIdOf(f.stack.webSocket.api) },
      Stage: 'live',
    });
    expect(ws.DependsOn).toContain(logicalIdOf(f.stack.webSocket.stage));
  });

  it('gives apps the custom URLs: outputs and the _comet_url the functions hand out', () => {
    const outputs = f.template.toJSON().Outputs;
    expect(outputs.UiUrl.Value).toBe('https://gms.example.com/genesys/');
    expect(outputs.ApiUrl.Value).toBe('https://api.gms.example.com/');
    expect(outputs.WebSocketUrl.Value).toBe('wss://ws.gms.example.com');
    expect(outputs.DnsTargetUi.Value).toEqual({
      'Fn::GetAtt': [logicalIdOf(f.stack.ui.distribution), 'DomainName'],
    });
    expect(JSON.stringify(outputs.DnsTargetApi.Value)).toContain('RegionalDomainName');
    expect(JSON.stringify(outputs.DnsTargetWebSocket.Value)).toContain('RegionalDomainName');
    const pushing = Object.values(f.template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.WEBSOCKET_URL !== undefined,
    );
    expect(pushing.length).toBeGreaterThan(0);
    for (const fn of pushing)
      expect(fn.Properties.Environment.Variables.WEBSOCKET_URL).toBe('wss://ws.gms.example.com');
  });

  it('answers CORS preflights for the UI domain only by default', () => {
    f.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://gms.example.com'] }),
    });
  });

  it.each([
    [{ domainName: 'gms.example.com' }, /needs 'certificateArn'.*'uiCertificateArn'/],
    [{ domainName: 'gms.example.com', certificateArn: CERT }, /needs 'certificateArn'.*'uiCertificateArn'/],
    [{ ...DOMAIN, uiCertificateArn: CERT }, /'uiCertificateArn' must be a certificate in us-east-1/],
    [{ ...DOMAIN, certificateArn: 'not-an-arn' }, /'certificateArn' must be an ACM certificate ARN/],
    [{ certificateArn: CERT }, /'certificateArn' is only used with 'domainName'/],
    [{ ...DOMAIN, domainName: 'https://gms.example.com/' }, /'domainName' must be a DNS name/],
  ])('refuses %j with a clear message', (context, message) => {
    expect(() => synthGmsStack({ bundle: false, context })).toThrow(message);
  });
});

describe('WAF', () => {
  let f: GmsFixture;
  beforeAll(() => {
    f = synthGmsStack({ bundle: false, context: { waf: true, wafLoginRateLimit: 50 } });
  });

  it('attaches the web ACL created here to the distribution', () => {
    const acl = logicalIdOf(f.stack.webAcl!.acl);
    expect(distributionConfig(f.template).WebACLId).toEqual({ 'Fn::GetAtt': [acl, 'Arn'] });
    expect(one(f.template, 'AWS::WAFv2::WebACL').Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
  });

  it('runs the AWS managed groups, counting (not blocking) bodies over 8 KB', () => {
    const rules = one(f.template, 'AWS::WAFv2::WebACL').Properties.Rules as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const groups = rules.filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(groups.map((r) => r.Statement.ManagedRuleGroupStatement.Name).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    const common = groups.find((r) => r.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    for (const r of rules) expect(r.VisibilityConfig.CloudWatchMetricsEnabled).toBe(true);
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
  });

  it('limits admin/login tightly and the service API more loosely, per address', () => {
    const rules = one(f.template, 'AWS::WAFv2::WebACL').Properties.Rules as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const rate = (name: string) => rules.find((r) => r.Name === name)!;
    expect(rate('AdminLoginRateLimit')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: 50,
          AggregateKeyType: 'IP',
          ScopeDownStatement: {
            ByteMatchStatement: {
              FieldToMatch: { UriPath: {} },
              PositionalConstraint: 'STARTS_WITH',
              SearchString: '/genesys/1/admin/login',
              TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
            },
          },
        },
      },
    });
    expect(rate('ServiceApiRateLimit')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: 2000,
          AggregateKeyType: 'IP',
          ScopeDownStatement: {
            ByteMatchStatement: { PositionalConstraint: 'STARTS_WITH', SearchString: '/genesys/1/service/' },
          },
        },
      },
    });
  });

  it('refuses to deploy outside us-east-1 (template rule)', () => {
    const rules = f.template.toJSON().Rules as Record<string, { Assertions: unknown[] }>;
    const region = Object.values(rules).find((r) => JSON.stringify(r).includes('"AWS::Region"'));
    expect(region?.Assertions).toEqual([
      {
        Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        AssertDescription: expect.stringMatching(/us-east-1.*webAclArn/),
      },
    ]);
  });

  it('attaches an existing web ACL by ARN, creating none and asserting no region', () => {
    const existing = synthGmsStack({ bundle: false, context: { webAclArn: EXISTING_ACL } });
    expect(distributionConfig(existing.template).WebACLId).toBe(EXISTING_ACL);
    existing.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(JSON.stringify(existing.template.toJSON().Rules ?? {})).not.toContain('AWS::Region');
  });

  it('has no web ACL by default', () => {
    const plain = synthGmsStack({ bundle: false });
    plain.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(distributionConfig(plain.template).WebACLId).toBeUndefined();
  });
});

describe('API only through CloudFront', () => {
  let f: GmsFixture;
  beforeAll(() => {
    f = synthGmsStack({ bundle: false, context: { waf: true } });
  });

  it('is on by default with a web ACL: CloudFront sends the generated header value to the API origin', () => {
    const current = logicalIdOf(f.stack.originVerify!.current);
    expect(apiOrigin(f.template).OriginCustomHeaders).toEqual([
      {
        HeaderName: ORIGIN_VERIFY_HEADER,
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: current }, ':SecretString:value::}}']],
        },
      },
    ]);
    f.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'value', ExcludePunctuation: true }),
    });
  });

  it('tells the API the viewer address and host with a viewer-request function on the API behavior', () => {
    const config = distributionConfig(f.template);
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === 'genesys/1/*');
    expect(api.FunctionAssociations).toHaveLength(1);
    expect(api.FunctionAssociations[0].EventType).toBe('viewer-request');
    const fnId = api.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0];
    const code = f.template.toJSON().Resources[fnId].Properties.FunctionCode as string;
    expect(code).toContain(`h['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip }`);
    // URLs the API returns point back at the host the viewer called, not at execute-api.
    expect(code).toContain("h['x-forwarded-host'] = { value: h.host.value }");
  });

  it('gives every HTTP function the value to check, and the ApiUrl output is CloudFront', () => {
    for (const fn of httpFunctions(f)) {
      expect(JSON.stringify(fn.Properties.Environment.Variables[ORIGIN_VERIFY_ENV])).toContain(
        logicalIdOf(f.stack.originVerify!.current),
      );
    }
    expect(f.template.toJSON().Outputs.ApiUrl.Value).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalIdOf(f.stack.ui.distribution), 'DomainName'] }, '/'],
      ],
    });
  });

  it('overlaps the previous value while rotating (originVerifyVersion)', () => {
    const rotating = synthGmsStack({ bundle: false, context: { waf: true, originVerifyVersion: 2 } });
    const { current, previous } = rotating.stack.originVerify!;
    expect(JSON.stringify(apiOrigin(rotating.template).OriginCustomHeaders)).toContain(logicalIdOf(current));
    expect(JSON.stringify(apiOrigin(rotating.template).OriginCustomHeaders)).not.toContain(
      logicalIdOf(previous!),
    );
    for (const fn of httpFunctions(rotating)) {
      const accepted = JSON.stringify(fn.Properties.Environment.Variables[ORIGIN_VERIFY_ENV]);
      expect(accepted).toContain(logicalIdOf(current));
      expect(accepted).toContain(logicalIdOf(previous!));
    }
  });

  it('does not create api.<domain> then (it would only refuse), and the API URL is the domain', () => {
    const withDomain = synthGmsStack({ bundle: false, context: { ...DOMAIN, apiViaCloudFrontOnly: true } });
    const names = Object.values(withDomain.template.findResources('AWS::ApiGatewayV2::DomainName')).map(
      (d) => d.Properties.DomainName,
    );
    expect(names).toEqual(['ws.gms.example.com']);
    expect(withDomain.template.toJSON().Outputs.ApiUrl.Value).toBe('https://gms.example.com/');
  });

  it('is off by default without a web ACL: no header, no check, the execute-api URL', () => {
    const plain = synthGmsStack({ bundle: false });
    expect(apiOrigin(plain.template).OriginCustomHeaders).toBeUndefined();
    const behavior = distributionConfig(plain.template).CacheBehaviors[0];
    expect(behavior.FunctionAssociations).toBeUndefined();
    for (const fn of httpFunctions(plain)) {
      expect(fn.Properties.Environment.Variables[ORIGIN_VERIFY_ENV]).toBeUndefined();
    }
    expect(JSON.stringify(plain.template.toJSON().Outputs.ApiUrl.Value)).toContain(
      logicalIdOf(plain.stack.api.httpApi),
    );
  });
});

describe('edge settings', () => {
  const settings = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }));

  it('defaults to no stage, domain or WAF, the API open outside CloudFront, no extra origins', () => {
    expect(settings({})).toMatchObject({
      allowedOrigins: [],
      apiViaCloudFrontOnly: false,
      originVerifyVersion: 1,
    });
    expect(settings({}).stage).toBeUndefined();
    expect(settings({}).domain).toBeUndefined();
    expect(settings({}).waf).toBeUndefined();
  });

  it('turns the CloudFront-only API on with a web ACL unless told otherwise', () => {
    expect(settings({ webAclArn: EXISTING_ACL }).apiViaCloudFrontOnly).toBe(true);
    expect(settings({ waf: 'true', apiViaCloudFrontOnly: 'false' }).apiViaCloudFrontOnly).toBe(false);
    expect(settings({ waf: true }).waf).toEqual({
      kind: 'create',
      loginRateLimit: 100,
      serviceRateLimit: 2000,
    });
  });

  it.each([
    [{ waf: true, webAclArn: EXISTING_ACL }, /set only one/],
    [{ webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/0a1b' }, /CLOUDFRONT-scope/],
    [{ waf: true, wafLoginRateLimit: 5 }, /from 10 to/],
    [{ wafServiceRateLimit: 100 }, /only used with 'waf=true'/],
    [{ originVerifyVersion: 1.5 }, /whole number/],
    [{ allowedOrigins: '*,https://a.example' }, /exactly '\*'/],
    [{ allowedOrigins: 'https://a.example/path' }, /no path/],
  ])('refuses %j', (context, message) => {
    expect(() => settings(context)).toThrow(message);
  });
});

describe('cdk-nag AwsSolutions with the edge settings', () => {
  it.each([
    [
      'a stage with a domain, a WAF created here and the CloudFront-only API',
      { stage: 'prod', ...DOMAIN, waf: true },
    ],
    [
      'an existing web ACL, the API open with api.<domain>, rotating the origin header',
      { ...DOMAIN, webAclArn: EXISTING_ACL, apiViaCloudFrontOnly: false },
    ],
    [
      'the CloudFront-only API without a WAF, rotating',
      { apiViaCloudFrontOnly: true, originVerifyVersion: 3 },
    ],
  ])('reports no unacknowledged finding: %s', (_name, context) => {
    const f = synthGmsStack({ bundle: false, context });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(f.stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });

  it('acknowledges the missing WAF (CFR2) only when there is none', () => {
    const f = synthGmsStack({ bundle: false, context: { waf: true } });
    const acked = f.stack.ui.distribution.node.metadata.some((m) =>
      JSON.stringify(m.data ?? '').includes('CFR2'),
    );
    expect(acked).toBe(false);
    const plain = synthGmsStack({ bundle: false });
    const ackedPlain = plain.stack.ui.distribution.node.metadata.some((m) =>
      JSON.stringify(m.data ?? '').includes('CFR2'),
    );
    expect(ackedPlain).toBe(true);
  });
});
