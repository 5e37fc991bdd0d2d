import {
  CONFIG_PARTITIONS_WITHOUT_USERS,
  TABLES,
  USER_PARTITION,
  type TableId,
} from '../functions/adapters/dynamodb/table-definitions.js';
import type { Area } from '../functions/http/route-spec.js';
import type { TableAccess } from './gms-function.js';

/** Background functions, beside the HTTP areas: the queue consumer, the one-minute tick and the WebSocket API's. */
export type BackgroundFunction = 'callback-worker' | 'scheduler-tick' | 'websocket';

/** Every Lambda function of the stack: one per HTTP area of `ALL_ROUTES`, and the background ones. */
export type FunctionId = Area | BackgroundFunction;

export interface FunctionPermissions {
  /** Tables the function may use, and how. Tables not listed get no access at all. */
  tables: Partial<Record<TableId, TableAccess>>;
  /** Reads the initial admin password from Secrets Manager. */
  adminSecret?: boolean;
  /**
   * Sends work messages (`sqs:SendMessage` on the work queue only). Receiving is not a permission
   * here: only the callback worker consumes, through its event source mapping.
   */
  sendsWork?: boolean;
  /**
   * Asks the telephony side to call customers: `events:PutEvents` on the dial bus, only for events
   * whose source is `gms.callback` (the `DialRequested` events), and the bus name.
   */
  dials?: boolean;
  /** Pushes to WebSocket clients (`execute-api:ManageConnections` on the live stage's connections). */
  pushes?: boolean;
  /**
   * Sends native push (SNS mobile push): `sns:CreatePlatformEndpoint` on the configured platform
   * applications, `sns:Publish` and `sns:DeleteEndpoint` on their endpoints. Nothing when no
   * platform application is configured.
   */
  pushesNative?: boolean;
  /** POSTs `httpcb` notifications, signed with the push signing secret (read access to that secret). */
  signsWebhooks?: boolean;
  /**
   * Reads the work queue's and its dead-letter queue's approximate counts (`sqs:GetQueueAttributes`
   * on both, with both URLs): the monitor. Nothing else on the dead-letter queue.
   */
  readsQueueStats?: boolean;
  description: string;
}

/**
 * Config without the users (and their password hashes): for every function that authenticates
 * nobody. Only admin (login, users), agent, reports, websocket (`agent-chat` frames) and service
 * (match-interaction's telephony credentials) check credentials; they alone read users and the
 * `tokens` table.
 */
const CONFIG_WITHOUT_USERS: TableAccess = { readKeys: CONFIG_PARTITIONS_WITHOUT_USERS };

/**
 * The health probe reads the key `health` (which never exists) of every table, and the node
 * status from config: nothing else, so the public health route can read no data at all.
 */
const HEALTH_PROBE_ONLY = Object.fromEntries(
  TABLES.map((t): [TableId, TableAccess] => [
    t.id,
    { readKeys: t.id === 'config' ? ['health', 'node'] : ['health'] },
  ]),
) as Record<TableId, TableAccess>;

/** Least privilege, per Lambda function. */
export const FUNCTION_PERMISSIONS: Readonly<Record<FunctionId, FunctionPermissions>> = {
  system: {
    // Health probes each table; the `$default` route (unknown paths) answers without reading any.
    tables: HEALTH_PROBE_ONLY,
    description: 'GMS health and OpenAPI document',
  },
  service: {
    // match-interaction hands a matched callback session to the worker; request-chat opens a chat.
    // Every function that changes callbacks or access numbers records report metrics.
    // The public service API never writes configuration: read only. It reads users and tokens for
    // one thing: match-interaction's telephony side may prove itself with credentials (Basic or a
    // bearer token of an Administrator or Supervisor) to get `_return_data` back, so this function
    // authenticates too.
    tables: {
      config: { readKeys: [...CONFIG_PARTITIONS_WITHOUT_USERS, USER_PARTITION] },
      tokens: 'RO',
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      chats: 'RW',
      metrics: 'RW',
    },
    sendsWork: true,
    description: 'GMS service API: sessions and access numbers',
  },
  storage: {
    // Config: only the `server` section (public API authentication and rate limit), not users.
    tables: { config: { readKeys: ['server'] }, sessions: 'RW' },
    description: 'GMS storage API',
  },
  patterns: {
    // Only the pattern groups (public, unauthenticated, no API lock-down).
    tables: { config: { readKeys: ['pattern-group'] } },
    description: 'GMS patterns API (pattern matching against configured groups)',
  },
  admin: {
    // Callback queues, watermarks and cancel; the routing table only for queue figures.
    // The monitor reads every table once (connections and chats too: read only), counts the live
    // WebSocket connections and reads the tick's heartbeat in metrics.
    tables: {
      config: 'RW',
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RO',
      connections: 'RO',
      chats: 'RO',
      metrics: 'RW',
      // Login issues bearer tokens, logout revokes them.
      tokens: 'RW',
    },
    // Admin cancel tells the router (callback-ended) and emits status notifications.
    sendsWork: true,
    readsQueueStats: true,
    adminSecret: true,
    description: 'GMS management API, login and node status',
  },
  callback: {
    tables: {
      config: CONFIG_WITHOUT_USERS,
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      metrics: 'RW',
    },
    sendsWork: true,
    pushes: true,
    // Agent-available pushes and chat events to `ios`/`android`/`gcm`/`fcm` devices.
    pushesNative: true,
    signsWebhooks: true,
    description: 'GMS callback API: create, query, reschedule, cancel, availability',
  },
  session: {
    tables: {
      config: CONFIG_WITHOUT_USERS,
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      // The customer's side of Chat API v1 (ixn/chat...).
      chats: 'RW',
      metrics: 'RW',
    },
    sendsWork: true,
    pushes: true,
    // Agent-available pushes and chat events to `ios`/`android`/`gcm`/`fcm` devices.
    pushesNative: true,
    signsWebhooks: true,
    description:
      'Requests on a live session (queue position, dialogs, notifications), customer chat, CometD, Notification API',
  },
  agent: {
    // The agent joins, reads, writes and leaves the chats it accepts.
    tables: {
      config: 'RO',
      sessions: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'RW',
      metrics: 'RW',
      tokens: 'RO',
    },
    sendsWork: true,
    // An agent made ready, or done with its callback, is offered the next one and dialed at once.
    dials: true,
    pushes: true,
    // Agent-available pushes and chat events to `ios`/`android`/`gcm`/`fcm` devices.
    pushesNative: true,
    signsWebhooks: true,
    description: 'Agent API of the built-in router',
  },
  'callback-worker': {
    tables: {
      config: CONFIG_WITHOUT_USERS,
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      metrics: 'RW',
    },
    // Re-enqueues: dial retries, push retries with backoff, follow-up steps.
    sendsWork: true,
    dials: true,
    pushes: true,
    // Agent-available pushes and chat events to `ios`/`android`/`gcm`/`fcm` devices.
    pushesNative: true,
    signsWebhooks: true,
    description: 'Work queue consumer: callback activation, routing, dialing and push',
  },
  'scheduler-tick': {
    // Samples the report gauges and frees expired access-number locks (counting the timeouts).
    tables: { config: CONFIG_WITHOUT_USERS, resources: 'RW', callbacks: 'RW', routing: 'RW', metrics: 'RW' },
    sendsWork: true,
    // Recovers reservations whose dial result never came: redials.
    dials: true,
    description: 'One-minute tick: enqueues what falls due before the next tick, samples report gauges',
  },
  reports: {
    // Live availability counts the resource groups' numbers. Its routes authenticate: users (config)
    // and bearer tokens (read only), the failed-login counters (read before, written after each
    // password check) in sessions.
    tables: { config: 'RO', sessions: 'RW', resources: 'RO', metrics: 'RO', tokens: 'RO' },
    description: 'GMS reports: resources, services, callbacks, operational metrics (JSON, CSV, XLSX, PDF)',
  },
  websocket: {
    // Subscriptions (only to live sessions: a service session, else a callback, is read first;
    // pending notifications in sessions); `agent-chat` frames run the agent
    // API's chat requests, so also what the agent function has for them: bearer tokens (tokens)
    // and users (config), the chat, its callback and the agent (routing), report metrics, and on
    // disconnect the agent's next offer (work queue, pushes, signed httpcb status notifications).
    tables: {
      config: 'RO',
      sessions: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'RW',
      metrics: 'RW',
      tokens: 'RO',
    },
    sendsWork: true,
    // `agent-chat` frames that end the agent's work offer it (and dial) the next callback.
    dials: true,
    pushes: true,
    // Agent-available pushes and chat events to `ios`/`android`/`gcm`/`fcm` devices.
    pushesNative: true,
    signsWebhooks: true,
    description: 'WebSocket API: connections, session subscriptions and agent chat commands',
  },
};

/** Every function id, in `FUNCTION_PERMISSIONS` order. */
export const FUNCTION_IDS = Object.keys(FUNCTION_PERMISSIONS) as readonly FunctionId[];
