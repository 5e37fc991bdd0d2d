import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredTemplate } from '../../domain/service-template.js';
import type { TemplateStore } from '../../ports/config.js';
import { queryAll } from './query-all.js';

const PK = 'template';

function toTemplate(item: Record<string, unknown>): StoredTemplate {
  return {
    name: item.sk as string,
    document: JSON.parse(item.document as string),
    updatedAt: item.updatedAt as number,
  };
}

/** User-uploaded templates, stored as JSON text (their option lists are not queried). */
export class DynamoTemplateStore implements TemplateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(): Promise<StoredTemplate[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    });
    return items.map(toTemplate);
  }

  async get(name: string): Promise<StoredTemplate | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: PK, sk: name } }));
    return out.Item ? toTemplate(out.Item) : undefined;
  }

  async put(template: StoredTemplate): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: PK,
          sk: template.name,
          document: JSON.stringify(template.document),
          updatedAt: template.updatedAt,
        },
      }),
    );
  }

  async delete(name: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: PK, sk: name }, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
