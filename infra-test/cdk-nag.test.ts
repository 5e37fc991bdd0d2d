import { App, Stack, Validations, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

function describeViolations(report: PolicyValidationPluginReport): string[] {
  return report.violations.map(
    (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );
}

/** Every acknowledgment recorded with `Validations.of(x).acknowledge()` under `root`. */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return out;
}

let f: GmsFixture;
beforeAll(() => {
  // As `cdk synth` runs lib/app.ts: the pack is a validation plugin next to CDK's own CloudFormation
  // validation, so synthesis itself fails on an unacknowledged error.
  f = synthGmsStack({
    validate: true,
    configure: (app) => Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true })),
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with the pack registered (an unacknowledged error would throw)', () => {
    expect(() => f.app.synth()).not.toThrow();
  });

  it('reports no unacknowledged error or warning on the GMS stack', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(f.stack);
    expect(describeViolations(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('does find problems when there are some (the check is live)', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new dynamodb.Table(stack, 'NoPitr', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    new secretsmanager.Secret(stack, 'NoRotation');
    const report = new AwsSolutionsChecks().validateScope(stack);
    const rules = report.violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-DDB3');
    expect(rules).toContain('AwsSolutions-SMG4');
  });

  it('justifies every acknowledgment with a specific reason', () => {
    const acks = acknowledgments(f.stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.id, a.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(80);
    }
  });

  it('acknowledges only the reviewed rules', () => {
    // Logical ids vary with construct paths; pseudo parameters (<AWS::Region>...) stay.
    const ids = new Set(acknowledgments(f.stack).map((a) => a.id.replace(/<(?!AWS::)[^>]+>/g, '<id>')));
    expect([...ids].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        // The UI's CloudFront distribution (lib/gms-ui.ts).
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR4',
        // CDK's own BucketDeployment handler, which copies the UI build into its bucket.
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Resource::<id>/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<id>/index/*]',
        'AwsSolutions-IAM5[Resource::<id>:*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<id>/live/*/@connections/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*]',
        'AwsSolutions-L1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
      ].sort(),
    );
  });

  it('acknowledges a missing dead-letter queue only on the dead-letter queues themselves', () => {
    const paths = acknowledgments(f.stack)
      .filter((a) => a.id === 'AwsSolutions-SQS3')
      .map((a) => a.path);
    const q = f.stack.data.queues;
    expect(paths.sort()).toEqual(
      [q.tickDeadLetters.node.path, q.tickFailures.node.path, q.workDeadLetters.node.path].sort(),
    );
  });

  it('still reports each acknowledged rule when acknowledgments are ignored (none is stale)', () => {
    const pack = new AwsSolutionsChecks();
    // cdk-nag consults this (private) method for every finding; shadow it to see the raw findings.
    expect(typeof (pack as unknown as { isAcknowledged?: unknown }).isAcknowledged).toBe('function');
    Object.assign(pack, { isAcknowledged: () => false });
    const raised = new Set(pack.validateScope(f.stack).violations.map((v) => v.ruleName));
    const stale = acknowledgments(f.stack).filter((a) => !raised.has(a.id));
    expect(stale).toEqual([]);
  });
});
