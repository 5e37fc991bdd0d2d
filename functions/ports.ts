/**
 * The interfaces the domain and handlers need. Adapters in `adapters/` implement them; the
 * composition root (`wiring.ts`) builds them once per process, so tests and local mode swap
 * implementations without monkey-patching.
 */
import type { Role } from './domain/roles.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface IdGenerator {
  /** Session, storage and callback ids: 128 bits from a CSPRNG, URL-safe. */
  id(): string;
  /** Bearer tokens: 256 bits from a CSPRNG. */
  token(): string;
  /** `length` decimal digits from a CSPRNG (access codes). */
  digits(length: number): string;
  /** A uniformly random number in [0, 1) from a CSPRNG. */
  random(): number;
}

/** Kinds of named, flat configuration maps kept in the config table. */
export type ConfigKind = 'service' | 'resource-group' | 'pattern-group';

export interface ConfigEntry {
  kind: ConfigKind;
  name: string;
  options: Record<string, string>;
  updatedAt: number;
}

export interface ConfigStore {
  list(kind: ConfigKind): Promise<ConfigEntry[]>;
  get(kind: ConfigKind, name: string): Promise<ConfigEntry | undefined>;
  put(kind: ConfigKind, name: string, options: Record<string, string>): Promise<ConfigEntry>;
  /** Returns false when there was nothing to delete. */
  delete(kind: ConfigKind, name: string): Promise<boolean>;
}

/** A user-uploaded service template: stored whole as JSON (built-in templates live in code). */
export interface TemplateStore {
  list(): Promise<StoredTemplate[]>;
  get(name: string): Promise<StoredTemplate | undefined>;
  put(template: StoredTemplate): Promise<void>;
  delete(name: string): Promise<boolean>;
}

export interface StoredTemplate {
  name: string;
  /** The template document as validated by `domain/service-template.ts`. */
  document: unknown;
  updatedAt: number;
}

export type NodeStatus = 'ONLINE' | 'OFFLINE' | 'SHUTDOWN';

export interface NodeStatusStore {
  get(): Promise<NodeStatus>;
  set(status: NodeStatus): Promise<void>;
}

export interface User {
  username: string;
  passwordHash: string;
  roles: Role[];
  createdAt: number;
}

export interface UserStore {
  get(username: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  put(user: User): Promise<void>;
  /** Creates the user only if no user of that name exists; returns whether it did. */
  createIfAbsent(user: User): Promise<boolean>;
  delete(username: string): Promise<boolean>;
}

export interface AuthToken {
  token: string;
  username: string;
  expiresAt: number;
}

export interface TokenStore {
  save(token: AuthToken): Promise<void>;
  /** The token if it exists and has not expired at `now`. */
  find(token: string, now: number): Promise<AuthToken | undefined>;
  revoke(token: string): Promise<void>;
}

/** A file sent in a multipart request, stored with a session or storage entry. */
export interface StoredFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A GMS storage entry (`/genesys/1/storage/...`), also used for a session's application data. */
export interface StorageEntry {
  id: string;
  values: Record<string, string>;
  files: Record<string, StoredFile>;
  gmsUser?: string;
  expiresAt: number;
}

export interface StorageStore {
  /** Creates or replaces the entry. */
  put(entry: StorageEntry): Promise<void>;
  /** Adds/replaces keys and sets the new expiry; returns undefined when the entry is missing or expired. */
  merge(
    id: string,
    values: Record<string, string>,
    files: Record<string, StoredFile>,
    expiresAt: number,
    now: number,
  ): Promise<StorageEntry | undefined>;
  /** The entry if it exists and has not expired at `now` (DynamoDB TTL deletes late). */
  get(id: string, now: number): Promise<StorageEntry | undefined>;
  delete(id: string): Promise<boolean>;
}

/** A service session created by `POST /genesys/1/service/{name}`. */
export interface ServiceSession {
  id: string;
  service: string;
  serviceType: string;
  dataId?: string;
  gmsUser?: string;
  phoneNumber?: string;
  accessNumber?: string;
  accessCode?: string;
  resourceGroup?: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionStore {
  put(session: ServiceSession): Promise<void>;
  get(id: string, now: number): Promise<ServiceSession | undefined>;
  /** Records the access number now held by the session. */
  attachAccess(
    id: string,
    access: { accessNumber: string; accessCode?: string; resourceGroup: string; phoneNumber?: string },
  ): Promise<void>;
}

/** One access number of a resource group, with its lock if any. */
export interface AccessNumberRecord {
  group: string;
  number: string;
  lock?: AccessLock;
}

export interface AccessLock {
  sessionId: string;
  accessCode?: string;
  phoneNumber?: string;
  lockedAt: number;
  expiresAt: number;
}

export type AllocationStrategy = 'random' | 'sequential' | 'local';

export interface AccessNumberStore {
  /** Makes the stored numbers of `group` exactly `numbers`: new ones are added free, removed ones deleted. */
  syncGroup(group: string, numbers: string[], now: number, strategy: AllocationStrategy): Promise<void>;
  deleteGroup(group: string): Promise<void>;
  /**
   * A few numbers likely to be free: locks already expired first, then never/released ones.
   * Cost depends on `limit`, never on the size of the pool. The caller confirms with `tryLock`.
   */
  candidates(
    group: string,
    order: { strategy: AllocationStrategy; start: number },
    now: number,
    limit: number,
  ): Promise<string[]>;
  /** Conditional write: locks the number only if it is free or its lock has expired at `now`. */
  tryLock(group: string, number: string, lock: AccessLock, now: number): Promise<boolean>;
  /** All records of a number across groups (a number normally belongs to one group). */
  findByNumber(number: string): Promise<AccessNumberRecord[]>;
  /** Conditional write: frees the number only if `sessionId` still holds it. */
  release(
    group: string,
    number: string,
    sessionId: string,
    releasedAt: number,
    strategy: AllocationStrategy,
  ): Promise<boolean>;
  /** Counts of the group's numbers: total and those held by an unexpired lock. */
  counts(group: string, now: number): Promise<{ total: number; locked: number }>;
}
