import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  observeRequestPhases,
  REQUEST_PHASES,
  type RequestPhase,
} from '../../functions/http/request-phases.js';
import type { RuntimeConfig } from '../../functions/runtime-config.js';
import { ms, stats, type BenchContext } from '../harness.js';
import { pool } from '../workload.js';

type Tables = RuntimeConfig['tables'];

/** Adds `ms` of wall time to `into` whenever at least one DynamoDB call (other than config reads) is in flight. */
function dynamoWallClock(doc: DynamoDBDocumentClient, config: string) {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  let on = false;
  (
    doc.middlewareStack as unknown as {
      add(
        m: (next: (a: { input: unknown }) => Promise<unknown>) => (a: { input: unknown }) => Promise<unknown>,
        o: { step: 'initialize'; name: string; override: boolean },
      ): void;
    }
  ).add(
    (next) => async (args) => {
      const table = (args.input as { TableName?: string }).TableName;
      if (!on || table === config) return next(args);
      if (inFlight++ === 0) since = performance.now();
      try {
        return await next(args);
      } finally {
        if (--inFlight === 0) total += performance.now() - since;
      }
    },
    { step: 'initialize', name: 'benchDynamoWallClock', override: true },
  );
  return {
    /** Starts counting from zero. */
    start: () => {
      on = true;
      total = 0;
    },
    /** Stops and returns the wall time with a call in flight since `start`. */
    stop: () => {
      on = false;
      return total;
    },
  };
}

/** The raw update a report count is: one counter of one minute on one shard. */
const countMinute = (tables: Tables, series: string, figure: string) =>
  new UpdateCommand({
    TableName: tables.metrics,
    Key: { pk: `${series}#${Math.floor(Math.random() * 16)}`, sk: Math.floor(Date.now() / 60_000) * 60_000 },
    UpdateExpression: 'SET #ttl = :ttl ADD #f0 :v0',
    ExpressionAttributeNames: { '#ttl': 'ttl', '#f0': figure },
    ExpressionAttributeValues: { ':ttl': 1, ':v0': 1 },
  });

const freeQuery = (tables: Tables, group: string) =>
  new QueryCommand({
    TableName: tables.resources,
    IndexName: 'free',
    KeyConditionExpression: 'freeGroup = :g AND freeOrder >= :s',
    ExpressionAttributeValues: { ':g': group, ':s': Math.floor(Math.random() * 1e9) },
    Limit: 5,
  });

const expiredQuery = (tables: Tables, group: string) =>
  new QueryCommand({
    TableName: tables.resources,
    IndexName: 'locked',
    KeyConditionExpression: 'lockedGroup = :g AND lockExpiresAt < :n',
    ExpressionAttributeValues: { ':g': group, ':n': Date.now() },
    Limit: 5,
  });

/**
 * The DynamoDB work one request-interaction must do, made directly with the same client and in
 * the fewest round trips its dependencies allow: (1) count the service access, read the expired
 * locks and the free numbers; (2) lock a number (the conditional update that moves it from `free`
 * to `locked`); (3) write the application data and the session, and count the allocation. The two
 * counts are writes the product must make (the Service usage and Resources reports read them).
 */
async function floorCalls(doc: DynamoDBDocumentClient, tables: Tables, group: string, i: number) {
  const [, , free] = await Promise.all([
    doc.send(countMinute(tables, 'service#bench-e2e', 'accessed')),
    doc.send(expiredQuery(tables, group)),
    doc.send(freeQuery(tables, group)),
  ]);
  const number = (free.Items?.[0]?.sk as string | undefined) ?? '3000000';
  const now = Date.now();
  await doc
    .send(
      new UpdateCommand({
        TableName: tables.resources,
        Key: { pk: `group#${group}`, sk: number },
        ConditionExpression: 'attribute_exists(pk) AND (attribute_exists(freeGroup) OR lockExpiresAt < :now)',
        UpdateExpression:
          'SET lockedGroup = :g, lockExpiresAt = :exp, sessionId = :sid, lockedAt = :at REMOVE freeGroup, freeOrder, accessCode',
        ExpressionAttributeValues: {
          ':g': group,
          ':exp': now + 600_000,
          ':sid': `raw${i}`,
          ':at': now,
          ':now': now,
        },
        ReturnValues: 'ALL_OLD',
      }),
    )
    .catch(() => undefined); // a number the product took meanwhile: the call was made all the same
  await Promise.all([
    doc.send(
      new PutCommand({
        TableName: tables.sessions,
        Item: {
          pk: `storage#raw${i}`,
          id: `raw${i}`,
          values: { note: 'hello' },
          files: {},
          expiresAt: now,
          ttl: 1,
        },
      }),
    ),
    doc.send(
      new PutCommand({
        TableName: tables.sessions,
        Item: {
          pk: `session#raw${i}`,
          id: `raw${i}`,
          service: 'bench-e2e',
          serviceType: 'request-interaction',
          dataId: `raw${i}`,
          phoneNumber: '6505550000',
          accessNumber: number,
          resourceGroup: group,
          createdAt: now,
          expiresAt: now,
          ttl: 1,
        },
      }),
    ),
    doc.send(countMinute(tables, `pool#${group}`, 'allocated')),
  ]);
}

/** The floor printed before issue 11: the five resource and session calls, one after another. */
async function sequentialCalls(doc: DynamoDBDocumentClient, tables: Tables, group: string, i: number) {
  await doc.send(expiredQuery(tables, group));
  const free = await doc.send(freeQuery(tables, group));
  const number = (free.Items?.[0]?.sk as string | undefined) ?? '3000000';
  await doc.send(
    new UpdateCommand({
      TableName: tables.resources,
      Key: { pk: `group#${group}`, sk: number },
      UpdateExpression: 'SET benchTouched = :t',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':t': i },
    }),
  );
  await doc.send(
    new PutCommand({
      TableName: tables.sessions,
      Item: { pk: `storage#seq${i}`, values: { note: 'hello' }, ttl: 1 },
    }),
  );
  await doc.send(
    new PutCommand({ TableName: tables.sessions, Item: { pk: `session#seq${i}`, service: 'x', ttl: 1 } }),
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function requestInteraction({ rt, api, put, report }: BenchContext): Promise<void> {
  const d = rt.deps;
  const tables = d.runtime.tables;
  // 3. End-to-end request-interaction vs the raw DynamoDB calls it makes.
  console.log('\n3. End-to-end request-interaction vs its raw DynamoDB calls (200 each, interleaved)');
  await put('/admin/resources/P3', pool('3', 5000));
  await put('/admin/services/bench-e2e', {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'P3',
  });

  // Where the time of each request goes: the handler's phases, and inside the operation the
  // config reads and the DynamoDB calls (wall time with one in flight).
  const dynamo = dynamoWallClock(d.doc, tables.config ?? '');
  const configGet = d.config.get.bind(d.config);
  let configMs = 0;
  d.config.get = async (...args) => {
    const start = performance.now();
    try {
      return await configGet(...args);
    } finally {
      configMs += performance.now() - start;
    }
  };
  let handlerPhases: { startedAt: number; ms: Record<RequestPhase, number> } | undefined;
  observeRequestPhases((times) => (handlerPhases = times));

  const e2e: number[] = [];
  const raw: number[] = [];
  const sequential: number[] = [];
  const breakdown: Record<string, number[]> = {};
  const charge = (name: string, value: number) => (breakdown[name] ??= []).push(value);
  try {
    for (let i = 0; i < 220; i++) {
      handlerPhases = undefined;
      configMs = 0;
      dynamo.start();
      let start = performance.now();
      const res = await fetch(`${api}/service/bench-e2e`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '_phone_number=6505550000&note=hello',
      });
      await res.arrayBuffer();
      const took = performance.now() - start;
      const dynamoMs = dynamo.stop();
      if (res.status !== 200) throw new Error(`request-interaction answered ${res.status}`);
      if (i >= 20) {
        e2e.push(took);
        const h = handlerPhases as { startedAt: number; ms: Record<RequestPhase, number> } | undefined;
        if (h) {
          const inHandler = REQUEST_PHASES.reduce((sum, p) => sum + h.ms[p], 0);
          charge('HTTP client, local server, API Gateway event, middy', took - inHandler);
          for (const p of REQUEST_PHASES) {
            if (p !== 'operation') charge(p, h.ms[p]);
          }
          charge('config read', configMs);
          charge('DynamoDB (wall time, calls in flight)', dynamoMs);
          charge('operation (use case, besides the two above)', h.ms.operation - configMs - dynamoMs);
        }
      }

      start = performance.now();
      await floorCalls(d.doc, tables, 'P3', i);
      if (i >= 20) raw.push(performance.now() - start);

      start = performance.now();
      await sequentialCalls(d.doc, tables, 'P3', i);
      if (i >= 20) sequential.push(performance.now() - start);
    }
  } finally {
    observeRequestPhases(undefined);
    d.config.get = configGet;
  }
  const se = stats(e2e);
  const sr = stats(raw);
  const sq = stats(sequential);
  console.log(`  end to end over HTTP:                       median ${ms(se.median)}  p95 ${ms(se.p95)}`);
  console.log(`  its DynamoDB calls, raw (3 round trips):    median ${ms(sr.median)}  p95 ${ms(sr.p95)}`);
  console.log(`  five calls one after another (old floor):   median ${ms(sq.median)}  p95 ${ms(sq.p95)}`);
  console.log('  where the time of one request goes (mean / median per phase):');
  for (const [name, values] of Object.entries(breakdown)) {
    console.log(
      `    ${name.padEnd(52)} ${ms(mean(values)).padStart(10)} ${ms(stats(values).median).padStart(10)}`,
    );
  }
  report.figure(
    'request-interaction: end to end / raw DynamoDB calls (median)',
    `${(se.median / sq.median).toFixed(2)}x (${ms(se.median - sq.median)} over the floor)`,
    'Against the floor printed before issue 11: five resource and session calls one after another, ' +
      'without the two report counts. Kept to compare with earlier runs; the bound is the check below.',
  );
  report.check(
    'request-interaction: end to end / its raw DynamoDB calls (median)',
    se.median / sr.median,
    1.5,
    { unit: 'x', source: 'issue 11' },
  );
}
