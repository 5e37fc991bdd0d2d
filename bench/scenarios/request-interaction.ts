import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ms, stats, type BenchContext } from '../harness.js';
import { pool } from '../workload.js';

export async function requestInteraction({ rt, api, put, report }: BenchContext): Promise<void> {
  const d = rt.deps;
  // 3. End-to-end request-interaction vs the raw DynamoDB calls it makes, sequentially.
  console.log('\n3. End-to-end request-interaction vs its raw DynamoDB calls (200 each, interleaved)');
  const e2e: number[] = [];
  const raw: number[] = [];
  const tables = rt.deps.runtime.tables;
  await put('/admin/resources/P3', pool('3', 5000));
  await put('/admin/services/bench-e2e', {
    _type: 'builtin',
    _service: 'request-interaction',
    _resource_group: 'P3',
  });
  for (let i = 0; i < 220; i++) {
    let start = performance.now();
    const res = await fetch(`${api}/service/bench-e2e`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_phone_number=6505550000&note=hello',
    });
    await res.arrayBuffer();
    if (i >= 20) e2e.push(performance.now() - start);

    // The same calls, made directly: two index queries, the conditional lock, two puts.
    start = performance.now();
    await d.doc.send(
      new QueryCommand({
        TableName: tables.resources,
        IndexName: 'locked',
        KeyConditionExpression: 'lockedGroup = :g AND lockExpiresAt < :n',
        ExpressionAttributeValues: { ':g': 'P3', ':n': 0 },
        Limit: 5,
      }),
    );
    const free = await d.doc.send(
      new QueryCommand({
        TableName: tables.resources,
        IndexName: 'free',
        KeyConditionExpression: 'freeGroup = :g AND freeOrder >= :s',
        ExpressionAttributeValues: { ':g': 'P3', ':s': Math.floor(Math.random() * 1e9) },
        Limit: 5,
      }),
    );
    const number = free.Items?.[0]?.sk ?? '3000000';
    await d.doc.send(
      new UpdateCommand({
        TableName: tables.resources,
        Key: { pk: 'group#P3', sk: number },
        UpdateExpression: 'SET benchTouched = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': i },
      }),
    );
    await d.doc.send(
      new PutCommand({
        TableName: tables.sessions,
        Item: { pk: `storage#raw${i}`, values: { note: 'hello' }, ttl: 1 },
      }),
    );
    await d.doc.send(
      new PutCommand({ TableName: tables.sessions, Item: { pk: `session#raw${i}`, service: 'x', ttl: 1 } }),
    );
    if (i >= 20) raw.push(performance.now() - start);
  }
  const se = stats(e2e);
  const sr = stats(raw);
  console.log(`  end to end over HTTP: median ${ms(se.median)}  p95 ${ms(se.p95)}`);
  console.log(`  raw DynamoDB calls:   median ${ms(sr.median)}  p95 ${ms(sr.p95)}`);
  report.figure(
    'request-interaction: end to end / raw DynamoDB calls (median)',
    `${(se.median / sr.median).toFixed(2)}x (${ms(se.median - sr.median)} over the floor)`,
    'The floor is the five DynamoDB calls the request needs, made directly; the rest is HTTP, parsing, ' +
      'validation, the config lookup and the handler. No bound is stated for it: compare across runs.',
  );
}
