/** The shapes of table keys and indexes (plain data), shared by the table list and the index layouts. */
export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  name: string;
  type: AttributeType;
}

export interface IndexDefinition {
  name: string;
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
  /** Attributes copied into the index besides the keys; `ALL` copies everything. */
  projection: 'ALL' | 'KEYS_ONLY' | { include: string[] };
}
