import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DefaultStackSynthesizer,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Validations,
  type CfnElement,
} from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { UI_SECURITY_HEADERS } from '../functions/local/ui-security-headers.js';
import { VIEWER_ADDRESS_HEADER } from '../functions/http/origin-verify.js';
import { PROJECT_ROOT } from './project-paths.js';

export const UI_DIST = path.join(PROJECT_ROOT, 'ui', 'dist');

export interface GmsUiProps {
  /** The API CloudFront forwards `/genesys/1/*` to, so the UI calls it on its own origin. */
  httpApi: HttpApi;
  /** The built UI (`npm run build:ui`). */
  dist?: string;
  /** The custom domain CloudFront answers on, with its us-east-1 certificate. */
  domain?: { name: string; certificateArn: string };
  /** The WAFv2 web ACL (CLOUDFRONT scope) to attach, by ARN. */
  webAclArn?: string;
  /** Headers CloudFront adds to every request it forwards to the API (the origin check). */
  apiOriginHeaders?: Record<string, string>;
}

/**
 * The Service Management UI in AWS: the built single-page app in a private S3 bucket, served by
 * CloudFront under `/genesys/` exactly as the local runtime serves it, with `/genesys/1/*`
 * forwarded to the HTTP API. One origin for both means no CORS for the UI, as locally.
 */
export class GmsUi extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution>.cloudfront.net/genesys/`, or `https://<domain>/genesys/`. */
  readonly url: string;
  /** `https://<distribution>.cloudfront.net` or `https://<domain>`: the UI and API's public origin. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: GmsUiProps) {
    super(scope, id);
    const dist = props.dist ?? UI_DIST;
    if (!existsSync(path.join(dist, 'index.html'))) {
      throw new Error(`The UI is not built (${dist} has no index.html): run \`npm run build:ui\` first.`);
    }

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      // The build is re-deployed by every `cdk deploy`: nothing in it needs keeping.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    // `/genesys/` (and `/genesys`, `/`) is the app's index, as the local server answers it.
    const index = new cloudfront.Function(this, 'IndexRewrite', {
      comment: 'GMS UI: folder URLs serve their index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var r = event.request;',
          "  if (r.uri === '/' || r.uri === '/genesys') r.uri = '/genesys/index.html';",
          "  else if (r.uri.endsWith('/')) r.uri += 'index.html';",
          '  return r;',
          '}',
        ].join('\n'),
      ),
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'GMS UI: the same security headers the local runtime sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: UI_SECURITY_HEADERS['content-security-policy']!,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    // With the origin check, the API learns from CloudFront the viewer's address (API Gateway
    // only sees the edge's) and the host the viewer called (the origin gets the execute-api host,
    // and URLs the API returns, e.g. `_start_chat_url`, must point back through CloudFront). Both
    // are set here, so values a viewer sends are overwritten.
    const viewerAddress =
      props.apiOriginHeaders &&
      new cloudfront.Function(this, 'ViewerAddress', {
        comment: 'GMS API: tells the API the viewer address and host',
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        code: cloudfront.FunctionCode.fromInline(
          [
            'function handler(event) {',
            '  var h = event.request.headers;',
            `  h['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };`,
            "  h['x-forwarded-host'] = { value: h.host.value };",
            '  return event.request;',
            '}',
          ].join('\n'),
        ),
      });

    // `https://<id>.execute-api.<region>.amazonaws.com` -> the host name.
    const apiHost = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'GMS Service Management UI and API',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: index, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        'genesys/1/*': {
          origin: new origins.HttpOrigin(apiHost, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            customHeaders: props.apiOriginHeaders,
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // API answers are per caller and never cached; every header but Host reaches the API.
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: viewerAddress && [
            { function: viewerAddress, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'distribution/',
      webAclId: props.webAclArn,
      ...(props.domain && {
        domainNames: [props.domain.name],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'A contact centre serves customers wherever they are: the API behind this distribution must not be ' +
        'geo-blocked by default. A deployer who needs it adds geoRestriction.',
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL unless asked for (waf=true or webAclArn): it is a paid, account-specific choice. The API ' +
          'has its own stage throttling and every route validates and authenticates its input.',
      });
    }
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate has a fixed security policy (CloudFront offers no minimum TLS ' +
          'setting without a custom certificate); with domainName the distribution uses TLSv1.2_2021.',
      });
    }

    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.asset(dist)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'genesys/',
      distribution: this.distribution,
      distributionPaths: ['/genesys/*'],
      memoryLimit: 256,
    });
    acknowledgeDeploymentHandler(this, this.bucket);
    void deployment;
    this.origin = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/genesys/`;
  }
}

/**
 * BucketDeployment's handler is a CDK-provided singleton function at stack level (not a child of
 * this construct): its findings are acknowledged on it, one by one, with reasons.
 */
function acknowledgeDeploymentHandler(scope: Construct, site: s3.Bucket): void {
  const stack = Stack.of(scope);
  const siteArn = `<${stack.getLogicalId(site.node.defaultChild as CfnElement)}.Arn>`;
  const assets = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
  const copy =
    'CDK-provided BucketDeployment handler, run only by cdk deploy: it copies the UI build from the CDK asset ' +
    'bucket into the UI bucket (and deletes stale files there), so it needs these object-level S3 actions';
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    Validations.of(child).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'CDK-provided BucketDeployment handler: the managed basic execution role only lets it write its own logs.',
      },
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${copy} (${action}, granted by aws-cdk-lib).`,
      })),
      { id: `AwsSolutions-IAM5[Resource::${siteArn}/*]`, reason: `${copy}: every object of the UI bucket.` },
      {
        id: `AwsSolutions-IAM5[Resource::${assets}/*]`,
        reason: `${copy}: it reads its own asset from the CDK asset bucket.`,
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'CDK-provided BucketDeployment handler: its runtime is chosen (and moved on) by aws-cdk-lib releases.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CDK-provided BucketDeployment handler: cloudfront:CreateInvalidation and GetInvalidation do not support ' +
          'resource-level scoping in its grant; it invalidates /genesys/* after each deploy so the new UI is served.',
      },
    );
  }
}
