import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { UI_SECURITY_HEADERS } from '../functions/local/ui-security-headers.js';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack({ bundle: false });
});

const distribution = () => {
  const all = f.template.findResources('AWS::CloudFront::Distribution');
  expect(Object.keys(all)).toHaveLength(1);
  return Object.values(all)[0]!.Properties.DistributionConfig;
};

describe('Service Management UI hosting (S3 + CloudFront)', () => {
  it('keeps the build in a private, encrypted, SSL-only bucket with access logs', () => {
    f.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site-bucket/' }),
    });
    const siteId = logicalIdOf(f.stack.ui.bucket);
    const policies = Object.values(f.template.findResources('AWS::S3::BucketPolicy')).filter(
      (p) => p.Properties.Bucket.Ref === siteId,
    );
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Read by CloudFront only (origin access control), never by the public.
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' } }),
    );
  });

  it('serves the UI from the bucket with the security headers, HTTPS only', () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    expect(config.Logging).toMatchObject({ Prefix: 'distribution/' });
    const policy = Object.values(f.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    expect(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy).toEqual(
      {
        ContentSecurityPolicy: UI_SECURITY_HEADERS['content-security-policy'],
        Override: true,
      },
    );
  });

  it('forwards /genesys/1/* to the HTTP API uncached, every method, so the UI and API share one origin', () => {
    const config = distribution();
    const api = (config.CacheBehaviors as Record<string, unknown>[]).find(
      (b) => b.PathPattern === 'genesys/1/*',
    );
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // AWS-managed CachingDisabled and AllViewerExceptHostHeader policies.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = (
      config.Origins as { Id: string; DomainName: unknown; CustomOriginConfig?: unknown }[]
    ).find((o) => o.Id === api!.TargetOriginId);
    expect(JSON.stringify(origin!.DomainName)).toContain(logicalIdOf(f.stack.api.httpApi));
    expect(origin!.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
  });

  it('deploys the build under genesys/ and invalidates it on each deploy', () => {
    f.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'genesys/',
      DistributionPaths: ['/genesys/*'],
    });
    f.template.hasOutput('UiUrl', Match.objectLike({}));
  });
});
