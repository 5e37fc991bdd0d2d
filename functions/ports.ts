/**
 * The interfaces the domain and handlers need. Adapters in `adapters/` implement them; the
 * composition root (`wiring.ts`) builds them once per process, so tests and local mode swap
 * implementations without monkey-patching.
 */
import type {
  CallbackReason,
  CallbackRecord,
  CallbackState,
  Guard,
  GuardRef,
} from './domain/callback/callback-record.js';
import type { CallbackEvent } from './domain/callback/callback-event.js';
import type { BayeuxClient } from './domain/bayeux/bayeux-server.js';
import type { ChatEvent, ChatSession } from './domain/chat/chat-session.js';
import type { ChatTransition } from './domain/chat/chat-transitions.js';
import type { MetricEvent, MetricWrite } from './domain/reports/metric-events.js';
import type { OperationalDimensions, OperationalMetricName } from './domain/operational-metrics.js';
import type { NotificationSubscription } from './domain/notification/subscription.js';
import type { NativePlatform } from './domain/push/native-push-payload.js';
import type { Role } from './domain/roles.js';
import type { AgentRecord } from './domain/routing/agent.js';
import type { RoutingTarget } from './domain/routing/routing-target.js';
import type { QueueTotals, WaitingEntry } from './domain/routing/waiting-queue.js';
import type { RuntimeConfig } from './runtime-config.js';

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
export type ConfigKind = 'service' | 'resource-group' | 'pattern-group' | 'server';

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
  /**
   * Changes (to a new random value) whenever the password or roles change: bearer tokens carry
   * the value they were issued under and die when it changes. Absent on users never changed.
   */
  credentialsVersion?: string;
  /**
   * Set on the first administrator seeded from the AWS secret: until the user changes the
   * password, every request but the change itself is refused (403).
   */
  mustChangePassword?: boolean;
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
  /** The user's `credentialsVersion` when the token was issued. */
  credentialsVersion?: string;
}

export interface TokenStore {
  save(token: AuthToken): Promise<void>;
  /** The token if it exists and has not expired at `now`. */
  find(token: string, now: number): Promise<AuthToken | undefined>;
  revoke(token: string): Promise<void>;
}

/** A create's `Idempotency-Key`, claimed before the create runs (see `IdempotencyStore`). */
export interface IdempotencyClaim {
  /** `<scope>#<key>`, the scope being e.g. the callback service. */
  key: string;
  /** The request it was first used with (`requestFingerprint`). */
  fingerprint: string;
  /** The id the create gives what it creates: chosen at the claim, so a retry after a crash reuses it. */
  resourceId: string;
  /** A random token of the request holding the claim: only it answers or gives the claim up. */
  owner: string;
  claimedAt: number;
  expiresAt: number;
  /** The first answer, once there is one. */
  response?: { status: number; body: unknown };
}

export interface IdempotencyStore {
  /**
   * Claims `claim.key` with a conditional write unless a live claim holds it (concurrent requests:
   * exactly one wins). Returns the claim that holds the key otherwise.
   */
  claim(
    claim: IdempotencyClaim,
    now: number,
  ): Promise<{ won: true } | { won: false; holder?: IdempotencyClaim }>;
  /** The live claim holding `key` (with its answer, once there is one); undefined when free or expired. */
  get(key: string, now: number): Promise<IdempotencyClaim | undefined>;
  /** Stores the answer, if `owner` still holds the claim. */
  complete(key: string, owner: string, response: { status: number; body: unknown }): Promise<boolean>;
  /** Gives the claim up (nothing was created), if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Takes over a claim whose holder died, if `previousOwner` still holds it and it has no answer. */
  takeOver(key: string, previousOwner: string, owner: string, now: number): Promise<boolean>;
}

/**
 * Fixed-window counters shared by every instance (rate limits, failed-attempt lockouts). A key is
 * one client and purpose, e.g. `login-fail#user#alice` or `match-fail#ip#203.0.113.7`.
 */
export interface AttemptCounter {
  /** Adds `by` (default 1) to the key's count in the window holding `now`; returns the new count. */
  hit(key: string, windowSeconds: number, now: number, by?: number): Promise<number>;
  /** The key's count in the window holding `now` (0 when none). */
  count(key: string, windowSeconds: number, now: number): Promise<number>;
  /** Forgets the key's count in the window holding `now` (e.g. after a successful login). */
  reset(key: string, windowSeconds: number, now: number): Promise<void>;
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
  /** Created under an id the app chose (`storage/custom/{id}`): only its `gmsUser` reaches it. */
  custom?: boolean;
  expiresAt: number;
}

export interface StorageStore {
  /** Creates or replaces the entry. */
  put(entry: StorageEntry): Promise<void>;
  /**
   * Creates or replaces a custom-id entry unless the id holds an unexpired entry that is not this
   * `gmsUser`'s custom entry; false then (nothing written).
   */
  putCustom(entry: StorageEntry & { custom: true; gmsUser: string }, now: number): Promise<boolean>;
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

/** What `tryLock` did: `expired` is the lock it replaced, one that had timed out unmatched. */
export interface LockResult {
  locked: boolean;
  expired?: AccessLock;
}

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
  tryLock(group: string, number: string, lock: AccessLock, now: number): Promise<LockResult>;
  /**
   * Frees up to `limit` numbers whose locks expired before `now`, each with a write conditional on
   * that very lock, and returns the locks it freed (each one exactly once, whoever races it).
   */
  releaseExpired(
    group: string,
    now: number,
    limit: number,
    strategy: AllocationStrategy,
  ): Promise<AccessLock[]>;
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

/** A change to a callback, applied only if its version is still the one read. */
export interface CallbackChange {
  state?: CallbackState;
  reason?: CallbackReason;
  set?: Partial<
    Pick<
      CallbackRecord,
      | 'desiredTime'
      | 'scheduled'
      | 'properties'
      | 'agentId'
      | 'queuedAt'
      | 'expiresAt'
      | 'target'
      | 'virtualQueue'
      | 'priority'
      | 'customerNumber'
      | 'dialAttempts'
    >
  >;
  /** Clears `agentId` (back to the queue). */
  clearAgent?: boolean;
  /** Guards given back with this change (their counters are decremented). */
  release?: GuardRef[];
  /** Guards taken with this change (e.g. the new time bucket of a reschedule). */
  take?: Guard[];
}

export type CallbackWriteResult =
  | { ok: true; record: CallbackRecord }
  | { ok: false; reason: 'version' }
  | { ok: false; reason: 'guard'; refused: Guard };

/**
 * What became of callbacks once a write of them succeeded: status notifications (`_cbe_on_*`),
 * report metrics and CloudWatch counts, all derived from the events `transition` returned with
 * the change. Each flow publishes its events itself, right after its write; never fails it.
 */
export interface CallbackEvents {
  publish(events: readonly CallbackEvent[]): Promise<void>;
}

/**
 * A one-time data upgrade that runs in bounded chunks: the one-minute tick runs a chunk per run,
 * a local start runs it to the end before serving.
 */
export interface DataUpgrade {
  /** Works through at most about `maxItems` items; `done` once nothing is left (then it costs one read). */
  step(maxItems: number): Promise<{ done: boolean; upgraded: number }>;
}

export interface CallbackStore {
  /**
   * Writes a new callback and takes its guards, all or nothing (a transaction only when there
   * are guards to take).
   */
  create(record: CallbackRecord, guards: Guard[]): Promise<CallbackWriteResult>;
  get(id: string): Promise<CallbackRecord | undefined>;
  /**
   * The update conditional on the version, returning the record it wrote; a transaction with the
   * guard takes and releases only when guards move.
   */
  update(
    id: string,
    expectedVersion: number,
    change: CallbackChange,
    now: number,
  ): Promise<CallbackWriteResult>;
  /** A service's callbacks with desired time in [from, to], oldest first, at most `limit`. */
  listByService(service: string, from: number, to: number, limit: number): Promise<CallbackRecord[]>;
  listByCustomer(customerNumber: string): Promise<CallbackRecord[]>;
  /** SCHEDULED callbacks due at or before `until`, earliest first. */
  listDue(until: number, limit: number): Promise<{ id: string; dueAt: number }[]>;
  /** QUEUED callbacks that became QUEUED at or before `before`, oldest first (`dueAt` = queue time). */
  listQueuedSince(before: number, limit: number): Promise<{ id: string; dueAt: number }[]>;
  /** SCHEDULED and QUEUED callbacks whose `expiresAt` is at or before `until`, earliest first. */
  listExpired(until: number, limit: number): Promise<{ id: string; expiresAt: number }[]>;
  /**
   * The partitions of the SCHEDULED index and of the expiry index: opaque names the tick hands to
   * workers one each (`schedule-shard`, `expire-shard`), so no reader takes all of them.
   */
  dueShards(): readonly string[];
  expiryShards(): readonly string[];
  /** One page of one `dueShards()` partition: SCHEDULED callbacks due at or before `until`. */
  listDueShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; dueAt: number }>>;
  /** One page of one `expiryShards()` partition: callbacks whose `expiresAt` is at or before `until`. */
  listExpiredShard(
    shard: string,
    until: number,
    limit: number,
    cursor?: string,
  ): Promise<ShardPage<{ id: string; expiresAt: number }>>;
  /** The records of `ids` that exist, read in batches (sweeps never read one entry per call). */
  getMany(ids: readonly string[]): Promise<CallbackRecord[]>;
  /** Current values of guard counters (missing counters are 0). */
  guardCounts(keys: string[]): Promise<Record<string, number>>;
}

/** A page of one index partition, earliest first; `cursor` (opaque) continues it, absent at the end. */
export interface ShardPage<T> {
  items: T[];
  cursor?: string;
}

/** Work for the queue consumer (`handlers/callback-worker.ts`). Every message may arrive twice. */
export interface WorkMessage {
  kind: string;
  /** Callback id (or other subject) the message is about. */
  id: string;
  /** The version the sender saw; consumers ignore messages for versions that moved on. */
  version?: number;
  data?: Record<string, unknown>;
}

export interface WorkQueue {
  /** Delivers `message` after `delayMs` (SQS rounds up to whole seconds, at most 15 minutes). */
  send(message: WorkMessage, delayMs?: number): Promise<void>;
  /**
   * Many messages, each with its own delay, in as few requests as the queue allows (SQS
   * SendMessageBatch: 10 a call). Resolves once every one is accepted; rejects if any could not be.
   */
  sendBatch(work: readonly QueuedWork[]): Promise<void>;
}

export interface QueuedWork {
  message: WorkMessage;
  delayMs?: number;
}

// ---- Push: WebSocket connections, notifications waiting for poll, delivery (helper D2) ----

/** A device's WebSocket connection (API Gateway WebSocket API, or the local `ws` server). */
export interface WebSocketConnection {
  id: string;
  /** The `gms_user` header (or query parameter, browsers cannot set headers) given at connect. */
  gmsUser?: string;
  connectedAt: number;
  /** API Gateway closes a connection after 2 hours at most; the items expire with it. */
  expiresAt: number;
}

/**
 * `busy`: concurrent writers on the connection kept winning the race for its subscription count
 * (the device sends the frame again).
 */
export type SubscribeOutcome = 'subscribed' | 'already-subscribed' | 'limit' | 'gone' | 'busy';
export type UnsubscribeOutcome = 'removed' | 'not-subscribed' | 'busy';

export interface ConnectionStore {
  add(connection: WebSocketConnection): Promise<void>;
  get(id: string, now: number): Promise<WebSocketConnection | undefined>;
  /** Removes the connection and every subscription it holds. */
  remove(id: string): Promise<void>;
  /**
   * Subscribes only while the connection exists (a late subscribe after `$disconnect` is `gone`)
   * and holds fewer than `max` subscriptions (else `limit`); the count is exact under concurrent
   * frames of one connection. Subscribing again to a key already held changes nothing.
   */
  subscribe(connectionId: string, key: string, now: number, max: number): Promise<SubscribeOutcome>;
  /** Removes the subscription and frees its slot (only when the connection held it). */
  unsubscribe(connectionId: string, key: string): Promise<UnsubscribeOutcome>;
  /** Ids of the live connections subscribed to `key`. */
  subscribers(key: string, now: number): Promise<string[]>;
  /**
   * Live connections, counted up to about `limit` (the read stops there: `capped`), so the
   * monitor's cost stays bounded however many devices are connected.
   */
  count(now: number, limit: number): Promise<{ count: number; capped: boolean }>;
}

/** Whom a notification waits for: the app (`retrieve-notifications`) or the agent side (`retrieve-agent-notifications`). */
export type NotificationAudience = 'app' | 'agent';

export interface StoredNotification {
  id: string;
  tag: string;
  message: unknown;
  createdAt: number;
}

export interface NotificationStore {
  /** Appends to the session's pending list; throws `ConflictError` when the list is full. */
  add(
    sessionId: string,
    audience: NotificationAudience,
    notification: StoredNotification,
    expiresAt: number,
  ): Promise<void>;
  /** Returns the pending notifications, oldest first, and clears them in the same write. */
  take(sessionId: string, audience: NotificationAudience, now: number): Promise<StoredNotification[]>;
}

/** What a notification is sent to: a session and the push channel its device asked for. */
export interface PushTarget {
  sessionId: string;
  /** `_device_os`: `comet`, `httpcb`; anything else (or none) means poll. */
  deviceOs?: string;
  /** `_device_notification_id`: for `httpcb` the URL to POST to. */
  deviceNotificationId?: string;
}

/**
 * Where a notification can be delivered outside the session's own WebSocket subscribers: a GMS
 * push channel type and its address (a session's `_device_os` / `_device_notification_id`, or a
 * Notification API subscription's `notificationDetails`).
 */
export interface DeviceAddress {
  /** GMS channel type, lower case: `comet`, `ios`, `fcm`, `gcm`, `android`, `httpcb`, `customhttp`, `orscb`. */
  type: string;
  /** The channel's address: a device token (ios/fcm/gcm), a URL (httpcb), a CometD client or user (comet). */
  deviceId: string;
  /** Channel properties (GMS `notificationDetails.properties`: debug, sound, badge, language...). */
  properties?: Record<string, string>;
}

/**
 * `delivered`: the channel took it. `invalid`: the address will never work (a disabled or unknown
 * endpoint, a CometD client that is gone): forget the address, and the caller keeps the
 * notification for poll. `failed`: may work later (the caller keeps it for poll, or retries).
 */
export type DeviceDelivery = 'delivered' | 'invalid' | 'failed';

/** One channel delivering notifications to devices: native push, CometD, HTTP callbacks. */
export interface DeviceChannel {
  deliver(
    device: DeviceAddress,
    notification: { id: string; tag: string; message: unknown },
  ): Promise<DeviceDelivery>;
}

/** The channels by `DeviceAddress.type` (several types may share one channel, e.g. `fcm`/`gcm`/`android`). */
export type DeviceChannels = Readonly<Partial<Record<string, DeviceChannel>>>;

export interface PushNotification {
  /** e.g. `service.agentavailable.<id>`. */
  tag: string;
  message: unknown;
  /** The notification id, when the caller already gave it one (a published event); else a fresh one. */
  id?: string;
}

export interface PushPort {
  /**
   * Delivers to every WebSocket connection subscribed to the session and, for `httpcb`, to the
   * device's URL (retried through the work queue). What no channel took is kept for
   * `retrieve-notifications`.
   */
  notify(target: PushTarget, notification: PushNotification): Promise<void>;
  /**
   * Delivers to the session's WebSocket subscribers only; nothing is kept for poll (chat events,
   * which the transcript keeps). Returns how many connections took it.
   */
  broadcast(sessionId: string, notification: PushNotification): Promise<number>;
  /** Continues an `httpcb` delivery from a `push-retry` work message (the worker calls it). */
  retryDelivery(message: WorkMessage): Promise<void>;
}

// ---- CometD (Bayeux) clients at /genesys/cometd (issue 10) ----

/** A Bayeux client as stored: the domain's record, and the WebSocket it last connected over. */
export interface StoredBayeuxClient extends BayeuxClient {
  /** The API Gateway (or local) WebSocket connection of its last `/meta/connect`; none: long-polling. */
  connectionId?: string;
}

/** A message waiting for a long-polling client's next `/meta/connect`. */
export interface PendingBayeuxMessage {
  id: string;
  createdAt: number;
  message: unknown;
}

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

/** API Gateway's management API (PostToConnection), or the local server answering it. */
export interface ConnectionSender {
  /** `gone` when the connection no longer exists (HTTP 410): the caller forgets it. */
  send(connectionId: string, data: string): Promise<'sent' | 'gone'>;
}

// ---- Routing: the built-in router's agents, waiting queue and handle times; the dialer (helper D1) ----

/** A reservation: one transaction or nothing (see `RoutingStore.reserve`). */
export interface Reservation {
  /** The agent as it must be after the reservation (RESERVED, holding the callback, version + 1). */
  agent: AgentRecord;
  /** The agent as read (READY): its READY set membership goes. */
  from: AgentRecord;
  /** The callback goes QUEUED -> ROUTING only if its version is still this one. */
  callbackId: string;
  callbackVersion: number;
  /** That change (`transition` to ROUTING with the agent): what the transaction writes to the callback. */
  change: CallbackChange;
  /** The waiting entry the callback leaves. */
  entry: WaitingEntry;
  now: number;
}

/**
 * A reservation given back (its dial result was lost): one transaction or nothing (see
 * `RoutingStore.requeue`).
 */
export interface Requeue {
  /** The agent as it must be after (holding nothing, version + 1), written only over version - 1. */
  agent: AgentRecord;
  /** The callback goes ROUTING (held by `agent`) -> QUEUED only if its version is still this one. */
  callbackId: string;
  callbackVersion: number;
  /**
   * That change (`transition` to QUEUED, leaving the agent, with `set.dialAttempts`: the attempts
   * made so far; the next reservation dials `dialAttempts + 1`).
   */
  change: CallbackChange;
  /** The waiting entry the callback goes back to (its original queue time keeps its place). */
  entry: WaitingEntry;
  now: number;
}

/** A queue of the router that has held waiting callbacks, and a target its callbacks had. */
export interface ActiveQueue {
  queueKey: string;
  target?: string;
}

/**
 * The built-in router's state. No method reads every agent or every waiting callback except the
 * admin listing (`listAgents`, paged): routing steps read the set of READY agents under one key,
 * the head of a queue, one entry, or a queue's counters, so their cost does not grow with the
 * queue length or the number of agents.
 */
export interface RoutingStore {
  getAgent(id: string): Promise<AgentRecord | undefined>;
  /** The agents with these ids that exist (batched reads). */
  getAgents(ids: readonly string[]): Promise<AgentRecord[]>;
  /** One page of every agent known (logged out ones too), in id order, after `after`. */
  listAgents(after: string | undefined, limit: number): Promise<{ agents: AgentRecord[]; next?: string }>;
  /**
   * Ids of RESERVED agents whose phase `deadline` is at or before `until`, earliest first, at most
   * `limit`: read from an index, so the cost does not grow with the number of agents. The index
   * may lag: callers re-read the agent.
   */
  listOverdueAgents(until: number, limit: number): Promise<string[]>;
  /** Ids of BUSY agents due for a check that their callback still runs (same index, same caveat). */
  listBusyToCheck(until: number, limit: number): Promise<string[]>;
  /** A BUSY agent found still connected is checked again at `at` (only if still at `agent.version`). */
  postponeBusyCheck(agent: AgentRecord, at: number): Promise<void>;
  /**
   * Writes `agent` only if the stored version is `expectedVersion` (`undefined`: the agent must
   * not exist yet). Returns false when another write came first.
   */
  saveAgent(agent: AgentRecord, expectedVersion: number | undefined): Promise<boolean>;
  /**
   * READY agents that may serve `target`, READY longest first, at most `limit`. Read from the
   * READY set of the target's key: a member that left READY meanwhile is dropped here, and the
   * reservation's condition (READY, version) settles any later race.
   */
  readyAgents(target: RoutingTarget, limit: number): Promise<AgentRecord[]>;
  /** Logged-in agents that may serve `target` (for a skill expression: those with its first skill). */
  servingAgents(target: RoutingTarget): Promise<number>;
  /** The waiting entry of the callback, if it waits. */
  getWaiting(callbackId: string): Promise<WaitingEntry | undefined>;
  /** Which of these callbacks wait (batched reads). */
  waitingAmong(callbackIds: readonly string[]): Promise<Set<string>>;
  /**
   * The first `limit` entries of each shard of a queue (`queueKeyOf`), merged in serving order:
   * the first `limit` of the result are exactly the queue's first `limit`.
   */
  waitingHead(queueKey: string, limit: number): Promise<WaitingEntry[]>;
  /** A queue's order counters (tickets issued, departures). */
  queueTotals(queueKey: string): Promise<QueueTotals>;
  /** Waiting callbacks per service, from the queues' counters (no read of the queues). */
  waitingByService(): Promise<Map<string, number>>;
  /** The queues that have held waiting callbacks, with their targets (cached briefly). */
  activeQueues(): Promise<ActiveQueue[]>;
  /** Waiting entries whose `deadline` is at or before `until`, from an index, at most `limit`. */
  listOverdueWaiting(until: number, limit: number): Promise<WaitingEntry[]>;
  /** Adds the entry with a ticket, or leaves the one already there for the same callback untouched. */
  putWaiting(entry: WaitingEntry): Promise<void>;
  /** Removes the entry (counted as a departure once, only if it was there). */
  removeWaiting(entry: WaitingEntry): Promise<void>;
  /**
   * ONE transaction: the agent READY -> RESERVED (conditional on its version), the callback
   * QUEUED -> ROUTING with `agentId` (conditional on its version and state), the waiting
   * entry deleted and counted as a departure. False when any condition failed: nothing was written.
   */
  reserve(reservation: Reservation): Promise<boolean>;
  /**
   * ONE transaction, the reverse of `reserve`: the agent freed (conditional on its version), the
   * callback ROUTING -> QUEUED with `dialAttempts` (conditional on its version, state and agent),
   * and its waiting entry put back (its departure taken back). False when any condition failed.
   */
  requeue(requeue: Requeue): Promise<boolean>;
  /** Remembers how long a completed callback of `queueKey` took (for the estimated wait time). */
  recordHandleTime(queueKey: string, callbackId: string, completedAt: number, seconds: number): Promise<void>;
  /** The most recent handle times of `queueKey`, newest first. */
  recentHandleTimes(queueKey: string, limit: number): Promise<number[]>;
}

/** One attempt to call the customer of a user-terminated callback. */
export interface DialRequest {
  callbackId: string;
  customerNumber: string;
  agentId: string;
  /** Unique per callback (numbering continues across reservations): the result must echo it. */
  attempt: number;
}

export type DialOutcome = 'answered' | 'busy' | 'no-answer';

/**
 * The telephony side. `dial` only asks; the outcome comes back later as the work message
 * `{kind: 'dial-result', id: <callbackId>, data: {outcome, attempt, agentId}}`.
 */
export interface Dialer {
  dial(request: DialRequest): Promise<void>;
}

/** Where a callback stands in its router's queue (`check-queue-position`). */
export interface CallbackQueuePosition {
  /** 1 for the next callback served; 0 once an agent is reserved or connected. */
  position: number;
  /** Estimated wait in seconds; `n/a` when the router has nothing to estimate from. */
  eta: number | 'n/a';
  /** Callbacks waiting in the same queue. */
  totalWaiting: number;
  /** `_agent_ready_threshold_passed` and its reason. */
  readyThresholdPassed: boolean;
  readyThresholdReason: string;
}

/**
 * What the callback flows need from a router: the built-in one (`handlers/routing/`,
 * `BuiltInRouter`), or a contact centre such as Amazon Connect in its place. The callback side
 * owns the record and its states; the router is told what happened to a callback and answers
 * where it stands. Every call may be repeated (work messages arrive at least once): an
 * implementation re-reads the callback and does nothing when it moved on.
 */
export interface Router {
  /** The callback became QUEUED (created, activated, rescheduled back): queue it, offer it to an agent. */
  callbackQueued(callbackId: string): Promise<void>;
  /** The customer's call matched a user-originated callback (`match-interaction`). */
  customerCallArrived(callbackId: string): Promise<void>;
  /** The customer of a delayed callback confirmed (`connect`): start the call. */
  customerConfirmed(callbackId: string): Promise<void>;
  /**
   * The callback left routing from outside (cancelled, rescheduled, expired): forget it and free
   * the agent that held it (`agentId`, when the caller knows it).
   */
  callbackEnded(callbackId: string, agentId?: string): Promise<void>;
  /**
   * Position and estimated wait of a QUEUED, ROUTING or PROCESSING callback. A QUEUED callback
   * always has one (the built-in router places one not in its waiting queue yet last of its
   * queue); undefined only from a router that cannot place it at all.
   */
  queuePosition(record: CallbackRecord): Promise<CallbackQueuePosition | undefined>;
}

// ---- Chat (issue 4): chat headers and transcripts ----

/**
 * Chats and their transcripts. Positions are allocated by `append` in one transaction with the
 * event, so they are dense and unique under concurrent writers, and a writer that dies writes
 * nothing.
 */
export interface ChatStore {
  /** Writes the header if no chat with that id exists; returns whether it did. */
  create(session: ChatSession): Promise<boolean>;
  get(id: string): Promise<ChatSession | undefined>;
  /**
   * Reads the header, asks `decide` what to write, and commits the event at `last + 1` with the
   * header change, conditional on `last` being unchanged; on a race it reads and decides again.
   * `decide` returning undefined writes nothing (`event` is then undefined).
   */
  append(
    id: string,
    decide: (session: ChatSession) => ChatTransition | undefined,
  ): Promise<{ session: ChatSession; event?: ChatEvent } | undefined>;
  /** Events with position > `after`, in order: one page (`TRANSCRIPT_PAGE_EVENTS`, `_TEXT_BYTES`). */
  events(id: string, after: number): Promise<ChatEvent[]>;
}

// ---- Reporting (issue 6): per-minute figures ----

/** One minute of a series: figure name -> value. */
export interface MinuteFigures {
  minute: number;
  values: Record<string, number>;
}

/**
 * Per-minute figures of named series. Every write is atomic on its own (`ADD`, a conditional
 * raise of a maximum, a `SET` of a sample), so concurrent writers never lose an increment.
 */
export interface MetricsStore {
  write(writes: MetricWrite[]): Promise<void>;
  /** The minutes of `series` in [from, to) that have figures, in order. */
  read(series: string, from: number, to: number): Promise<MinuteFigures[]>;
}

/** Records what happens for reports; never fails the operation that reports it. */
export interface MetricsPort {
  record(...events: MetricEvent[]): Promise<void>;
  /** Sampled gauges (the one-minute tick): `set` figures of the minute of `at`. */
  sample(series: string, at: number, gauges: Record<string, number>): Promise<void>;
}

/**
 * Counts for CloudWatch (operational and business metrics, namespace `GMS`): buffered in the
 * process and published once per invocation by the handler wrapper, so counting costs no call.
 */
export interface OperationalMetrics {
  /** Adds `by` (default 1) to the count of `name` with these dimensions (`stage` is added for all). */
  count<N extends OperationalMetricName>(name: N, dimensions: OperationalDimensions<N>, by?: number): void;
  /** Publishes what was counted since the last flush; nothing when nothing was counted. */
  flush(): void;
}

// ---- Monitoring: queue figures and the scheduler's heartbeat ----

/** Approximate figures of the work queue (SQS's `ApproximateNumberOf...` attributes). */
export interface QueueFigures {
  /** Messages ready to be received. */
  depth: number;
  /** Received and not yet deleted (being processed, or waiting out a visibility timeout). */
  inFlight: number;
  /** Sent with a delay that has not passed yet. */
  delayed: number;
  /** Messages in the dead-letter queue (failed every receive). */
  deadLetters: number;
}

export interface QueueStats {
  stats(): Promise<QueueFigures>;
}

/** One run of the one-minute tick. */
export interface TickRecord {
  at: number;
  /** Tick jobs that failed in that run. */
  failedJobs: number;
}

/** The latest tick run, one write per tick, so the monitor can tell the scheduler's lag. */
export interface TickRecordStore {
  record(tick: TickRecord): Promise<void>;
  last(): Promise<TickRecord | undefined>;
}

// ---- Notification API: subscriptions by filter (GMS `/genesys/1/notification/...`) ----

export interface NotificationSubscriptionStore {
  put(subscription: NotificationSubscription): Promise<void>;
  /** The live subscription with this id, if any. */
  get(id: string, now: number): Promise<NotificationSubscription | undefined>;
  /** Returns false when no such subscription exists. */
  remove(id: string): Promise<boolean>;
  /** Live subscriptions of `filter`, counted up to `limit` (the read stops there). */
  count(filter: string, now: number, limit: number): Promise<number>;
  /** The live subscriptions whose filter is exactly `filter`, read page by page. */
  byFilter(filter: string, now: number): AsyncIterable<NotificationSubscription[]>;
}

// ---- Native mobile push (helper "native"): Amazon SNS mobile push in AWS, the push simulator locally ----

/** What sending to one device came to; `detail` says why it was not delivered (logged). */
export interface MobilePushResult {
  outcome: DeviceDelivery;
  detail?: string;
}

/** Amazon SNS mobile push (platform endpoints of the configured platform applications), or the local simulator. */
export interface MobilePushService {
  /** The platforms with a platform application configured. */
  readonly platforms: readonly NativePlatform[];
  /**
   * The endpoint of `token` in the platform application (SNS returns the existing one for a
   * token it knows). `invalid` when the platform refuses the token itself.
   */
  createEndpoint(
    platform: NativePlatform,
    token: string,
  ): Promise<{ endpointArn: string } | MobilePushResult>;
  /** Publishes `message` (`MessageStructure: 'json'`) to the endpoint. */
  publish(endpointArn: string, message: string): Promise<MobilePushResult>;
  /** Deletes an endpoint that no longer works (a later push to its token creates a new one). */
  deleteEndpoint(endpointArn: string): Promise<void>;
}

/** The SNS endpoint ARN of each device token, so `CreatePlatformEndpoint` runs once per token. */
export interface PushEndpointStore {
  get(platform: NativePlatform, token: string): Promise<string | undefined>;
  put(platform: NativePlatform, token: string, endpointArn: string): Promise<void>;
  /** Forgets the endpoint, unless another one was stored for the token meanwhile. */
  forget(platform: NativePlatform, token: string, endpointArn: string): Promise<void>;
}

/**
 * The first administrator's password, which the stack generates into Secrets Manager (AWS only):
 * the admin function seeds user `default` from it when there is no user yet.
 */
export interface AdminSecretSource {
  /** The secret's `password` field; fails when the secret has none. */
  password(): Promise<string>;
}

/** One table's answer to the health probe. */
export interface TableProbe {
  /** The table's id (`config`, `callbacks`...). */
  id: string;
  name: string;
  ok: boolean;
  /** Round trip of the probe read, in milliseconds (wall time, whatever clock the app uses). */
  latencyMs: number;
  /** The error's name when the read failed (e.g. `AccessDeniedException`, `ResourceNotFoundException`). */
  error?: string;
}

/** Whether each table this function was given answers a read (health and the monitor). */
export interface TableHealth {
  probe(): Promise<TableProbe[]>;
}

/**
 * Every port by name: the vocabulary use cases pick from (`Pick<Ports, 'callbacks' | 'clock'>`).
 * A composition root builds the ones its functions need; nothing takes the whole bag.
 */
export interface Ports {
  runtime: RuntimeConfig;
  clock: Clock;
  ids: IdGenerator;
  config: ConfigStore;
  templates: TemplateStore;
  users: UserStore;
  tokens: TokenStore;
  /** Rate limits and failed-attempt lockouts, shared by every instance. */
  attempts: AttemptCounter;
  /** `Idempotency-Key`s of creates and their first answers. */
  idempotency: IdempotencyStore;
  node: NodeStatusStore;
  sessions: SessionStore;
  storage: StorageStore;
  accessNumbers: AccessNumberStore;
  callbacks: CallbackStore;
  /** Status notifications, report metrics and counts of callback writes, published by each flow after its write. */
  callbackEvents: CallbackEvents;
  /** Gives callbacks from before `byServiceShard` its key (tick job; local start runs it to the end). */
  callbackIndexUpgrade: DataUpgrade;
  /** The work queue (SQS in AWS, `LocalWorkQueue` locally). */
  queue: WorkQueue;
  /** WebSocket connections and their session subscriptions. */
  connections: ConnectionStore;
  /** Notifications waiting for `retrieve-notifications` / `retrieve-agent-notifications`. */
  notifications: NotificationStore;
  /** PostToConnection (API Gateway's management API, or the local server's stand-in). */
  sockets: ConnectionSender;
  /** CometD clients at `/genesys/cometd`: their subscriptions and the messages waiting for them. */
  bayeux: BayeuxStore;
  /** Delivery to devices: WebSocket (comet), httpcb, else kept for poll. */
  push: PushPort;
  /** Delivery channels by GMS channel type (`DeviceChannels`); each channel adds its types here. */
  deviceChannels: DeviceChannels;
  /** Notification API subscriptions, found by filter at publish. */
  notificationSubscriptions: NotificationSubscriptionStore;
  /** Native push (`ios`, `android`, `gcm`, `fcm`): Amazon SNS mobile push in AWS, the push simulator locally. */
  mobilePush: MobilePushService;
  /** The SNS endpoint of each device token (created once per token). */
  pushEndpoints: PushEndpointStore;
  /** The built-in router: agents, waiting queue, handle times. */
  routing: RoutingStore;
  /** What the callback flows tell a router and ask it (the built-in router; a contact centre could replace it). */
  router: Router;
  /** Calls customers of user-terminated callbacks (EventBridge in AWS, a simulator locally). */
  dialer: Dialer;
  /** Chat sessions and transcripts (Chat API v1). */
  chats: ChatStore;
  /** Per-minute report figures (read by the reports). */
  metricsStore: MetricsStore;
  /** Records what happens for reports (service accesses, allocations, callback changes...). */
  metrics: MetricsPort;
  /**
   * CloudWatch counts (EMF in AWS, flushed once per invocation by the handler wrapper); locally
   * kept in memory, so `npm start` prints no EMF lines.
   */
  operationalMetrics: OperationalMetrics;
  /** Work queue figures for the monitor (SQS attributes in AWS, the local queue's counts locally). */
  queueStats: QueueStats;
  /** The latest run of the one-minute tick (the monitor's scheduler lag). */
  ticks: TickRecordStore;
  /** A read of every table this function was given: health and the monitor. */
  tableHealth: TableHealth;
  /** Local mode sets this so `changestatus/SHUTDOWN` stops the process; in AWS there is nothing to stop. */
  onShutdownRequested?: () => void;
  /** Absent without `GMS_ADMIN_SECRET_ID` (local mode seeds its first administrator itself). */
  adminSecret?: AdminSecretSource;
}
