import type { TableId } from '../functions/adapters/dynamodb/table-definitions.js';
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
  /** Pushes to WebSocket clients (`execute-api:ManageConnections` on the live stage's connections). */
  pushes?: boolean;
  /** POSTs `httpcb` notifications, signed with the push signing secret (read access to that secret). */
  signsWebhooks?: boolean;
  description: string;
}

/** Least privilege, per Lambda function. */
export const FUNCTION_PERMISSIONS: Readonly<Record<FunctionId, FunctionPermissions>> = {
  system: {
    // Health probes each table.
    tables: {
      config: 'RO',
      sessions: 'RO',
      resources: 'RO',
      callbacks: 'RO',
      routing: 'RO',
      connections: 'RO',
      chats: 'RO',
    },
    description: 'GMS health and OpenAPI document',
  },
  service: {
    // match-interaction hands a matched callback session to the worker; request-chat opens a chat.
    tables: { config: 'RW', sessions: 'RW', resources: 'RW', callbacks: 'RW', chats: 'RW' },
    sendsWork: true,
    description: 'GMS service API: sessions and access numbers',
  },
  storage: {
    tables: { sessions: 'RW' },
    description: 'GMS storage API',
  },
  patterns: {
    tables: { config: 'RO' },
    description: 'GMS patterns API (pattern matching against configured groups)',
  },
  admin: {
    // Callback queues, watermarks and cancel; the routing table only for queue figures.
    tables: { config: 'RW', sessions: 'RW', resources: 'RW', callbacks: 'RW', routing: 'RO' },
    // Admin cancel tells the router (callback-ended) and emits status notifications.
    sendsWork: true,
    adminSecret: true,
    description: 'GMS management API, login and node status',
  },
  callback: {
    tables: {
      config: 'RO',
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      // The customer's side of Chat API v1 (ixn/chat...).
      chats: 'RW',
    },
    sendsWork: true,
    pushes: true,
    signsWebhooks: true,
    description: 'GMS callback API: create, query, reschedule, cancel, availability, session requests',
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
    },
    sendsWork: true,
    pushes: true,
    signsWebhooks: true,
    description: 'Agent API of the built-in router',
  },
  'callback-worker': {
    tables: {
      config: 'RO',
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
    },
    // Re-enqueues: dial retries, push retries with backoff, follow-up steps.
    sendsWork: true,
    pushes: true,
    signsWebhooks: true,
    description: 'Work queue consumer: callback activation, routing, dialing and push',
  },
  'scheduler-tick': {
    tables: { config: 'RO', callbacks: 'RW', routing: 'RW' },
    sendsWork: true,
    description: 'One-minute tick: enqueues what falls due before the next tick',
  },
  websocket: {
    tables: { sessions: 'RW', connections: 'RW', callbacks: 'RO' },
    pushes: true,
    description: 'WebSocket API: connections and session subscriptions',
  },
};
