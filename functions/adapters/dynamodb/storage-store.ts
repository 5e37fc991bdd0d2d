import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PayloadTooLargeError } from '../../domain/errors.js';
import type { StorageEntry, StoredFile } from '../../domain/storage-entry.js';
import type { StorageStore } from '../../ports/storage.js';
import { dataFromEntries, mergeData } from '../../domain/data-record.js';

const key = (id: string) => ({ pk: `storage#${id}` });

const without = <T>(map: Record<string, T>, keys: Record<string, unknown>): Record<string, T> =>
  dataFromEntries(Object.entries(map).filter(([k]) => !Object.hasOwn(keys, k)));

/** DynamoDB refuses items over 400 KB with a ValidationException; callers see PayloadTooLargeError. */
function tooLarge(e: unknown): never {
  if (e instanceof Error && e.name === 'ValidationException' && /item size/i.test(e.message)) {
    throw new PayloadTooLargeError('Storage entry exceeds the 400 KB DynamoDB item limit.');
  }
  throw e;
}

function toEntry(item: Record<string, unknown>): StorageEntry {
  const files: Record<string, StoredFile> = dataFromEntries(
    Object.entries((item.files ?? {}) as Record<string, Record<string, unknown>>).map(([name, f]) => [
      name,
      {
        filename: f.filename as string,
        contentType: f.contentType as string,
        data: Buffer.from(f.data as Uint8Array),
      },
    ]),
  );
  return {
    id: (item.pk as string).slice('storage#'.length),
    values: mergeData((item.values ?? {}) as Record<string, string>),
    files,
    gmsUser: item.gmsUser as string | undefined,
    ...(item.custom === true ? { custom: true } : {}),
    expiresAt: item.expiresAt as number,
  };
}

/** Storage entries live in the sessions table, one item each (DynamoDB's 400 KB item limit applies). */
export class DynamoStorageStore implements StorageStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private item(entry: StorageEntry, version: number) {
    return {
      ...key(entry.id),
      values: entry.values,
      files: dataFromEntries(
        Object.entries(entry.files).map(([k, f]) => [
          k,
          { filename: f.filename, contentType: f.contentType, data: new Uint8Array(f.data) },
        ]),
      ),
      gmsUser: entry.gmsUser,
      ...(entry.custom ? { custom: true } : {}),
      expiresAt: entry.expiresAt,
      ttl: Math.ceil(entry.expiresAt / 1000),
      version,
    };
  }

  async put(entry: StorageEntry): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: this.item(entry, 1) })).catch(tooLarge);
  }

  async putCustom(entry: StorageEntry & { custom: true; gmsUser: string }, now: number): Promise<boolean> {
    // One conditional write: of two users racing for one id, exactly one gets it.
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: this.item(entry, 1),
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt <= :now OR (custom = :yes AND gmsUser = :user)',
          ExpressionAttributeValues: { ':now': now, ':yes': true, ':user': entry.gmsUser },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      return tooLarge(e);
    }
  }

  async merge(
    id: string,
    values: Record<string, string>,
    files: Record<string, StoredFile>,
    expiresAt: number,
    now: number,
  ): Promise<StorageEntry | undefined> {
    // Optimistic concurrency: two concurrent updates of one entry both land, neither is lost.
    for (let attempt = 0; attempt < 20; attempt++) {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: key(id), ConsistentRead: true }),
      );
      if (!out.Item || (out.Item.expiresAt as number) <= now) return undefined;
      const current = toEntry(out.Item);
      // A key is either a value or a file: writing it as one kind drops it as the other.
      const next: StorageEntry = {
        ...current,
        values: mergeData(without(current.values, files), values),
        files: mergeData(without(current.files, values), files),
        expiresAt,
      };
      const version = (out.Item.version as number | undefined) ?? 0;
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: this.item(next, version + 1),
            ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :v',
            ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
          }),
        );
        return next;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) tooLarge(e);
      }
    }
    throw new Error(`Storage entry ${id} is being updated too often to merge.`);
  }

  async get(id: string, now: number): Promise<StorageEntry | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key(id), ConsistentRead: true }),
    );
    if (!out.Item || (out.Item.expiresAt as number) <= now) return undefined;
    return toEntry(out.Item);
  }

  async delete(id: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: key(id), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
