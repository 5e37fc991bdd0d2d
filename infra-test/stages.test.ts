import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDeploymentSettings } from '../lib/deployment-settings.js';
import { GmsStack } from '../lib/gms-stack.js';
import { stackNameFor, validateStage } from '../lib/stage.js';
import { cdkJsonContext, synthGmsStack } from './gms-stack-fixture.js';

/** Properties ending in `Name` that are scoped to a parent resource, not to the account and region. */
const SCOPED_NAMES = new Set(['StageName', 'PolicyName', 'MetricName', 'IndexName', 'AttributeName']);

const PSEUDO: Record<string, (stackName: string) => string> = {
  'AWS::StackName': (stackName) => stackName,
  'AWS::Region': () => 'us-east-1',
  'AWS::AccountId': () => '123456789012',
  'AWS::Partition': () => 'aws',
};

/**
 * A name as CloudFormation would create it: literals and pseudo parameters joined; `undefined` when
 * it refers to another resource (a generated name, unique by construction) or is not a name.
 */
function literal(value: unknown, stackName: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined) return PSEUDO[ref]?.(stackName);
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return undefined;
  const parts = join[1].map((p) => literal(p, stackName));
  return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
}

/** Every explicit physical name of a template: `Type.Property = value`. */
function physicalNames(template: Template, stackName: string): { where: string; name: string }[] {
  const out: { where: string; name: string }[] = [];
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  for (const [logicalId, resource] of Object.entries(resources)) {
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      if (!key.endsWith('Name') || SCOPED_NAMES.has(key)) continue;
      const name = literal(value, stackName);
      if (name !== undefined)
        out.push({ where: `${stackName}/${logicalId}.${key} (${resource.Type})`, name });
    }
  }
  return out;
}

function collisions(names: { where: string; name: string }[]): string[] {
  const byName = new Map<string, string[]>();
  for (const { where, name } of names) byName.set(name, [...(byName.get(name) ?? []), where]);
  return [...byName].filter(([, at]) => at.length > 1).map(([name, at]) => `${name}: ${at.join(', ')}`);
}

describe('stages', () => {
  let blue: GmsStack;
  let green: GmsStack;
  let names: { where: string; name: string }[];

  beforeAll(() => {
    // Every setting that creates a named resource is on, so every name is compared.
    const base = {
      ...cdkJsonContext(),
      waf: true,
      apiViaCloudFrontOnly: true,
      'aws:cdk:bundling-stacks': [],
    };
    const settings = (stage: string) => readDeploymentSettings(new App({ context: { ...base, stage } }));
    const app = new App({ context: base });
    blue = new GmsStack(app, stackNameFor('blue'), { settings: settings('blue') });
    green = new GmsStack(app, stackNameFor('green'), { settings: settings('green') });
    names = [
      ...physicalNames(Template.fromStack(blue), blue.stackName),
      ...physicalNames(Template.fromStack(green), green.stackName),
    ];
  });

  it('names the stack Gms without a stage and Gms-<stage> with one', () => {
    expect(stackNameFor(undefined)).toBe('Gms');
    expect(blue.stackName).toBe('Gms-blue');
    expect(green.stackName).toBe('Gms-green');
    expect(synthGmsStack({ bundle: false }).stack.stackName).toBe('Gms');
  });

  it('finds the explicit names it compares (the check sees them)', () => {
    const found = names.map((n) => n.name);
    expect(found).toEqual(
      expect.arrayContaining(['Gms-blue-gms', 'Gms-green-gms', 'Gms-blue-gms-edge', 'Gms-green-gms-edge']),
    );
    // The same template twice would collide: the comparison can fail.
    expect(collisions([...names, ...names]).length).toBeGreaterThan(0);
  });

  it('gives two stages in one app no colliding physical name', () => {
    expect(collisions(names)).toEqual([]);
  });

  it('tells each function its stage (GMS_STAGE)', () => {
    for (const [stack, stage] of [
      [blue, 'blue'],
      [green, 'green'],
    ] as const) {
      const functions = Object.values(
        Template.fromStack(stack).findResources('AWS::Lambda::Function'),
      ).filter((fn) => fn.Properties.Environment?.Variables?.LOG_LEVEL !== undefined);
      expect(functions.length).toBeGreaterThan(5);
      for (const fn of functions) expect(fn.Properties.Environment.Variables.GMS_STAGE).toBe(stage);
    }
    const plain = synthGmsStack({ bundle: false }).template.findResources('AWS::Lambda::Function');
    const labels = Object.values(plain).flatMap(
      (fn) => fn.Properties.Environment?.Variables?.GMS_STAGE ?? [],
    );
    expect(new Set(labels)).toEqual(new Set(['default']));
  });

  it.each(['Blue', 'blue_1', '-blue', 'blue-', 'a'.repeat(21), 'default', 'blue green'])(
    'refuses the stage name %j with a clear message',
    (stage) => {
      expect(() => synthGmsStack({ bundle: false, context: { stage } })).toThrow(/Context 'stage'/);
    },
  );

  it.each(['blue', 'b', 'prod-eu-1', 'a'.repeat(20)])('accepts the stage name %j', (stage) => {
    expect(validateStage(stage)).toBe(stage);
  });
});
