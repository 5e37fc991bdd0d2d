import { beforeAll, describe, expect, it } from 'vitest';
import { FINAL_UPGRADE_STEP } from '../functions/adapters/dynamodb/callback-index-layout.js';
import { INDEX_UPGRADE_STEP_CONTEXT } from '../lib/gms-data.js';
import { logicalIdOf, synthGmsStack } from './gms-stack-fixture.js';

interface Gsi {
  IndexName: string;
  KeySchema: unknown;
  Projection: unknown;
}

interface CallbacksTable {
  logicalId: string;
  resource: { DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties: Record<string, unknown> };
  indexes: Map<string, Gsi>;
}

/** The callbacks table as synthesized with `gms:indexUpgradeStep` = `step` (undefined: not set). */
function callbacksTableAt(step: number | undefined): CallbacksTable {
  const f = synthGmsStack({
    bundle: false,
    context: step === undefined ? {} : { [INDEX_UPGRADE_STEP_CONTEXT]: String(step) },
  });
  const logicalId = logicalIdOf(f.stack.data.tables.callbacks);
  const resource = f.template.findResources('AWS::DynamoDB::Table')[logicalId] as CallbacksTable['resource'];
  const gsis = (resource.Properties.GlobalSecondaryIndexes ?? []) as Gsi[];
  return { logicalId, resource, indexes: new Map(gsis.map((g) => [g.IndexName, g])) };
}

const STEPS = Array.from({ length: FINAL_UPGRADE_STEP + 1 }, (_, i) => i);

/**
 * The deploy sequence of an existing stack (docs/ARCHITECTURE.md, "Upgrading from the
 * single-partition layout"): CloudFormation must update the callbacks table in place, and it adds
 * or deletes only one GSI per update.
 */
describe('callbacks table index upgrade steps', () => {
  const at: Record<string, CallbacksTable> = {};
  beforeAll(() => {
    for (const step of STEPS) at[step] = callbacksTableAt(step);
    at.default = callbacksTableAt(undefined);
  }, 240_000);

  it('keeps the table: same logical id, key schema, Retain policies and no physical name in every step', () => {
    const first = at[0]!;
    for (const step of [...STEPS, 'default']) {
      const t = at[step]!;
      expect(t.logicalId, `step ${step}`).toBe(first.logicalId);
      expect(t.resource.Properties.KeySchema, `step ${step}`).toEqual(first.resource.Properties.KeySchema);
      expect(t.resource.DeletionPolicy).toBe('Retain');
      expect(t.resource.UpdateReplacePolicy).toBe('Retain');
      expect(t.resource.Properties.TableName).toBeUndefined();
    }
  });

  it('step 0 is the layout deployed before: byService and byCustomer projecting ALL', () => {
    expect([...at[0]!.indexes.keys()].sort()).toEqual(['byCustomer', 'byService', 'due', 'expiry']);
    expect(at[0]!.indexes.get('byService')!.Projection).toEqual({ ProjectionType: 'ALL' });
    expect(at[0]!.indexes.get('byCustomer')!.Projection).toEqual({ ProjectionType: 'ALL' });
  });

  it.each(STEPS.slice(1))('step %i differs from the step before by exactly one GSI', (step) => {
    const before = at[step - 1]!.indexes;
    const after = at[step]!.indexes;
    const added = [...after.keys()].filter((n) => !before.has(n));
    const removed = [...before.keys()].filter((n) => !after.has(n));
    expect(added.length + removed.length).toBe(1);
    // The indexes both steps have are untouched (a changed key schema or projection is a replacement).
    for (const [name, gsi] of after) if (before.has(name)) expect(gsi, name).toEqual(before.get(name));
  });

  it('byService goes last, after byServiceShard exists (the backfill needs the step between)', () => {
    const hasBoth = STEPS.filter(
      (s) => at[s]!.indexes.has('byService') && at[s]!.indexes.has('byServiceShard'),
    );
    expect(hasBoth.length).toBeGreaterThanOrEqual(2);
    expect(at[FINAL_UPGRADE_STEP - 1]!.indexes.has('byService')).toBe(true);
  });

  it('the default (fresh installs) is the final step: only the keys-only indexes', () => {
    expect(at.default!.resource).toEqual(at[FINAL_UPGRADE_STEP]!.resource);
    expect([...at.default!.indexes.keys()].sort()).toEqual([
      'byCustomerKeys',
      'byServiceShard',
      'due',
      'expiry',
    ]);
    expect(at.default!.indexes.get('byServiceShard')).toEqual({
      IndexName: 'byServiceShard',
      KeySchema: [
        { AttributeName: 'serviceShard', KeyType: 'HASH' },
        { AttributeName: 'desiredTime', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
    expect(at.default!.indexes.get('byCustomerKeys')!.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
  });

  it('refuses a step that does not exist', () => {
    expect(() => callbacksTableAt(FINAL_UPGRADE_STEP + 1)).toThrow(/indexUpgradeStep.*integer from 0/);
  });
});
