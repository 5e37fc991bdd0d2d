import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, tableEnvVar, type TableId } from '../functions/adapters/dynamodb/table-definitions.js';
import { USER_PARTITION } from '../functions/adapters/dynamodb/table-definitions.js';
import { DIAL_EVENT_SOURCE } from '../functions/adapters/eventbridge/eventbridge-dialer.js';
import { ALL_ROUTES, AREAS } from '../functions/routes/index.js';
import type { FunctionId } from '../lib/area-permissions.js';
import { CHUNK_DIR, REQUIRE_BANNER } from '../lib/function-bundle.js';
import {
  actionsOf,
  logicalIdOf,
  mentions,
  statementsOfRole,
  synthGmsStack,
  type GmsFixture,
  type Statement,
} from './gms-stack-fixture.js';

/**
 * The intended access of each function, written out here on purpose (not read from
 * lib/area-permissions.ts): widening a function's access must change this test too.
 * `queue`: `send` is sqs:SendMessage alone; `consume` adds what the event source mapping needs.
 * `push`: execute-api:ManageConnections on the WebSocket stage's connections.
 */
/** `keys:a,b`: GetItem/Query only on items whose partition key is `a` or `b` (dynamodb:LeadingKeys). */
type Access = 'none' | 'RO' | 'RW' | `keys:${string}`;
/** Config without the `user` partition (users and their password hashes). */
const NO_USERS = 'keys:node,pattern-group,resource-group,server,service,template';
interface Expected {
  tables: Record<TableId, Access>;
  queue: 'none' | 'send' | 'consume+send';
  push: boolean;
  /** Reads the push signing secret (signs httpcb notifications). */
  signs: boolean;
  /** Publishes `DialRequested` events (events:PutEvents on the dial bus). */
  dials?: true;
  /** The monitor: sqs:GetQueueAttributes on the work queue and its dead-letter queue, and both URLs. */
  queueStats?: true;
  timeout: number;
}
const EXPECTED: Record<FunctionId, Expected> = {
  system: {
    // The health probe's `health` key of each table, and the node status: no data.
    tables: {
      config: 'keys:health,node',
      sessions: 'keys:health',
      resources: 'keys:health',
      callbacks: 'keys:health',
      routing: 'keys:health',
      connections: 'keys:health',
      chats: 'keys:health',
      metrics: 'keys:health',
      tokens: 'keys:health',
    },
    queue: 'none',
    push: false,
    signs: false,
    timeout: 10,
  },
  service: {
    // Users and tokens, read only: match-interaction's telephony credentials (`_return_data`).
    tables: {
      config: 'keys:node,pattern-group,resource-group,server,service,template,user',
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'none',
      connections: 'none',
      chats: 'RW',
      metrics: 'RW',
      tokens: 'RO',
    },
    queue: 'send',
    push: false,
    signs: false,
    timeout: 10,
  },
  storage: {
    tables: {
      // The public API's lock-down settings (`server` section), never the users.
      config: 'keys:server',
      sessions: 'RW',
      resources: 'none',
      callbacks: 'none',
      routing: 'none',
      connections: 'none',
      chats: 'none',
      metrics: 'none',
      tokens: 'none',
    },
    queue: 'none',
    push: false,
    signs: false,
    timeout: 10,
  },
  patterns: {
    tables: {
      config: 'keys:pattern-group',
      sessions: 'none',
      resources: 'none',
      callbacks: 'none',
      routing: 'none',
      connections: 'none',
      chats: 'none',
      metrics: 'none',
      tokens: 'none',
    },
    queue: 'none',
    push: false,
    signs: false,
    timeout: 10,
  },
  admin: {
    tables: {
      config: 'RW',
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RO',
      // The monitor reads every table and counts the live WebSocket connections.
      connections: 'RO',
      chats: 'RO',
      metrics: 'RW',
      tokens: 'RW',
    },
    queue: 'send',
    push: false,
    signs: false,
    queueStats: true,
    timeout: 10,
  },
  callback: {
    tables: {
      config: NO_USERS,
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'none',
      metrics: 'RW',
      tokens: 'none',
    },
    queue: 'send',
    push: true,
    signs: true,
    timeout: 10,
  },
  session: {
    tables: {
      config: NO_USERS,
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'RW',
      metrics: 'RW',
      tokens: 'none',
    },
    queue: 'send',
    push: true,
    signs: true,
    timeout: 10,
  },
  agent: {
    tables: {
      config: 'RO',
      sessions: 'RW',
      resources: 'none',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'RW',
      metrics: 'RW',
      tokens: 'RO',
    },
    queue: 'send',
    dials: true,
    push: true,
    signs: true,
    timeout: 10,
  },
  'callback-worker': {
    tables: {
      config: NO_USERS,
      sessions: 'RW',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'none',
      metrics: 'RW',
      tokens: 'none',
    },
    queue: 'consume+send',
    dials: true,
    push: true,
    signs: true,
    timeout: 30,
  },
  'scheduler-tick': {
    tables: {
      config: NO_USERS,
      sessions: 'none',
      resources: 'RW',
      callbacks: 'RW',
      routing: 'RW',
      connections: 'none',
      chats: 'none',
      metrics: 'RW',
      tokens: 'none',
    },
    queue: 'send',
    dials: true,
    push: false,
    signs: false,
    timeout: 55,
  },
  reports: {
    tables: {
      config: 'RO',
      sessions: 'RW',
      resources: 'RO',
      callbacks: 'none',
      routing: 'none',
      connections: 'none',
      chats: 'none',
      metrics: 'RO',
      tokens: 'RO',
    },
    queue: 'none',
    push: false,
    signs: false,
    timeout: 10,
  },
  websocket: {
    tables: {
      // Users, for the bearer token of `agent-chat` frames.
      config: 'RO',
      // Subscribing hands over notifications kept for poll (taken from, and on failure put back in, sessions).
      sessions: 'RW',
      resources: 'none',
      // `agent-chat` frames: the agent API's chat requests, disconnect completing the callback.
      callbacks: 'RW',
      routing: 'RW',
      connections: 'RW',
      chats: 'RW',
      metrics: 'RW',
      tokens: 'RO',
    },
    queue: 'send',
    dials: true,
    push: true,
    signs: true,
    timeout: 10,
  },
};

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack();
});

/** The functions this tree deploys: every area of `AREAS` and the background functions. */
const DEPLOYED: FunctionId[] = [...AREAS, 'callback-worker', 'scheduler-tick', 'websocket'];

const fn = (id: FunctionId) => {
  const found = f.stack.functions[id];
  expect(found, id).toBeDefined();
  return found!;
};
const fnResource = (id: FunctionId) =>
  f.template.findResources('AWS::Lambda::Function')[logicalIdOf(fn(id))]!;
const envOf = (id: FunctionId) => fnResource(id).Properties.Environment.Variables as Record<string, unknown>;
const statementsOf = (id: FunctionId): Statement[] => statementsOfRole(f.template, logicalIdOf(fn(id).role!));
const tableLogicalId = (id: TableId) => logicalIdOf(f.stack.data.tables[id]);
const workQueueId = () => logicalIdOf(f.stack.data.queues.work);
const webSocketApiId = () => logicalIdOf(f.stack.webSocket.api);

/** The partition keys a statement is limited to, when it is. */
const leadingKeysOf = (s: Statement): unknown =>
  s.Condition?.['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'];

function accessTo(statements: Statement[], id: TableId): Access {
  const granting = statements.filter((s) => s.Effect === 'Allow' && mentions(s, tableLogicalId(id)));
  const actions = granting.flatMap(actionsOf);
  if (actions.length === 0) return 'none';
  if (actions.some((a) => WRITE_ACTIONS.includes(a) || a === 'dynamodb:*')) return 'RW';
  const keys = granting.map(leadingKeysOf);
  if (keys.every((k) => Array.isArray(k)))
    return `keys:${[...new Set(keys.flat() as string[])].sort().join(',')}`;
  return 'RO';
}

const QUEUE_STATS_ACTION = 'sqs:GetQueueAttributes';

/** Actions on the work queue, the monitor's read of its counts aside (checked on its own). */
function queueActionsOf(id: FunctionId): string[] {
  return statementsOf(id)
    .filter((s) => s.Effect === 'Allow' && mentions(s, workQueueId()))
    .flatMap(actionsOf)
    .filter((a) => !(EXPECTED[id].queueStats && a === QUEUE_STATS_ACTION));
}

function queueAccess(id: FunctionId): Expected['queue'] {
  const actions = queueActionsOf(id);
  if (actions.length === 0) return 'none';
  if (CONSUME_ACTIONS.every((a) => actions.includes(a)))
    return actions.includes('sqs:SendMessage') ? 'consume+send' : 'none';
  return actions.includes('sqs:SendMessage') ? 'send' : 'none';
}

const pushStatements = (id: FunctionId) =>
  statementsOf(id).filter(
    (s) => s.Effect === 'Allow' && actionsOf(s).includes('execute-api:ManageConnections'),
  );

describe('Lambda functions', () => {
  it('has one function per area, the worker, the tick and the WebSocket function, and no other', () => {
    // Besides ours, only the CDK-provided handlers that deploy the UI build and empty its buckets.
    const all = f.template.findResources('AWS::Lambda::Function');
    const cdkProvided = Object.keys(all).filter(
      (id) => id.startsWith('CustomCDKBucketDeployment') || id.startsWith('CustomS3AutoDeleteObjects'),
    );
    expect(cdkProvided).toHaveLength(2);
    expect(Object.keys(all)).toHaveLength(DEPLOYED.length + cdkProvided.length);
    expect(Object.keys(f.stack.functions).sort()).toEqual([...DEPLOYED].sort());
    expect(Object.keys(f.stack.api.functions).sort()).toEqual([...AREAS].sort());
  });

  describe.each(DEPLOYED.map((id) => [id]))('%s function', (id) => {
    it('runs Node.js 22 on arm64 with tracing, 512 MB and its timeout', () => {
      const p = fnResource(id).Properties;
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe('index.handler');
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
      expect(p.Timeout).toBe(EXPECTED[id].timeout);
      expect(p.MemorySize).toBe(512);
    });

    it('logs to its own log group with a retention', () => {
      const ref = fnResource(id).Properties.LoggingConfig?.LogGroup as { Ref: string } | undefined;
      expect(ref?.Ref).toBeDefined();
      const group = f.template.findResources('AWS::Logs::LogGroup')[ref!.Ref];
      expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
    });

    it('knows the name of exactly the tables it may use, through TABLE_<ID>, and its log level', () => {
      const vars = envOf(id);
      for (const t of TABLES) {
        const expected = EXPECTED[id].tables[t.id] === 'none' ? undefined : { Ref: tableLogicalId(t.id) };
        expect(vars[tableEnvVar(t.id)], tableEnvVar(t.id)).toEqual(expected);
      }
      expect(vars.LOG_LEVEL).toBe('INFO');
      // Source maps ship with the bundle and are read when a stack is formatted (functions/source-mapped-stacks.ts),
      // not parsed at every start by --enable-source-maps.
      expect(vars.NODE_OPTIONS).toBeUndefined();
    });

    it('has a role of its own without AWS-managed policies', () => {
      const role = f.template.findResources('AWS::IAM::Role')[logicalIdOf(fn(id).role!)];
      expect(role?.Properties.ManagedPolicyArns ?? []).toEqual([]);
    });

    it.each(TABLES.map((t) => [t.id]))('has exactly the intended access to the %s table', (table) => {
      expect(accessTo(statementsOf(id), table)).toBe(EXPECTED[id].tables[table]);
    });

    it('has read actions on every table it may read', () => {
      for (const t of TABLES) {
        if (EXPECTED[id].tables[t.id] === 'none') continue;
        const actions = statementsOf(id)
          .filter((s) => mentions(s, tableLogicalId(t.id)))
          .flatMap(actionsOf);
        if (EXPECTED[id].tables[t.id].startsWith('keys:')) {
          expect(actions.sort(), `${id} on ${t.id}`).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
          continue;
        }
        for (const a of READ_ACTIONS) expect(actions, `${id} on ${t.id}`).toContain(a);
      }
    });

    it('has exactly the intended access to the work queue, and its URL when it sends', () => {
      const expected = EXPECTED[id].queue;
      expect(queueAccess(id)).toBe(expected);
      if (expected === 'send') expect(queueActionsOf(id)).toEqual(['sqs:SendMessage']);
      expect(envOf(id).WORK_QUEUE_URL).toEqual(expected === 'none' ? undefined : { Ref: workQueueId() });
    });

    it("cannot reach the dead-letter queues (the monitor only reads the work queues' counts)", () => {
      const { work, workDeadLetters, tickDeadLetters } = f.stack.data.queues;
      expect(statementsOf(id).some((s) => mentions(s, logicalIdOf(tickDeadLetters)))).toBe(false);
      const onDeadLetters = statementsOf(id)
        .filter((s) => mentions(s, logicalIdOf(workDeadLetters)))
        .flatMap(actionsOf);
      const vars = envOf(id);
      if (!EXPECTED[id].queueStats) {
        expect(onDeadLetters).toEqual([]);
        expect(vars.WORK_DEAD_LETTER_QUEUE_URL).toBeUndefined();
        return;
      }
      expect(onDeadLetters).toEqual([QUEUE_STATS_ACTION]);
      const onWork = statementsOf(id)
        .filter((s) => mentions(s, logicalIdOf(work)))
        .flatMap(actionsOf);
      expect(onWork).toContain(QUEUE_STATS_ACTION);
      expect(vars.WORK_DEAD_LETTER_QUEUE_URL).toEqual({ Ref: logicalIdOf(workDeadLetters) });
      expect(vars.WORK_QUEUE_URL).toEqual({ Ref: logicalIdOf(work) });
    });

    it(
      EXPECTED[id].push
        ? 'manages the connections of the live WebSocket stage, and knows its URLs'
        : 'cannot push to WebSocket connections',
      () => {
        const statements = pushStatements(id);
        const vars = envOf(id);
        if (!EXPECTED[id].push) {
          expect(statements).toEqual([]);
          expect(vars.WEBSOCKET_MANAGEMENT_URL).toBeUndefined();
          expect(vars.WEBSOCKET_URL).toBeUndefined();
          return;
        }
        expect(statements).toHaveLength(1);
        expect(actionsOf(statements[0]!)).toEqual(['execute-api:ManageConnections']);
        const resource = JSON.stringify(statements[0]!.Resource);
        expect(resource).toContain(`{"Ref":"${webSocketApiId()}"}`);
        expect(resource).toMatch(/\/live\/\*\/@connections\/\*"/);
        const management = JSON.stringify(vars.WEBSOCKET_MANAGEMENT_URL);
        expect(management).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",/);
        expect(management).toContain(`{"Ref":"${webSocketApiId()}"}`);
        expect(management).toMatch(/\/live"\]\]\}$/);
        const client = JSON.stringify(vars.WEBSOCKET_URL);
        expect(client).toMatch(/^\{"Fn::Join":\["",\["wss:\/\/",/);
        expect(client).toContain(`{"Ref":"${webSocketApiId()}"}`);
        expect(client).toMatch(/\/live"\]\]\}$/);
      },
    );

    it('uses "*" as a resource only for X-Ray', () => {
      for (const s of statementsOf(id).filter((st) => JSON.stringify(st.Resource) === '"*"')) {
        for (const a of actionsOf(s)) expect(a).toMatch(/^xray:/);
      }
    });

    it('uses no wildcard actions', () => {
      for (const s of statementsOf(id)) for (const a of actionsOf(s)) expect(a).not.toContain('*');
    });
  });

  it('the patterns function cannot write anything', () => {
    const writes = statementsOf('patterns')
      .flatMap(actionsOf)
      .filter(
        (a) =>
          /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) || /^(secretsmanager|sqs|execute-api):/.test(a),
      );
    expect(writes).toEqual([]);
  });

  it('the storage function reads only the server section of config (no users) and cannot reach resources', () => {
    const statements = statementsOf('storage');
    const onConfig = statements.filter((s) => mentions(s, tableLogicalId('config')));
    expect(onConfig.length).toBeGreaterThan(0);
    for (const s of onConfig) expect(leadingKeysOf(s)).toEqual(['server']);
    expect(statements.some((s) => mentions(s, tableLogicalId('resources')))).toBe(false);
  });

  describe('push signing secret', () => {
    const secretId = () => logicalIdOf(f.stack.data.pushSigningSecret);

    it.each(DEPLOYED.map((a) => [a]))('is readable by the %s function only if it signs webhooks', (id) => {
      const actions = statementsOf(id)
        .filter((s) => mentions(s, secretId()))
        .flatMap(actionsOf);
      if (!EXPECTED[id].signs) {
        expect(actions).toEqual([]);
        expect(envOf(id).GMS_PUSH_HMAC_SECRET_ID).toBeUndefined();
        return;
      }
      expect(envOf(id).GMS_PUSH_HMAC_SECRET_ID).toEqual({ Ref: secretId() });
      expect(actions).toContain('secretsmanager:GetSecretValue');
      expect(actions.filter((a) => !/^secretsmanager:(GetSecretValue|DescribeSecret)$/.test(a))).toEqual([]);
    });

    it('is never put in an environment variable as a value', () => {
      for (const id of DEPLOYED) expect(envOf(id).GMS_PUSH_HMAC_SECRET).toBeUndefined();
    });
  });

  describe('dial bus', () => {
    it.each(DEPLOYED.map((a) => [a]))(
      '%s: events:PutEvents on the default bus, source gms.callback, only if it dials',
      (id) => {
        const statements = statementsOf(id).filter((s) => actionsOf(s).some((a) => a.startsWith('events:')));
        if (!EXPECTED[id].dials) {
          expect(statements).toEqual([]);
          expect(envOf(id).GMS_DIAL_EVENT_BUS).toBeUndefined();
          return;
        }
        expect(envOf(id).GMS_DIAL_EVENT_BUS).toBe('default');
        expect(statements).toHaveLength(1);
        expect(actionsOf(statements[0]!)).toEqual(['events:PutEvents']);
        expect(JSON.stringify(statements[0]!.Resource)).toMatch(/:event-bus\/default"\]\]\}$/);
        expect(statements[0]!.Condition).toEqual({ StringEquals: { 'events:source': DIAL_EVENT_SOURCE } });
      },
    );
  });

  describe('credentials isolation', () => {
    // Functions that check credentials: the areas with a route that is not public, the WebSocket
    // function (bearer tokens of `agent-chat` frames) and the service function (match-interaction's
    // telephony credentials for `_return_data`). Every other one is reachable without credentials
    // (or, in the background, needs none).
    const authenticating = new Set<FunctionId>([
      ...ALL_ROUTES.filter((r) => r.access !== 'public').map((r) => r.area),
      'websocket',
      'service',
    ]);
    const others = DEPLOYED.filter((id) => !authenticating.has(id));
    const tokensId = () => tableLogicalId('tokens');

    it('knows which functions authenticate', () => {
      expect([...authenticating].sort()).toEqual(['admin', 'agent', 'reports', 'service', 'websocket']);
    });

    it.each(others.map((a) => [a]))('%s cannot read user items (password hashes) nor tokens', (id) => {
      const statements = statementsOf(id);
      const onTokens = statements.filter((s) => mentions(s, tokensId()));
      // The health probe's own `health` key is the one thing the system function may read there.
      for (const s of onTokens) expect(leadingKeysOf(s), id).toEqual(['health']);
      const onConfig = statements.filter((s) => mentions(s, tableLogicalId('config')));
      for (const s of onConfig) {
        const keys = leadingKeysOf(s) as string[] | undefined;
        expect(keys, `${id} reads config without dynamodb:LeadingKeys`).toBeDefined();
        expect(keys).not.toContain(USER_PARTITION);
        expect(actionsOf(s).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
      }
    });

    it('only the admin function writes tokens (login, logout); the others that authenticate only read them', () => {
      for (const id of authenticating) {
        const actions = statementsOf(id)
          .filter((s) => mentions(s, tokensId()))
          .flatMap(actionsOf);
        expect(actions, id).toContain('dynamodb:GetItem');
        expect(
          actions.some((a) => WRITE_ACTIONS.includes(a)),
          id,
        ).toBe(id === 'admin');
      }
    });
  });

  describe('initial admin secret', () => {
    const secretId = () => logicalIdOf(f.stack.data.adminSecret);

    it('is given to the admin function as GMS_ADMIN_SECRET_ID, with read access', () => {
      expect(envOf('admin').GMS_ADMIN_SECRET_ID).toEqual({ Ref: secretId() });
      const actions = statementsOf('admin')
        .filter((s) => mentions(s, secretId()))
        .flatMap(actionsOf);
      expect(actions).toContain('secretsmanager:GetSecretValue');
      expect(actions.filter((a) => !/^secretsmanager:(GetSecretValue|DescribeSecret)$/.test(a))).toEqual([]);
    });

    it.each(DEPLOYED.filter((a) => a !== 'admin').map((a) => [a]))(
      'is out of reach of the %s function',
      (id) => {
        expect(envOf(id).GMS_ADMIN_SECRET_ID).toBeUndefined();
        expect(statementsOf(id).some((s) => mentions(s, secretId()))).toBe(false);
      },
    );
  });
});

describe('bundles', () => {
  const bundleDir = (id: FunctionId): string => {
    const assembly = f.app.synth();
    const asset = fnResource(id).Properties.Code.S3Key as string;
    return path.join(assembly.directory, `asset.${asset.replace(/\.zip$/, '')}`);
  };

  /** A file that names `require` starts by defining it (ESM has none); the others do not carry the line. */
  const definesRequireWhereUsed = (text: string): boolean =>
    text.startsWith(`${REQUIRE_BANNER}\n`)
      ? /\brequire\b/.test(text.slice(REQUIRE_BANNER.length))
      : !/\brequire\b/.test(text);

  it.each(DEPLOYED.map((a) => [a]))(
    '%s: an ESM bundle with a source map, require() defined, @aws-sdk left external',
    (id) => {
      const dir = bundleDir(id);
      const code = path.join(dir, 'index.mjs');
      expect(existsSync(code), code).toBe(true);
      expect(statSync(code).size).toBeGreaterThan(0);
      expect(definesRequireWhereUsed(readFileSync(code, 'utf8')), 'index.mjs').toBe(true);
      const map = JSON.parse(readFileSync(path.join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      expect(map.sources.filter((s) => s.includes('node_modules/@aws-sdk/'))).toEqual([]);
      // The chunks index.mjs loads (statically or on demand) are built the same way.
      const chunkDir = path.join(dir, CHUNK_DIR);
      const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((c) => c.endsWith('.mjs')) : [];
      for (const chunk of chunks) {
        expect(definesRequireWhereUsed(readFileSync(path.join(chunkDir, chunk), 'utf8')), chunk).toBe(true);
        const chunkMap = JSON.parse(readFileSync(path.join(chunkDir, `${chunk}.map`), 'utf8')) as {
          sources: string[];
        };
        expect(
          chunkMap.sources.filter((s) => s.includes('node_modules/@aws-sdk/')),
          chunk,
        ).toEqual([]);
      }
    },
  );

  // zod classic was about 98 KB of every bundle (issue 11): functions/ validate with zod/mini
  // (functions/domain/zod.ts), and no dependency may bring classic back in.
  it.each(DEPLOYED.map((a) => [a]))('%s: zod/mini only, no zod classic', (id) => {
    const dir = bundleDir(id);
    // index.mjs and its chunks: code splitting may put zod in a chunk (system loads its routes on demand).
    const chunkDir = path.join(dir, CHUNK_DIR);
    const maps = [
      path.join(dir, 'index.mjs.map'),
      ...(existsSync(chunkDir)
        ? readdirSync(chunkDir)
            .filter((c) => c.endsWith('.mjs.map'))
            .map((c) => path.join(chunkDir, c))
        : []),
    ];
    const zod = maps
      .flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { sources: string[] }).sources)
      .filter((s) => s.includes('node_modules/zod/'));
    // A function that parses nothing with zod (the worker, the tick) carries none; one that does, mini.
    if (zod.length > 0) expect(zod.filter((s) => s.includes('node_modules/zod/v4/mini/'))).not.toEqual([]);
    if (id === 'service' || id === 'storage') expect(zod).not.toEqual([]);
    expect(zod.filter((s) => /node_modules\/zod\/(v3|v4\/classic|v4\/locales\/(?!en\.))/.test(s))).toEqual(
      [],
    );
  });
});
