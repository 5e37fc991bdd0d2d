import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import { updateAssignments, type Assignment } from './update-assignments.js';

/**
 * DynamoDB read and write units, counted on the document client of the process under test: a
 * middleware asks every call for `ReturnConsumedCapacity: 'INDEXES'` (DynamoDB Local fills it in,
 * per table and per index, transactions at 2x) and adds up what comes back, by table and index.
 *
 * Where the answer carries no figure it is computed the documented way and counted as estimated:
 * - a write whose condition failed (`ConditionalCheckFailedException`, a cancelled transaction)
 *   returns no ConsumedCapacity, yet DynamoDB charges it: the item's last measured write size
 *   (1 WCU if never seen), twice in a transaction;
 * - a read that found nothing reports 0 locally; DynamoDB charges at least 0.5 RRU (1 strongly
 *   consistent) per request.
 *
 * Write units are also attributed to partition keys (the heat figure): the base table's partition
 * key value, and for each index the partition key value the item has there. Index keys come from
 * the written attributes (`Item`, `SET a = :v`, `REMOVE a`); removals and moves need the item's
 * previous index keys, which the meter remembers per item from every write it sees. Units of a
 * transaction or a batch are split evenly among its items on that table (DynamoDB reports them per
 * table only).
 */
export interface CapacityTotals {
  /** DynamoDB requests by command (`UpdateItemCommand`...). */
  calls: Record<string, number>;
  /** Read units by `table` or `table/index`. */
  readUnits: Record<string, number>;
  /** Write units by `table` or `table/index`. */
  writeUnits: Record<string, number>;
  /** Write units by partition key: `table <pk>` or `table/index <pk>`. */
  keyWriteUnits: Record<string, number>;
  /** Units computed rather than reported (see above). */
  estimatedWriteUnits: number;
  estimatedReadUnits: number;
}

interface IndexShape {
  name: string;
  keys: string[];
  partitionKey: string;
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
}

interface TableShape {
  id: TableId;
  partitionKey: string;
  keys: string[];
  indexes: IndexShape[];
}

type Item = Record<string, unknown>;

const emptyTotals = (): CapacityTotals => ({
  calls: {},
  readUnits: {},
  writeUnits: {},
  keyWriteUnits: {},
  estimatedWriteUnits: 0,
  estimatedReadUnits: 0,
});

const add = (into: Record<string, number>, key: string, n: number) => {
  if (n !== 0) into[key] = (into[key] ?? 0) + n;
};

const WITH_CAPACITY = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/** One item write: which item, and what it does to the index key attributes. */
interface ItemWrite {
  table: TableShape;
  key: Item;
  /** The index key attributes after the write: a value, removed, or unknown. */
  after: (attribute: string, before: unknown) => unknown;
  /** Write units of the item when the write says (a put: its whole item). */
  size?: number;
  /** A transaction's condition check: charged, writes nothing. */
  check?: boolean;
}

/** DynamoDB's item size rule (names + values; numbers by significant digits), in bytes. */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return (
      Math.ceil(
        String(value)
          .replace(/[-.]|e.*$/g, '')
          .replace(/^0+/, '').length / 2,
      ) + 1
    );
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((a: number, v) => a + sizeOf(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((a: number, v) => a + 1 + sizeOf(v), 0);
  return 3 + Object.entries(value as Item).reduce((a, [k, v]) => a + 1 + Buffer.byteLength(k) + sizeOf(v), 0);
}

const writeUnitsOf = (item: Item) =>
  Math.max(
    1,
    Math.ceil(Object.entries(item).reduce((a, [k, v]) => a + Buffer.byteLength(k) + sizeOf(v), 0) / 1024),
  );

const UNKNOWN = Symbol('unknown');

/** `BENCH_CAPACITY_TRACE=1`: every metered call is printed with its units (what a lifecycle writes, call by call). */
const TRACE = process.env.BENCH_CAPACITY_TRACE === '1';

const unitsSoFar = (t: CapacityTotals) => ({
  wru: Object.values(t.writeUnits).reduce((a, b) => a + b, 0),
  rru: Object.values(t.readUnits).reduce((a, b) => a + b, 0),
});

function traceCall(
  command: string,
  input: Item,
  before: { wru: number; rru: number },
  after: { wru: number; rru: number },
): void {
  const keyOf = (k: Item | undefined) => (k ? `${String(k.pk)} ${String(k.sk ?? '')}` : '');
  const sizeNote = (t: Item) => (t.Item ? ` (${writeUnitsOf(t.Item as Item)} KB)` : '');
  const what = (op: string, t: Item) =>
    `${op} ${String(t.TableName ?? Object.keys((t.RequestItems as Item) ?? {})[0]).replace(/^.*?-/, '')} ${keyOf((t.Key ?? t.Item) as Item | undefined)}${sizeNote(t)}${t.UpdateExpression ? ` [${String(t.UpdateExpression).slice(0, 60)}]` : ''}`;
  const parts =
    command === 'TransactWriteItemsCommand'
      ? (input.TransactItems as Item[]).map((t) => {
          const [op, body] = Object.entries(t)[0]!;
          return what(op, body as Item);
        })
      : [what(command.replace('Command', ''), input)];
  if (input.IndexName) parts[0] += ` index=${String(input.IndexName)}`;
  console.log(
    `      trace ${(after.wru - before.wru).toFixed(1).padStart(5)} WRU ${(after.rru - before.rru).toFixed(1).padStart(4)} RRU  ${command === 'TransactWriteItemsCommand' ? 'Transact: ' : ''}${parts.join(' | ')}`,
  );
}

export class CapacityMeter {
  private totals = emptyTotals();
  private readonly shapes = new Map<string, TableShape>();
  /** Index key attribute values of every item the meter saw written, by table and primary key. */
  private readonly indexKeys = new Map<string, Item>();
  /** Write units of each item as last measured or computed (what a transaction or a failed write of it costs). */
  private readonly itemUnits = new Map<string, number>();

  /** `tables`: physical table name by logical id (the runtime's `tables`). */
  constructor(tables: Partial<Record<TableId, string>>) {
    for (const def of TABLES) {
      const name = tables[def.id];
      if (!name) continue;
      const indexes = def.globalIndexes.map((i) => ({
        name: i.name,
        partitionKey: i.partitionKey.name,
        projection:
          i.projection === 'ALL' || i.projection === 'KEYS_ONLY' ? i.projection : ('INCLUDE' as const),
        keys: [i.partitionKey.name, ...(i.sortKey ? [i.sortKey.name] : [])],
      }));
      this.shapes.set(name, {
        id: def.id,
        partitionKey: def.partitionKey.name,
        keys: [def.partitionKey.name, ...(def.sortKey ? [def.sortKey.name] : [])],
        indexes,
      });
    }
  }

  attach(doc: DynamoDBDocumentClient): void {
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        if (!WITH_CAPACITY.has(command)) return next(args);
        const input = { ...(args.input as Item), ReturnConsumedCapacity: 'INDEXES' };
        add(this.totals.calls, command, 1);
        let before = unitsSoFar(this.totals);
        try {
          const result = await next({ ...args, input: input as typeof args.input });
          before = unitsSoFar(this.totals);
          this.account(command, input, result.output as Item);
          return result;
        } catch (e) {
          before = unitsSoFar(this.totals);
          this.accountFailure(command, input, e as Error);
          throw e;
        } finally {
          if (TRACE) traceCall(command, input, before, unitsSoFar(this.totals));
        }
      },
      { step: 'initialize', name: 'benchCapacityMeter', priority: 'low' },
    );
  }

  /** Stops metering `doc` (later users of the client pay nothing for it). */
  detach(doc: DynamoDBDocumentClient): void {
    doc.middlewareStack.remove('benchCapacityMeter');
  }

  /** What was counted since the last `take()`; counting starts afresh (remembered index keys stay). */
  take(): CapacityTotals {
    const out = this.totals;
    this.totals = emptyTotals();
    return out;
  }

  private label(table: string, index?: string): string {
    const id = this.shapes.get(table)?.id ?? table;
    return index ? `${id}/${index}` : id;
  }

  private itemId(shape: TableShape, key: Item): string {
    return `${shape.id}\n${shape.keys.map((k) => JSON.stringify(key[k])).join('\n')}`;
  }

  private consumed(output: Item): ConsumedCapacity[] {
    const c = output.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[] | undefined;
    return c === undefined ? [] : Array.isArray(c) ? c : [c];
  }

  private account(command: string, input: Item, output: Item): void {
    const capacities = this.consumed(output);
    if (READS.has(command)) {
      let total = 0;
      for (const c of capacities) {
        add(this.totals.readUnits, this.label(c.TableName!), c.Table?.CapacityUnits ?? 0);
        for (const [index, u] of Object.entries(c.GlobalSecondaryIndexes ?? {}))
          add(this.totals.readUnits, this.label(c.TableName!, index), u.CapacityUnits ?? 0);
        total += c.CapacityUnits ?? 0;
      }
      if (total === 0) {
        // DynamoDB charges a read that finds nothing its minimum; DynamoDB Local reports 0.
        const units = input.ConsistentRead ? 1 : 0.5;
        const table =
          (input.TableName as string | undefined) ?? Object.keys((input.RequestItems as Item) ?? {})[0];
        add(this.totals.readUnits, this.label(table ?? '?', input.IndexName as string | undefined), units);
        this.totals.estimatedReadUnits += units;
      }
      return;
    }
    const writes = this.itemWrites(command, input);
    if (command === 'TransactWriteItemsCommand' || command === 'BatchWriteItemCommand') {
      this.accountMany(writes, capacities, command === 'TransactWriteItemsCommand' ? 2 : 1);
    } else {
      // One item: DynamoDB Local's figures are exact (per table and per index).
      for (const c of capacities) {
        const shape = this.shapes.get(c.TableName!);
        const units = c.Table?.CapacityUnits ?? 0;
        add(this.totals.writeUnits, this.label(c.TableName!), units);
        const w = writes.find((x) => x.table === shape);
        if (!shape || !w) continue;
        add(this.totals.keyWriteUnits, `${shape.id} ${String(w.key[shape.partitionKey])}`, units);
        if (units > 0 && command !== 'DeleteItemCommand')
          this.itemUnits.set(this.itemId(shape, w.key), units);
        for (const [index, u] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
          add(this.totals.writeUnits, this.label(c.TableName!, index), u.CapacityUnits ?? 0);
          for (const [key, share] of this.indexShares(shape, index, w)) {
            add(this.totals.keyWriteUnits, key, (u.CapacityUnits ?? 0) * share);
          }
        }
      }
    }
    for (const w of writes) this.remember(w);
  }

  /**
   * A transaction or a batch: DynamoDB Local reports one figure per table that undercounts several
   * items (a two-item transaction shows 2 WCU, not 4), so the units are computed the documented
   * way, item by item: ceil(size / 1 KB) on the table, the same on each index the write changes
   * (a moved index key is a delete and a put), twice in a transaction, condition checks included.
   * Local's figure is kept when it is higher.
   */
  private accountMany(writes: ItemWrite[], capacities: ConsumedCapacity[], factor: number): void {
    const tables = new Map<
      TableShape,
      { table: number; keys: Map<string, number>; indexes: Map<string, number> }
    >();
    for (const w of writes) {
      const t = tables.get(w.table) ?? { table: 0, keys: new Map(), indexes: new Map() };
      const id = this.itemId(w.table, w.key);
      const size = w.size ?? this.itemUnits.get(id) ?? 1;
      const units = factor * size;
      t.table += units;
      const baseKey = `${w.table.id} ${String(w.key[w.table.partitionKey])}`;
      t.keys.set(baseKey, (t.keys.get(baseKey) ?? 0) + units);
      if (!w.check) {
        for (const index of w.table.indexes) {
          const writesOnIndex = this.indexShares(w.table, index.name, w);
          const projected = index.projection === 'ALL' ? size : 1;
          for (const [key, share] of writesOnIndex) {
            const u = factor * projected * share * this.indexWriteCount(w.table, index.name, w);
            if (u === 0) continue;
            t.indexes.set(index.name, (t.indexes.get(index.name) ?? 0) + u);
            t.keys.set(key, (t.keys.get(key) ?? 0) + u);
          }
        }
      }
      if (w.size !== undefined) this.itemUnits.set(id, w.size);
      tables.set(w.table, t);
    }
    for (const [shape, t] of tables) {
      const reported = capacities.find((c) => this.shapes.get(c.TableName!) === shape);
      const tableUnits = Math.max(t.table, reported?.Table?.CapacityUnits ?? 0);
      const scale = t.table > 0 ? tableUnits / t.table : 1;
      add(this.totals.writeUnits, shape.id, tableUnits);
      for (const [index, u] of t.indexes) {
        const r = reported?.GlobalSecondaryIndexes?.[index]?.CapacityUnits ?? 0;
        add(this.totals.writeUnits, `${shape.id}/${index}`, Math.max(u, r));
      }
      for (const [key, u] of t.keys) add(this.totals.keyWriteUnits, key, key.includes('/') ? u : u * scale);
    }
  }

  /** How many index writes one item write makes on `indexName`: 0, 1 (in, out or rewritten) or 2 (moved). */
  private indexWriteCount(shape: TableShape, indexName: string, w: ItemWrite): number {
    const index = shape.indexes.find((i) => i.name === indexName)!;
    const before = this.indexKeys.get(this.itemId(shape, w.key)) ?? {};
    const was = index.keys.every((k) => before[k] !== undefined);
    const now = index.keys.every((k) => w.after(k, before[k]) !== undefined);
    if (!was && !now) return 0;
    if (was !== now) return 1;
    const moved = index.keys.some((k) => w.after(k, before[k]) !== before[k]);
    // An ALL projection copies every attribute: any write to an indexed item rewrites its copy.
    return moved ? 2 : index.projection === 'ALL' ? 1 : 0;
  }

  /** The index partition keys one item write touches, each with its share of the index units. */
  private indexShares(shape: TableShape, indexName: string, w: ItemWrite): [string, number][] {
    const index = shape.indexes.find((i) => i.name === indexName);
    if (!index) return [];
    const before = this.indexKeys.get(this.itemId(shape, w.key)) ?? {};
    const was = index.keys.every((k) => before[k] !== undefined);
    const now = index.keys.every((k) => w.after(k, before[k]) !== undefined);
    const oldKey = before[index.partitionKey];
    const newKey = w.after(index.partitionKey, oldKey);
    const name = (v: unknown) => `${shape.id}/${index.name} ${v === UNKNOWN ? '?' : String(v)}`;
    const keys: string[] = [];
    if (was) keys.push(name(oldKey));
    if (now && (!was || newKey !== oldKey)) keys.push(name(newKey));
    if (keys.length === 0) return [[name(UNKNOWN), 1]];
    return keys.map((k) => [k, 1 / keys.length]);
  }

  private remember(w: ItemWrite): void {
    const id = this.itemId(w.table, w.key);
    const before = this.indexKeys.get(id) ?? {};
    const next: Item = {};
    for (const index of w.table.indexes) {
      for (const k of index.keys) {
        const v = w.after(k, before[k]);
        if (v !== undefined && v !== UNKNOWN) next[k] = v;
        else if (v === UNKNOWN && before[k] !== undefined) next[k] = before[k];
      }
    }
    this.indexKeys.set(id, next);
  }

  private itemWrites(command: string, input: Item): ItemWrite[] {
    switch (command) {
      case 'PutItemCommand':
        return this.put(input.TableName as string, input.Item as Item);
      case 'DeleteItemCommand':
        return this.remove(input.TableName as string, input.Key as Item);
      case 'UpdateItemCommand':
        return this.update(input);
      case 'TransactWriteItemsCommand':
        return (input.TransactItems as Item[]).flatMap((t) => {
          if (t.Put) return this.put((t.Put as Item).TableName as string, (t.Put as Item).Item as Item);
          if (t.Delete)
            return this.remove((t.Delete as Item).TableName as string, (t.Delete as Item).Key as Item);
          if (t.Update) return this.update(t.Update as Item);
          const check = t.ConditionCheck as Item;
          return this.unchanged(check.TableName as string, check.Key as Item);
        });
      case 'BatchWriteItemCommand':
        return Object.entries(input.RequestItems as Record<string, Item[]>).flatMap(([table, requests]) =>
          requests.flatMap((r) =>
            r.PutRequest
              ? this.put(table, (r.PutRequest as Item).Item as Item)
              : this.remove(table, (r.DeleteRequest as Item).Key as Item),
          ),
        );
      default:
        return [];
    }
  }

  private put(table: string, item: Item): ItemWrite[] {
    const shape = this.shapes.get(table);
    return shape ? [{ table: shape, key: item, after: (a) => item[a], size: writeUnitsOf(item) }] : [];
  }

  private remove(table: string, key: Item): ItemWrite[] {
    const shape = this.shapes.get(table);
    return shape ? [{ table: shape, key, after: () => undefined }] : [];
  }

  private unchanged(table: string, key: Item): ItemWrite[] {
    const shape = this.shapes.get(table);
    return shape ? [{ table: shape, key, after: (_a, before) => before, check: true }] : [];
  }

  private update(input: Item): ItemWrite[] {
    const shape = this.shapes.get(input.TableName as string);
    if (!shape) return [];
    const assignments = updateAssignments(
      (input.UpdateExpression as string | undefined) ?? '',
      (input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {},
      (input.ExpressionAttributeValues as Item | undefined) ?? {},
    );
    const key = input.Key as Item;
    const after = (a: string, before: unknown): unknown => {
      const change: Assignment | undefined = assignments.get(a);
      if (!change) return before;
      if (change.kind === 'set') return change.value;
      if (change.kind === 'removed') return undefined;
      return UNKNOWN;
    };
    return [{ table: shape, key, after }];
  }

  /** A write refused by its condition: DynamoDB charges it anyway, the response says nothing. */
  private accountFailure(command: string, input: Item, e: Error): void {
    const refused = e.name === 'ConditionalCheckFailedException' || e.name === 'TransactionCanceledException';
    if (!refused) return;
    const factor = command === 'TransactWriteItemsCommand' ? 2 : 1;
    for (const w of this.itemWrites(command, input)) {
      const units = (this.itemUnits.get(this.itemId(w.table, w.key)) ?? 1) * factor;
      add(this.totals.writeUnits, w.table.id, units);
      add(this.totals.keyWriteUnits, `${w.table.id} ${String(w.key[w.table.partitionKey])}`, units);
      this.totals.estimatedWriteUnits += units;
    }
  }
}

/** Sums totals (e.g. the runs of one scenario). */
export function sumTotals(parts: CapacityTotals[]): CapacityTotals {
  const out = emptyTotals();
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.calls)) add(out.calls, k, v);
    for (const [k, v] of Object.entries(p.readUnits)) add(out.readUnits, k, v);
    for (const [k, v] of Object.entries(p.writeUnits)) add(out.writeUnits, k, v);
    for (const [k, v] of Object.entries(p.keyWriteUnits)) add(out.keyWriteUnits, k, v);
    out.estimatedReadUnits += p.estimatedReadUnits;
    out.estimatedWriteUnits += p.estimatedWriteUnits;
  }
  return out;
}

/** `a - b`, per figure (a scenario's run without the fixed cost of the ticks it took). */
export function subtractTotals(a: CapacityTotals, b: CapacityTotals, times = 1): CapacityTotals {
  const neg = (r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, -v * times]));
  return sumTotals([
    a,
    {
      calls: neg(b.calls),
      readUnits: neg(b.readUnits),
      writeUnits: neg(b.writeUnits),
      keyWriteUnits: neg(b.keyWriteUnits),
      estimatedReadUnits: -b.estimatedReadUnits * times,
      estimatedWriteUnits: -b.estimatedWriteUnits * times,
    },
  ]);
}

export const totalOf = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
