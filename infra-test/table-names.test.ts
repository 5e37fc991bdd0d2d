import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, tableEnvVar } from '../functions/adapters/dynamodb/table-definitions.js';
import { FUNCTION_PERMISSIONS, type FunctionId } from '../lib/area-permissions.js';
import { logicalIdOf, statementsOfRole, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

const RESTORED = 'gms-callbacks-restored-2026-12-01';
const CALLBACK_INDEXES = TABLES.find((t) => t.id === 'callbacks')!.globalIndexes.map((i) => i.name);

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack({ bundle: false, context: { tableNames: JSON.stringify({ callbacks: RESTORED }) } });
});

/** `arn:${Partition}:dynamodb:${Region}:${Account}:table/<name>` as the template spells it. */
const arnOf = (suffix: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':dynamodb:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:table/${suffix}`,
    ],
  ],
});

describe('tableNames: the stack uses an existing table instead of creating one', () => {
  it('creates no table for the mapped id and every other table as before', () => {
    const tables = f.template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(TABLES.length - 1);
    expect(f.stack.data.tables.callbacks.ownedByStack).toBe(false);
    expect(f.stack.data.tables.callbacks.tableName).toBe(RESTORED);
    const withCallbackIndexes = Object.values(tables).filter((t) =>
      ((t.Properties.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).some(
        (i) => i.IndexName === 'due',
      ),
    );
    expect(withCallbackIndexes).toEqual([]);
    for (const t of TABLES.filter((t) => t.id !== 'callbacks')) {
      expect(tables[logicalIdOf(f.stack.data.tables[t.id])], t.id).toBeDefined();
    }
  });

  it("gives the table's name to every function that uses it, and to no other", () => {
    const users = (Object.keys(f.stack.functions) as FunctionId[]).filter(
      (id) => FUNCTION_PERMISSIONS[id].tables.callbacks !== undefined,
    );
    expect(users.length).toBeGreaterThan(0);
    for (const [id, fn] of Object.entries(f.stack.functions)) {
      const resource = f.template.findResources('AWS::Lambda::Function')[logicalIdOf(fn!)]!;
      const name = resource.Properties.Environment.Variables[tableEnvVar('callbacks')];
      expect(name, id).toBe(users.includes(id as FunctionId) ? RESTORED : undefined);
    }
  });

  it('grants on that table and its indexes exactly the functions that had access, as before', () => {
    expect(CALLBACK_INDEXES.length).toBeGreaterThan(0);
    for (const [id, fn] of Object.entries(f.stack.functions)) {
      const statements = statementsOfRole(f.template, logicalIdOf(fn.role!));
      const resources = statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      const onTable = resources.some((r) => JSON.stringify(r) === JSON.stringify(arnOf(RESTORED)));
      const onIndexes = resources.some(
        (r) => JSON.stringify(r) === JSON.stringify(arnOf(`${RESTORED}/index/*`)),
      );
      const access = FUNCTION_PERMISSIONS[id as FunctionId].tables.callbacks;
      expect(onTable, `${id} on the table`).toBe(access !== undefined);
      expect(onIndexes, `${id} on its indexes`).toBe(access === 'RW' || access === 'RO');
    }
  });

  it('passes cdk-nag with the imported table (its index grant acknowledged by its ARN)', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(f.stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('tableNames validation', () => {
  const synth = (tableNames: unknown) => () => synthGmsStack({ bundle: false, context: { tableNames } });

  it('refuses an unknown table id, naming the valid ones', () => {
    expect(synth('{"callback":"x-restored"}')).toThrow(
      /Context 'tableNames' names an unknown table id 'callback'; the ids are config, sessions, .*callbacks/,
    );
  });

  it('refuses a name DynamoDB would refuse', () => {
    expect(synth({ sessions: 'a b' })).toThrow(/Context 'tableNames.sessions' must be a DynamoDB table name/);
  });

  it('refuses what is not a JSON object', () => {
    expect(synth('callbacks=x')).toThrow(
      /Context 'tableNames' must be a JSON object of table id to table name/,
    );
    expect(synth('["callbacks"]')).toThrow(/must be a JSON object/);
  });
});
