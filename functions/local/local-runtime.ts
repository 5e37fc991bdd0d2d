import type { BayeuxTiming } from '../domain/bayeux/bayeux-server.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureInitialAdmin } from '../use-cases/admin/ensure-initial-admin.js';
import type { Area } from '../http/route-spec.js';
import type { Clock, IdGenerator } from '../ports/clock-and-ids.js';
import type { Dialer } from '../ports/dialer.js';
import type { QueueStats } from '../ports/metrics.js';
import type { WorkQueue } from '../ports/work-queue.js';
import type { RuntimeConfig } from '../runtime-config.js';
import { createDeps, setDeps, type Deps } from '../composition/full.js';
import { applyConfig, applyConfigFile } from './config-file.js';
import { DEMO_ACCESS_NUMBERS, demoConfig, hasConfiguration } from './demo-config.js';
import { createTables, localTableNames } from './create-tables.js';
import { DYNAMODB_LOCAL_SOCKETS, startDynamoLocal, type RunningDynamo } from './dynamodb-local.js';
import { endpointConnection, probeDynamoEndpoint } from './dynamodb-endpoint.js';
import { dynamoClientConfig } from '../adapters/dynamodb/client.js';
import { upgradeAccessNumberLayout } from '../adapters/dynamodb/access-number-upgrade.js';
import { createLocalHttpServer, type AreaHandler, type HttpLimits } from './http-server.js';
import { installLastResortGuard } from './last-resort-guard.js';
import { lambdaContext } from './lambda-context.js';
import { LocalWorkQueue, type LocalWorkQueueOptions } from './local-work-queue.js';
import { attachLocalWebSocket } from './websocket-server.js';
import { DialerSimulator } from './dialer-simulator.js';
import { LOCAL_PLATFORM_APPLICATIONS, PushSimulator } from './push-simulator.js';
import { serveUi } from './ui-static.js';
import { logger } from '../observability.js';
import { asCaller } from '../adapters/aws-calls/aws-call-recorder.js';
import { asBackground, limitBackgroundCalls } from './background-calls.js';
import { recordedPort } from '../adapters/aws-calls/recorded-port.js';
import { DEFAULT_DIAL_EVENT_BUS, dialerAwsCalls } from '../adapters/eventbridge/eventbridge-dialer.js';
import { QUEUE_STATS_AWS_CALLS } from '../adapters/sqs/sqs-queue-stats.js';
import { WORK_QUEUE_AWS_CALLS } from '../adapters/sqs/sqs-work-queue.js';

export interface LocalRuntimeOptions {
  port?: number;
  host?: string;
  /** Folder for DynamoDB Local's files; ignored with `inMemory`. */
  dataDir?: string;
  inMemory?: boolean;
  /** JSON or YAML file of services, resource groups, pattern groups and users applied at start. */
  configFile?: string;
  /**
   * Load the demo configuration (functions/local/demo-config.ts) when the tables hold none yet:
   * `npm start` does unless `--no-demo` or `--config` is given; tests start without it.
   */
  demo?: boolean;
  /**
   * Use an existing DynamoDB endpoint instead of starting DynamoDB Local: another DynamoDB Local
   * (tests share one) or real DynamoDB in a dev account (`npm start -- --dynamodb-endpoint`).
   */
  dynamoEndpoint?: string;
  /** Table names are the prefix plus the table id (default `gms-`). */
  tablePrefix?: string;
  clock?: Clock;
  ids?: IdGenerator;
  /** Progress lines (`npm start` prints them; tests pass nothing). */
  log?: (line: string) => void;
  /** Period of the scheduling tick (EventBridge's one minute in AWS); tests shorten it. */
  tickIntervalMs?: number;
  /** Local work queue tuning (redelivery delay, receives before dead-letter). */
  queue?: LocalWorkQueueOptions;
  /** How long the dialer simulator takes to answer a dial. */
  dialDelayMs?: number;
  /** HTTP time limits (headers, request, keep-alive, body); tests shorten them. */
  http?: Partial<HttpLimits>;
  /**
   * How user `default` is seeded on empty tables: `local` (default) with `password`, usable as
   * GMS documents; `aws` as the stack seeds it from its secret, with this password and a
   * first-login password change pending (tests of that path).
   */
  initialAdmin?: { kind: 'local' } | { kind: 'aws'; password: string };
  /**
   * Answer as a stack with `apiViaCloudFrontOnly` does: refuse (403) requests whose
   * `x-gms-origin-verify` header is not one of these values.
   */
  originVerify?: string[];
  /** CometD timing (long-polling hold and interval, WebSocket heartbeat); tests shorten the hold. */
  cometd?: Partial<BayeuxTiming>;
}

export interface LocalRuntime {
  url: string;
  port: number;
  deps: Deps;
  queue: LocalWorkQueue;
  /** The local telephony simulator (scripts per customer number: answered, busy, no-answer). */
  dialer: DialerSimulator;
  /** The local native push side (SNS mobile push stand-in): what each device token received. */
  pushSimulator: PushSimulator;
  /** Runs the scheduling tick now (the timer runs it every `tickIntervalMs`). */
  tick(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the runtime has stopped (Ctrl-C or `changestatus/SHUTDOWN`). */
  stopped: Promise<void>;
}

export class PortInUseError extends Error {}

async function loadHandlers(): Promise<Partial<Record<Area, AreaHandler>>> {
  // Imported after the environment is set, exactly as Lambda loads one module per function.
  const [system, service, storage, patterns, admin, callback, session, agent, reports] = await Promise.all([
    import('../handlers/system.js'),
    import('../handlers/service.js'),
    import('../handlers/storage.js'),
    import('../handlers/patterns.js'),
    import('../handlers/admin.js'),
    import('../handlers/callback.js'),
    import('../handlers/session.js'),
    import('../handlers/agent.js'),
    import('../handlers/reports.js'),
  ]);
  // Each runs as its own function, as in Lambda (what each one's AWS calls are recorded against).
  return {
    system: asCaller('system', system.handler),
    service: asCaller('service', service.handler),
    storage: asCaller('storage', storage.handler),
    patterns: asCaller('patterns', patterns.handler),
    admin: asCaller('admin', admin.handler),
    callback: asCaller('callback', callback.handler),
    session: asCaller('session', session.handler),
    agent: asCaller('agent', agent.handler),
    reports: asCaller('reports', reports.handler),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') {
        reject(
          new PortInUseError(
            `Port ${port} on ${host} is already in use. Stop the program using it, or choose another port: npm start -- --port ${port + 1}`,
          ),
        );
      } else if (e.code === 'EACCES') {
        reject(
          new PortInUseError(
            `Port ${port} needs privileges on this machine; choose a port above 1024 with --port.`,
          ),
        );
      } else reject(e);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The whole product on one machine: DynamoDB Local, the tables from the shared definitions, and
 * an HTTP server that calls the same handlers Lambda runs.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  // The lock file pins SDK versions that support Node 20; the SDK's "future versions need Node 22"
  // notice says nothing actionable to someone running the product locally.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  // The logger was built when its module loaded, before GMS_MODE was set: apply the local default
  // (WARN) now, unless LOG_LEVEL chose one.
  if (!process.env.LOG_LEVEL) logger.setLogLevel('WARN');
  // Hold the port before anything else starts, so a taken port is said at once; requests answer
  // 503 "starting" (health included) until everything below is ready.
  const http = createLocalHttpServer(undefined, options.http);
  const port = await listen(http, options.port ?? 8080, host);
  // From here on an error nothing handled costs one request, never the process.
  const removeGuard = installLastResortGuard();
  let dynamo: RunningDynamo | undefined;
  try {
    const prefix = options.tablePrefix ?? 'gms-';
    const tables = localTableNames(prefix);
    let runtime: RuntimeConfig;
    if (options.dynamoEndpoint) {
      runtime = {
        ...endpointConnection(options.dynamoEndpoint),
        dynamodbEndpoint: options.dynamoEndpoint,
        tables,
        mode: 'local',
        tokenTtlSeconds: 8 * 3600,
      };
      log(`Using DynamoDB at ${options.dynamoEndpoint} (region ${runtime.region}, tables ${prefix}*)...`);
      await probeDynamoEndpoint(runtime, tables.config);
    } else {
      log(
        options.inMemory
          ? 'Starting DynamoDB Local (in memory)...'
          : `Starting DynamoDB Local (data in ${options.dataDir})...`,
      );
      dynamo = await startDynamoLocal({ dataDir: options.inMemory ? undefined : options.dataDir });
      runtime = {
        region: 'us-east-1',
        dynamodbEndpoint: dynamo.endpoint,
        dynamodbMaxSockets: DYNAMODB_LOCAL_SOCKETS,
        tables,
        mode: 'local',
        tokenTtlSeconds: 8 * 3600,
      };
    }
    runtime.originVerify = options.originVerify;
    // Native push goes to the push simulator, which stands for one platform application per platform.
    runtime.platformApplications = LOCAL_PLATFORM_APPLICATIONS;
    const pushSimulator = new PushSimulator();
    if (options.cometd) runtime.cometd = options.cometd;
    process.env.GMS_MODE = 'local';
    const queue = new LocalWorkQueue(options.queue);
    // The telephony side: a simulator answers dials through the same work queue a real integration would use.
    const dialer = new DialerSimulator(queue, options.dialDelayMs ?? 300);
    // The local stand-ins are recorded as the AWS calls their AWS adapters make (when recording);
    // the simulator's own answers stay unrecorded: in AWS the telephony integration sends them.
    const deps = createDeps(runtime, {
      clock: options.clock,
      ids: options.ids,
      queue: recordedPort<WorkQueue>(queue, WORK_QUEUE_AWS_CALLS),
      queueStats: recordedPort<QueueStats>(queue, QUEUE_STATS_AWS_CALLS),
      dialer: recordedPort<Dialer>(dialer, dialerAwsCalls(DEFAULT_DIAL_EVENT_BUS)),
      // Records its calls itself, as the SNS calls they stand for.
      mobilePush: pushSimulator,
    });
    setDeps(deps);
    // The minute tick runs as background work: two of its DynamoDB calls in flight at most.
    limitBackgroundCalls(deps.doc);
    log('Creating tables...');
    const made = await createTables(
      new DynamoDBClient(dynamoClientConfig(runtime)),
      tables,
      // An injected clock is not the real one DynamoDB's TTL deletes by.
      { ttl: !options.clock },
    );
    log(`Tables ${prefix}*: ${made.created.length} created, ${made.found.length} found.`);
    // A data folder from before `byServiceShard`: its callbacks get the index key before serving.
    let backfilled = 0;
    for (let step = { done: false, upgraded: 0 }; !step.done; backfilled += step.upgraded) {
      step = await deps.callbackIndexUpgrade.step(10_000);
    }
    if (backfilled > 0) log(`Upgraded ${backfilled} callback(s) to the sharded service index.`);
    // A data folder from before access-number chunks: each group gets its chunks and pool item.
    const pools = await upgradeAccessNumberLayout(deps.doc, tables.resources);
    if (pools.length > 0) log(`Upgraded ${pools.length} resource group(s) to access-number chunks.`);
    const seed = options.initialAdmin ?? { kind: 'local' };
    if (seed.kind === 'aws') {
      if (await ensureInitialAdmin(deps, async () => seed.password, { mustChangePassword: true })) {
        log('Created the first user: default, with a password to change at first login.');
      }
    } else if (await ensureInitialAdmin(deps, async () => 'password')) {
      log('Created the first user: default / password (change it with PUT /genesys/1/admin/users/default).');
    }
    if (options.demo && !options.configFile) {
      if (await hasConfiguration(deps.config)) {
        log('Configuration found in the tables: the demo configuration is not loaded.');
      } else {
        const applied = await applyConfig(deps, demoConfig(), 'demo configuration');
        log(
          `Loaded the demo configuration: ${applied.services} services (iPhoneService and a callback service per scenario), ` +
            `resource group DNIS (${DEMO_ACCESS_NUMBERS[0]}...). --no-demo starts without it.`,
        );
      }
    }
    if (options.configFile) {
      log(`Applying configuration from ${options.configFile}...`);
      const applied = await applyConfigFile(deps, options.configFile);
      log(
        `Applied ${applied.services} services, ${applied.resources} resource groups, ${applied.patterns} pattern groups, ${applied.users} users.`,
      );
    }
    // The dialer simulator answers through this process's queue: dials an earlier process started
    // will never be answered, so their agents are freed and their callbacks re-dialed now. Before
    // the WebSocket and the queue consumer are live, so every dial it finds is the previous
    // process's (one this process starts cannot be taken for lost); what it sends waits in the
    // queue until the consumer starts.
    const { recoverDialsOfPreviousProcess } = await import('../use-cases/routing/routing-tick.js');
    const lostDials = await recoverDialsOfPreviousProcess(deps);
    if (lostDials > 0) log(`Gave back ${lostDials} dial(s) left unanswered by the previous run.`);
    // WebSocket push on the same port, plus API Gateway's `@connections` management API, so the
    // push code posts to connections exactly as it does in AWS.
    const { handler: websocketHandler } = await import('../handlers/websocket.js');
    const ws = attachLocalWebSocket(http, { handler: asCaller('websocket', websocketHandler) });
    runtime.websocketManagementUrl = ws.managementEndpoint();
    runtime.websocketUrl = ws.url();
    const handlers = await loadHandlers();

    // Queue consumer and tick: the same Lambda handlers AWS invokes from SQS and EventBridge.
    const [{ handler: worker }, { handler: tickHandler }] = await Promise.all([
      import('../handlers/callback-worker.js'),
      import('../handlers/scheduler-tick.js'),
    ]);
    const workerFunction = asCaller('callback-worker', worker);
    const tickFunction = asBackground(asCaller('scheduler-tick', tickHandler));
    queue.start((event) => workerFunction(event, lambdaContext('worker', 'gms-local-worker')));
    const tick = async () => {
      try {
        await tickFunction({}, lambdaContext('tick', 'gms-local-tick'));
      } catch (e) {
        logger.error('Scheduling tick failed; the next tick catches up', { error: e as Error });
      }
    };
    // A start is a catch-up: whatever fell due while the server was down is queued now. The last
    // fan-out's activations lived in the previous process's memory (this work queue): the first
    // tick hands out everything due, not only what that fan-out did not reach.
    await deps.ticks.forgetScheduled();
    // So were the hand-overs the last look at QUEUED callbacks sent: the first tick looks at all.
    await deps.ticks.forgetQueuedSweep();
    await tick();
    const tickTimer = setInterval(() => void tick(), options.tickIntervalMs ?? 60_000);
    // Ready: from here on requests reach the handlers (and health answers 200).
    http.serve({
      handlers,
      fallback: async (req, res) =>
        (await serveUi(req, res)) ||
        (await dialer.handleHttp(req, res)) ||
        (await pushSimulator.handleHttp(req, res)) ||
        ws.handleConnectionsRequest(req, res),
    });
    // Agent-available pushes the previous process recorded with a reservation but never posted:
    // posted now (same notification id), once the `@connections` API answers. A device that
    // subscribes again gets them live, or from poll right after its subscribe ack.
    const { resendPendingPushes } = await import('../use-cases/routing/agent-available-push.js');
    const lostPushes = await resendPendingPushes(deps, Number.MAX_SAFE_INTEGER);
    if (lostPushes > 0) log(`Posted ${lostPushes} agent-available push(es) the previous run left pending.`);

    let resolveStopped!: () => void;
    const stopped = new Promise<void>((r) => (resolveStopped = r));
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        clearInterval(tickTimer);
        queue.stop();
        await ws.close();
        http.closeIdleConnections();
        await new Promise<void>((r) => {
          http.close(() => r());
          // Keep-alive clients must not hold shutdown open.
          setTimeout(() => http.closeAllConnections(), 1000).unref();
        });
        await dynamo?.stop();
        setDeps(undefined);
        removeGuard();
        resolveStopped();
      })());
    deps.onShutdownRequested = () => {
      // Answer the SHUTDOWN request first, then stop.
      setTimeout(() => void stop(), 100);
    };
    return {
      url: `http://${host}:${port}/genesys`,
      port,
      deps,
      queue,
      dialer,
      pushSimulator,
      tick,
      stop,
      stopped,
    };
  } catch (e) {
    http.closeAllConnections();
    http.close();
    await dynamo?.stop();
    removeGuard();
    throw e;
  }
}
