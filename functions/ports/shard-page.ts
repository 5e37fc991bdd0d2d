/** A page of one index partition, shared by the sharded stores. */

/** A page of one index partition, earliest first; `cursor` (opaque) continues it, absent at the end. */
export interface ShardPage<T> {
  items: T[];
  cursor?: string;
}
