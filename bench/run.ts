/**
 * `npm run bench`: figures measured in one run, each against a floor measured in the same run,
 * so a noisy machine moves both sides together. Runs on its own DynamoDB Local (in memory).
 */
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allocateAccessNumber } from '../functions/domain/allocation.js';
import { startLocalRuntime } from '../functions/local/local-runtime.js';

const ADMIN = `Basic ${Buffer.from('default:password').toString('base64')}`;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

function verdict(name: string, value: number, limit: number, lowerIsBetter = true) {
  const ok = lowerIsBetter ? value <= limit : value >= limit;
  console.log(
    `  ${ok ? 'PASS' : 'FAIL'}  ${name}: ${value.toFixed(2)} (${lowerIsBetter ? 'at most' : 'at least'} ${limit})`,
  );
  return ok;
}

function pool(prefix: string, size: number): Record<string, string> {
  const options: Record<string, string> = {
    _allocation_strategy: 'random',
    _booking_expiration_timeout: '600',
  };
  for (let i = 0; i < size; i++) options[`n${i}`] = `${prefix}${String(i).padStart(6, '0')}`;
  return options;
}

async function main() {
  console.log('Starting the local runtime (DynamoDB Local, in memory)...');
  const rt = await startLocalRuntime({ inMemory: true, port: 0, tablePrefix: 'bench-' });
  const api = `http://127.0.0.1:${rt.port}/genesys/1`;
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method: 'PUT',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const results: boolean[] = [];
  try {
    console.log('Creating pools of 10 and 10,000 numbers...');
    await put('/admin/resources/P10', pool('1', 10));
    let t = performance.now();
    await put('/admin/resources/P10000', pool('2', 10_000));
    console.log(`  10,000-number pool created in ${ms(performance.now() - t)}`);
    await put('/admin/services/bench-ri', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'P10000',
    });

    // 1. Allocation latency against pool size: lock then release, so both pools stay equally free.
    console.log('\n1. Allocation latency by pool size (allocate + release, 300 rounds each, interleaved)');
    const d = rt.deps;
    const lat: Record<string, number[]> = { P10: [], P10000: [] };
    for (let i = 0; i < 320; i++) {
      for (const group of ['P10', 'P10000']) {
        const sessionId = `bench-${group}-${i}`;
        const start = performance.now();
        const got = await allocateAccessNumber(d, {
          group,
          strategy: 'random',
          sessionId,
          provideCode: false,
          codeLength: 6,
          bookingSeconds: 600,
        });
        const took = performance.now() - start;
        if (i >= 20) lat[group]!.push(took); // first rounds warm the JIT and connections
        await d.accessNumbers.release(group, got.accessNumber, sessionId, d.clock.now(), 'random');
      }
    }
    const s10 = stats(lat.P10!);
    const s10k = stats(lat.P10000!);
    console.log(`  pool 10:     median ${ms(s10.median)}  p95 ${ms(s10.p95)}`);
    console.log(`  pool 10,000: median ${ms(s10k.median)}  p95 ${ms(s10k.p95)}`);
    results.push(verdict('median latency ratio, pool 10,000 / pool 10', s10k.median / s10.median, 1.5));

    // 2. Throughput with 50 concurrent HTTP clients.
    console.log('\n2. request-interaction throughput, 50 concurrent clients, 2,000 requests, pool of 10,000');
    let sent = 0;
    let ok = 0;
    const total = 2000;
    t = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (sent < total) {
          sent++;
          const res = await fetch(`${api}/service/bench-ri`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: '_phone_number=6505550000',
          });
          if (res.status === 200) ok++;
          await res.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    console.log(
      `  ${ok}/${total} allocated in ${seconds.toFixed(2)} s: ${(ok / seconds).toFixed(0)} allocations/s`,
    );
    results.push(verdict('allocations that succeeded', ok, total, false));

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
    results.push(verdict('median ratio, end to end / raw DynamoDB calls', se.median / sr.median, 2.0));
  } finally {
    await rt.stop();
  }
  const failed = results.filter((r) => !r).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
