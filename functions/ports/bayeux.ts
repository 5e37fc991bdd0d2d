import type { PendingBayeuxMessage, StoredBayeuxClient } from '../domain/bayeux/bayeux-server.js';

/** Handshaken CometD (Bayeux) clients. */

/** Handshaken CometD clients, shared by every function instance (the connections table). */
export interface BayeuxStore {
  create(client: StoredBayeuxClient): Promise<void>;
  get(id: string, now: number): Promise<StoredBayeuxClient | undefined>;
  /** Renews the client and records its transport's connection; false when the client is gone. */
  touch(id: string, connectionId: string | undefined, expiresAt: number): Promise<boolean>;
  /** Adds channels to the client's subscriptions; false when the client is gone. */
  subscribe(id: string, channels: readonly string[]): Promise<boolean>;
  unsubscribe(id: string, channels: readonly string[]): Promise<void>;
  /** Forgets the client, its subscriptions and its waiting messages. */
  remove(id: string): Promise<void>;
  /** Live clients that handshook as `gmsUser` and subscribed to `/_genesys`. */
  listeners(gmsUser: string, now: number): Promise<StoredBayeuxClient[]>;
  /** Keeps a message for the client's next `/meta/connect` (until `expiresAt`). */
  enqueue(clientId: string, message: PendingBayeuxMessage, expiresAt: number): Promise<void>;
  /** The waiting messages, oldest first; each is taken by one request only. */
  takePending(clientId: string, now: number): Promise<unknown[]>;
}
