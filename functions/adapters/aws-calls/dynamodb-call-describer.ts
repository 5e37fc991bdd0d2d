import { TABLES, type TableId } from '../dynamodb/table-definitions.js';
import type { AwsCall, AwsResource } from './aws-call.js';
import { operationName, type SdkCallDescriber } from './sdk-call-recording.js';

type Item = Record<string, unknown>;

/** The IAM action each transaction part needs on its own table. */
const TRANSACT_PART_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Get: 'dynamodb:GetItem',
};

/**
 * DynamoDB commands as IAM sees them: one authorization per table touched (a transaction or a
 * batch is authorized part by part, a query on an index against `table/<t>/index/<i>`), with the
 * partition keys touched as `dynamodb:LeadingKeys`. `tables` maps the table ids to the physical names.
 */
export function dynamoDbCallDescriber(tables: Readonly<Partial<Record<TableId, string>>>): SdkCallDescriber {
  const byName = new Map(Object.entries(tables).map(([id, name]) => [name!, id as TableId]));
  const resourceOf = (name: unknown, index?: unknown): AwsResource => {
    const table = byName.get(String(name));
    if (!table) return { kind: 'unknown', service: 'dynamodb', name: String(name) };
    return { kind: 'table', table, ...(typeof index === 'string' ? { index } : {}) };
  };
  const call = (action: string, name: unknown, keys: unknown[], index?: unknown): AwsCall => {
    const resource = resourceOf(name, index);
    const leading = keys.filter((k) => typeof k === 'string' || typeof k === 'number').map(String);
    return {
      action,
      resource,
      ...(leading.length > 0 ? { context: { 'dynamodb:LeadingKeys': leading } } : {}),
    };
  };
  const partitionKeyOf = (name: unknown, index?: unknown): string | undefined => {
    const id = byName.get(String(name));
    const table = TABLES.find((t) => t.id === id);
    if (!table) return undefined;
    if (typeof index === 'string')
      return table.globalIndexes.find((i) => i.name === index)?.partitionKey.name;
    return table.partitionKey.name;
  };
  const keyOf = (name: unknown, item: unknown): unknown[] => {
    const pk = partitionKeyOf(name);
    return pk && item && typeof item === 'object' ? [(item as Item)[pk]] : [];
  };

  return (operation, input) => {
    const op = operationName(operation);
    if (op === 'BatchGetItem' || op === 'BatchWriteItem') {
      const requests = (input.RequestItems ?? {}) as Record<string, unknown>;
      return Object.entries(requests).map(([name, request]) => {
        const keys =
          op === 'BatchGetItem'
            ? ((request as { Keys?: unknown[] }).Keys ?? []).flatMap((k) => keyOf(name, k))
            : (
                (request ?? []) as { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }[]
              ).flatMap((w) => keyOf(name, w.PutRequest?.Item ?? w.DeleteRequest?.Key));
        return call(`dynamodb:${op}`, name, keys);
      });
    }
    if (op === 'TransactWriteItems' || op === 'TransactGetItems') {
      return (
        (input.TransactItems ?? []) as Record<
          string,
          { TableName?: unknown; Key?: unknown; Item?: unknown }
        >[]
      ).flatMap((part) =>
        Object.entries(part).map(([kind, body]) =>
          call(
            TRANSACT_PART_ACTIONS[kind] ?? `dynamodb:${kind}`,
            body.TableName,
            keyOf(body.TableName, body.Key ?? body.Item),
          ),
        ),
      );
    }
    const name = input.TableName;
    if (op === 'Query')
      return [
        call(
          'dynamodb:Query',
          name,
          queriedKeys(input, partitionKeyOf(name, input.IndexName)),
          input.IndexName,
        ),
      ];
    if (op === 'Scan') return [call('dynamodb:Scan', name, [], input.IndexName)];
    return [call(`dynamodb:${op}`, name, keyOf(name, input.Key ?? input.Item))];
  };
}

/** The partition key value of a query's `KeyConditionExpression` (`pk = :v` or `#n = :v`). */
function queriedKeys(input: Item, partitionKey: string | undefined): unknown[] {
  if (!partitionKey || typeof input.KeyConditionExpression !== 'string') return [];
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of input.KeyConditionExpression.matchAll(/(#?[\w.]+)\s*=\s*(:\w+)/g)) {
    const attribute = m[1]!.startsWith('#') ? names[m[1]!] : m[1];
    if (attribute === partitionKey) return [values[m[2]!]];
  }
  return [];
}
