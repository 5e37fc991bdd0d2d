import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { readDeploymentSettings } from '../lib/deployment-settings.js';
import { GmsStack } from '../lib/gms-stack.js';
import { PROJECT_ROOT } from '../lib/project-paths.js';
import { stackNameFor } from '../lib/stage.js';

/** The context of `cdk.json` (feature flags and settings), so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface GmsFixture {
  app: App;
  stack: GmsStack;
  template: Template;
}

export interface SynthOptions {
  /** Extra context over cdk.json's. */
  context?: Record<string, unknown>;
  /** `false` skips esbuild bundling (for tests about settings only). Default true. */
  bundle?: boolean;
  /** Run CDK's built-in CloudFormation template validation, as `cdk synth` does (~3 s). Default false. */
  validate?: boolean;
  configure?: (app: App) => void;
}

/** Builds the GMS stack in a fresh app and synthesizes it. */
export function synthGmsStack(options: SynthOptions = {}): GmsFixture {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...options.context };
  if (options.bundle === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, builtinCloudFormationValidation: options.validate ?? false });
  options.configure?.(app);
  const settings = readDeploymentSettings(app);
  const stack = new GmsStack(app, stackNameFor(settings.stage), { settings });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The CloudFormation logical id of a construct's default resource (or of a Cfn element). */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every IAM statement attached to the role with this logical id (inline and separate policies). */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  const policies = template.findResources('AWS::IAM::Policy');
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles ?? []) as unknown[];
    if (!roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }))) continue;
    out.push(...(policy.Properties.PolicyDocument.Statement as Statement[]));
  }
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  for (const inline of (role?.Properties?.Policies ?? []) as {
    PolicyDocument: { Statement: Statement[] };
  }[]) {
    out.push(...inline.PolicyDocument.Statement);
  }
  return out;
}

/** Whether a statement's resources mention the resource with this logical id (Ref or GetAtt). */
export function mentions(statement: Statement, logicalId: string): boolean {
  const text = JSON.stringify(statement.Resource);
  return text.includes(`"Ref":"${logicalId}"`) || text.includes(`["${logicalId}",`);
}
