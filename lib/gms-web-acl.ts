import { Aws, CfnRule, Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface GmsWebAclProps {
  /** Requests per 5 minutes per address to `POST /genesys/1/admin/login`. */
  loginRateLimit: number;
  /** Requests per 5 minutes per address to `/genesys/1/service/...`. */
  serviceRateLimit: number;
}

/** Five minutes: the window the rate-based rules count in. */
const RATE_WINDOW_SECONDS = 300;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

function managedGroup(
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
    visibilityConfig: visibility(name),
  };
}

function rateRule(
  name: string,
  priority: number,
  limit: number,
  path: { value: string; match: 'STARTS_WITH' },
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit,
        evaluationWindowSec: RATE_WINDOW_SECONDS,
        aggregateKeyType: 'IP',
        scopeDownStatement: {
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: path.match,
            searchString: path.value,
            // Matched as API Gateway routes it: after percent-decoding (`/admin/%6Cogin` is login too).
            textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
          },
        },
      },
    },
    visibilityConfig: visibility(name),
  };
}

/**
 * The web ACL in front of CloudFront (`waf=true`): AWS's common, known-bad-inputs and IP
 * reputation rule groups, plus per-address rate limits on `admin/login` (password guessing,
 * tight) and the public service API (looser: a contact centre's customers may share an address).
 * A CLOUDFRONT-scope ACL can only be created in us-east-1: the template's Rules section refuses
 * any other region before anything is created.
 */
export class GmsWebAcl extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: GmsWebAclProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    new CfnRule(this, 'RegionIsUsEast1', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription:
            'waf=true creates a CLOUDFRONT-scope WAF web ACL, which AWS only allows in us-east-1: deploy this stack ' +
            'to us-east-1, or create the web ACL in us-east-1 separately and pass its ARN as webAclArn.',
        },
      ],
    });

    this.acl = new wafv2.CfnWebACL(this, 'Acl', {
      name: `${stackName}-gms-edge`,
      description: 'GMS managed rule groups and rate limits in front of the UI and API on CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${stackName}-gms-edge`),
      rules: [
        managedGroup('AWSManagedRulesAmazonIpReputationList', 0),
        // Its SizeRestrictions_BODY blocks bodies over 8 KB, but GMS has legitimate larger ones:
        // a resource group PUT of up to 10,000 access numbers and multipart storage uploads. The
        // functions cap every body themselves (413), so the rule only counts.
        managedGroup('AWSManagedRulesCommonRuleSet', 1, [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ]),
        managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 2),
        // A prefix, so a trailing slash or a suffix cannot step around the rule.
        rateRule('AdminLoginRateLimit', 3, props.loginRateLimit, {
          value: '/genesys/1/admin/login',
          match: 'STARTS_WITH',
        }),
        rateRule('ServiceApiRateLimit', 4, props.serviceRateLimit, {
          value: '/genesys/1/service/',
          match: 'STARTS_WITH',
        }),
      ],
    });
  }

  get arn(): string {
    return this.acl.attrArn;
  }
}
