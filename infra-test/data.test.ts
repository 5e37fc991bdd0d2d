import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, type KeyDefinition } from '../functions/adapters/dynamodb/table-definitions.js';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack();
});

const keySchema = (pk: KeyDefinition, sk?: KeyDefinition) => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
];

describe('DynamoDB tables', () => {
  it('creates exactly the tables of TABLES', () => {
    f.template.resourceCountIs('AWS::DynamoDB::Table', TABLES.length);
    expect(Object.keys(f.stack.data.tables).sort()).toEqual(TABLES.map((t) => t.id).sort());
  });

  describe.each(TABLES.map((t) => [t.id, t] as const))('%s', (id, definition) => {
    const resource = () => {
      const logicalId = logicalIdOf(f.stack.data.tables[id]);
      const found = f.template.findResources('AWS::DynamoDB::Table')[logicalId];
      expect(found, `table ${id} (${logicalId})`).toBeDefined();
      return found!;
    };

    it('is on-demand, point-in-time recoverable, encrypted with the AWS-managed key and deletion-protected', () => {
      const p = resource().Properties;
      expect(p.BillingMode).toBe('PAY_PER_REQUEST');
      expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(p.SSESpecification).toEqual({ SSEEnabled: true });
      expect(p.DeletionProtectionEnabled).toBe(true);
      expect(p.TableName, 'physical name is left to CloudFormation').toBeUndefined();
    });

    it('is retained when the stack is deleted or the table replaced', () => {
      expect(resource().DeletionPolicy).toBe('Retain');
      expect(resource().UpdateReplacePolicy).toBe('Retain');
    });

    it('has the keys of its definition', () => {
      const p = resource().Properties;
      expect(p.KeySchema).toEqual(keySchema(definition.partitionKey, definition.sortKey));
      const declared = new Map(
        (p.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]).map((a) => [
          a.AttributeName,
          a.AttributeType,
        ]),
      );
      const keys = [
        definition.partitionKey,
        definition.sortKey,
        ...definition.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ];
      for (const key of keys) if (key) expect(declared.get(key.name), key.name).toBe(key.type);
    });

    it(definition.ttlAttribute ? `expires items on '${definition.ttlAttribute}'` : 'has no TTL', () => {
      const p = resource().Properties;
      if (definition.ttlAttribute) {
        expect(p.TimeToLiveSpecification).toEqual({ AttributeName: definition.ttlAttribute, Enabled: true });
      } else {
        expect(p.TimeToLiveSpecification).toBeUndefined();
      }
    });

    it('has the global secondary indexes of its definition', () => {
      const actual = (resource().Properties.GlobalSecondaryIndexes ?? []) as {
        IndexName: string;
        KeySchema: unknown;
        Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
      }[];
      expect(actual.map((i) => i.IndexName).sort()).toEqual(
        definition.globalIndexes.map((i) => i.name).sort(),
      );
      for (const index of definition.globalIndexes) {
        const gsi = actual.find((i) => i.IndexName === index.name)!;
        expect(gsi.KeySchema, index.name).toEqual(keySchema(index.partitionKey, index.sortKey));
        if (typeof index.projection === 'string') {
          expect(gsi.Projection).toEqual({ ProjectionType: index.projection });
        } else {
          expect(gsi.Projection.ProjectionType).toBe('INCLUDE');
          expect([...(gsi.Projection.NonKeyAttributes ?? [])].sort()).toEqual(
            [...index.projection.include].sort(),
          );
        }
      }
    });
  });
});

describe('initial admin secret', () => {
  it('generates a password next to the fixed username "default"', () => {
    f.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: JSON.stringify({ username: 'default' }),
        GenerateStringKey: 'password',
      }),
    });
  });

  it('is exported as the AdminSecretArn output', () => {
    f.template.hasOutput('AdminSecretArn', { Value: { Ref: logicalIdOf(f.stack.data.adminSecret) } });
  });
});

describe('push signing secret', () => {
  it('generates a 64-character key', () => {
    const secret = f.template.findResources('AWS::SecretsManager::Secret')[
      logicalIdOf(f.stack.data.pushSigningSecret)
    ];
    expect(secret?.Properties.GenerateSecretString).toMatchObject({
      GenerateStringKey: 'key',
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it('is exported as the PushSigningSecretArn output', () => {
    f.template.hasOutput('PushSigningSecretArn', {
      Value: { Ref: logicalIdOf(f.stack.data.pushSigningSecret) },
    });
  });
});
