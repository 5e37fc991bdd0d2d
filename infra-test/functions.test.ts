import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, tableEnvVar, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import type { Area } from '../functions/http/route-spec.js';
import { AREAS } from '../functions/routes/index.js';
import {
  actionsOf,
  logicalIdOf,
  mentions,
  statementsOfRole,
  synthGmsStack,
  type GmsFixture,
  type Statement,
} from './gms-stack-fixture.js';

/**
 * The intended access of each function, written out here on purpose (not read from
 * lib/area-permissions.ts): widening a function's access must change this test too.
 */
const EXPECTED_ACCESS: Record<Area, Record<TableId, 'none' | 'RO' | 'RW'>> = {
  system: { config: 'RO', sessions: 'RO', resources: 'RO' },
  service: { config: 'RW', sessions: 'RW', resources: 'RW' },
  storage: { config: 'none', sessions: 'RW', resources: 'none' },
  patterns: { config: 'RO', sessions: 'none', resources: 'none' },
  admin: { config: 'RW', sessions: 'RW', resources: 'RW' },
};

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack();
});

const fnResource = (area: Area) =>
  f.template.findResources('AWS::Lambda::Function')[logicalIdOf(f.stack.api.functions[area])]!;
const statementsOf = (area: Area): Statement[] =>
  statementsOfRole(f.template, logicalIdOf(f.stack.api.functions[area].role!));
const tableLogicalId = (id: TableId) => logicalIdOf(f.stack.data.tables[id]);

function accessTo(statements: Statement[], id: TableId): 'none' | 'RO' | 'RW' {
  const actions = statements
    .filter((s) => s.Effect === 'Allow' && mentions(s, tableLogicalId(id)))
    .flatMap(actionsOf);
  if (actions.length === 0) return 'none';
  if (actions.some((a) => WRITE_ACTIONS.includes(a) || a === 'dynamodb:*')) return 'RW';
  return 'RO';
}

describe('Lambda functions', () => {
  it('has one function per area and no other', () => {
    f.template.resourceCountIs('AWS::Lambda::Function', AREAS.length);
    expect(Object.keys(f.stack.api.functions).sort()).toEqual([...AREAS].sort());
  });

  describe.each(AREAS.map((a) => [a]))('%s function', (area) => {
    it('runs Node.js 22 on arm64 with tracing, 10 s timeout and 512 MB', () => {
      const p = fnResource(area).Properties;
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe('index.handler');
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
      expect(p.Timeout).toBe(10);
      expect(p.MemorySize).toBe(512);
    });

    it('logs to its own log group with a retention', () => {
      const ref = fnResource(area).Properties.LoggingConfig?.LogGroup as { Ref: string } | undefined;
      expect(ref?.Ref).toBeDefined();
      const group = f.template.findResources('AWS::Logs::LogGroup')[ref!.Ref];
      expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
    });

    it('knows every table name through TABLE_<ID>, and its log level', () => {
      const vars = fnResource(area).Properties.Environment.Variables as Record<string, unknown>;
      for (const t of TABLES)
        expect(vars[tableEnvVar(t.id)], tableEnvVar(t.id)).toEqual({ Ref: tableLogicalId(t.id) });
      expect(vars.LOG_LEVEL).toBe('INFO');
      expect(vars.NODE_OPTIONS).toBe('--enable-source-maps');
    });

    it('has a role of its own without AWS-managed policies', () => {
      const role = f.template.findResources('AWS::IAM::Role')[logicalIdOf(f.stack.api.functions[area].role!)];
      expect(role?.Properties.ManagedPolicyArns ?? []).toEqual([]);
    });

    it.each(TABLES.map((t) => [t.id]))('has exactly the intended access to the %s table', (id) => {
      expect(accessTo(statementsOf(area), id)).toBe(EXPECTED_ACCESS[area][id]);
    });

    it('has read actions on every table it may read', () => {
      for (const t of TABLES) {
        if (EXPECTED_ACCESS[area][t.id] === 'none') continue;
        const actions = statementsOf(area)
          .filter((s) => mentions(s, tableLogicalId(t.id)))
          .flatMap(actionsOf);
        for (const a of READ_ACTIONS) expect(actions, `${area} on ${t.id}`).toContain(a);
      }
    });

    it('uses "*" as a resource only for X-Ray', () => {
      for (const s of statementsOf(area).filter((st) => JSON.stringify(st.Resource) === '"*"')) {
        for (const a of actionsOf(s)) expect(a).toMatch(/^xray:/);
      }
    });

    it('uses no wildcard actions', () => {
      for (const s of statementsOf(area)) for (const a of actionsOf(s)) expect(a).not.toContain('*');
    });
  });

  it('the patterns function cannot write anything', () => {
    const writes = statementsOf('patterns')
      .flatMap(actionsOf)
      .filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) || /^secretsmanager:/.test(a));
    expect(writes).toEqual([]);
  });

  it('the storage function cannot reach the config or resources tables', () => {
    const statements = statementsOf('storage');
    expect(statements.some((s) => mentions(s, tableLogicalId('config')))).toBe(false);
    expect(statements.some((s) => mentions(s, tableLogicalId('resources')))).toBe(false);
  });

  describe('initial admin secret', () => {
    const secretId = () => logicalIdOf(f.stack.data.adminSecret);

    it('is given to the admin function as GMS_ADMIN_SECRET_ID, with read access', () => {
      expect(fnResource('admin').Properties.Environment.Variables.GMS_ADMIN_SECRET_ID).toEqual({
        Ref: secretId(),
      });
      const actions = statementsOf('admin')
        .filter((s) => mentions(s, secretId()))
        .flatMap(actionsOf);
      expect(actions).toContain('secretsmanager:GetSecretValue');
      expect(actions.filter((a) => !/^secretsmanager:(GetSecretValue|DescribeSecret)$/.test(a))).toEqual([]);
    });

    it.each(AREAS.filter((a) => a !== 'admin').map((a) => [a]))(
      'is out of reach of the %s function',
      (area) => {
        expect(fnResource(area).Properties.Environment.Variables.GMS_ADMIN_SECRET_ID).toBeUndefined();
        expect(statementsOf(area).some((s) => mentions(s, secretId()))).toBe(false);
      },
    );
  });
});

describe('bundles', () => {
  const bundleDir = (area: Area): string => {
    const assembly = f.app.synth();
    const asset = fnResource(area).Properties.Code.S3Key as string;
    return path.join(assembly.directory, `asset.${asset.replace(/\.zip$/, '')}`);
  };

  it.each(AREAS.map((a) => [a]))(
    '%s: an ESM bundle with a source map, require() defined, @aws-sdk left external',
    (area) => {
      const dir = bundleDir(area);
      const code = path.join(dir, 'index.mjs');
      expect(existsSync(code), code).toBe(true);
      expect(statSync(code).size).toBeGreaterThan(0);
      const text = readFileSync(code, 'utf8');
      expect(
        text.startsWith(
          "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ),
      ).toBe(true);
      const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(map.sources.filter((s) => s.includes('node_modules/@aws-sdk/'))).toEqual([]);
    },
  );
});
