import { WebSocket } from 'ws';
import { callbackOptions } from '../callback-options.js';
import { ADMIN, ms, stats, type BenchContext } from '../harness.js';
import { createCallback, customer } from '../workload.js';

/** A WebSocket client that resolves waiters with the arrival time of the first frame they match. */
function frames(socket: WebSocket) {
  const waiters: { match: (f: Record<string, any>) => boolean; resolve: (at: number) => void }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  socket.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (match: (f: Record<string, any>) => boolean, what: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No WebSocket frame: ${what}`)), 10_000);
      waiters.push({
        match,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
}

/**
 * 5. From the state change that pushes to the frame on a subscribed WebSocket. Floor: a WebSocket
 * ping/pong frame round trip on the same server and connection, the transport's own cost.
 */
export async function push({ rt, api, put, report }: BenchContext): Promise<void> {
  console.log('\n5. Push latency to a subscribed WebSocket (30 rounds each, after 3 to warm up)');
  await put('/admin/services/bench-push', callbackOptions('User-Terminated-Delayed', 'BenchPush'));
  const socket = new WebSocket(rt.deps.runtime.websocketUrl!);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = frames(socket);
  const agent = async (id: string, action: string, body: unknown) => {
    const res = await fetch(`${api}/agents/${id}/${action}`, {
      method: 'POST',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`agent ${id} ${action}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  try {
    const pings: number[] = [];
    for (let i = 0; i < 220; i++) {
      const start = performance.now();
      const pong = new Promise<void>((r) => socket.once('pong', () => r()));
      socket.ping();
      await pong;
      if (i >= 20) pings.push(performance.now() - start);
    }

    // Agent READY -> the router reserves it for the waiting delayed callback -> agent-available push.
    // A fresh agent per round, so each READY meets exactly one waiting callback.
    const available: number[] = [];
    let session = '';
    for (let i = 0; i < 33; i++) {
      const agentId = `bench-push-${i}`;
      await agent(agentId, 'login', { groups: ['BenchPush'] });
      session = await createCallback(api, 'bench-push', { _customer_number: customer('5555', i) });
      const ack = next(
        (f) => f.type === 'ack' && f.action === 'subscribe' && f.id === session,
        'subscribe ack',
      );
      socket.send(JSON.stringify({ action: 'subscribe', id: session }));
      await ack;
      await rt.queue.idle(); // the callback waits in the router's queue
      const pushed = next(
        (f) => f.type === 'notification' && f.data?.tag === `service.agentavailable.${session}`,
        `agent-available push for ${session}`,
      );
      const start = performance.now();
      await agent(agentId, 'ready', {});
      const at = await pushed;
      if (i >= 3) available.push(at - start);
    }

    // internal-notification: the request itself is the change that pushes.
    const internal: number[] = [];
    for (let i = 0; i < 33; i++) {
      const text = `bench-${i}`;
      const pushed = next(
        (f) => f.type === 'notification' && f.data?.message?._internal_message === text,
        `internal notification ${text}`,
      );
      const start = performance.now();
      const res = await fetch(`${api}/service/${session}/internal-notification`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ _application_message: text }),
      });
      if (res.status !== 200) throw new Error(`internal-notification: ${res.status} ${await res.text()}`);
      const at = await pushed;
      await res.arrayBuffer();
      if (i >= 3) internal.push(at - start);
    }

    const sp = stats(pings);
    const sa = stats(available);
    const si = stats(internal);
    console.log(`  agent READY -> agent-available frame: p50 ${ms(sa.median)}  p95 ${ms(sa.p95)}`);
    console.log(`  internal-notification -> frame:       p50 ${ms(si.median)}  p95 ${ms(si.p95)}`);
    console.log(`  floor, ws ping/pong round trip:       p50 ${ms(sp.median)}  p95 ${ms(sp.p95)}`);
    const meaning =
      'Time from the request that changes state to the frame on the socket, over a bare ping/pong on the same ' +
      'connection (the transport alone): the rest is the handler, its DynamoDB writes and the push itself. ' +
      'No latency bound is stated for push; a second, the scheduling budget, is the yardstick.';
    report.figure(
      'push: agent READY -> agent-available, p95 over the floor',
      `${ms(sa.p95 - sp.p95)} (${(sa.median / sp.median).toFixed(0)}x the floor at p50; within a second: ${sa.p95 - sp.p95 <= 1000 ? 'yes' : 'NO'})`,
      meaning,
    );
    report.figure(
      'push: internal-notification, p95 over the floor',
      `${ms(si.p95 - sp.p95)} (${(si.median / sp.median).toFixed(0)}x the floor at p50; within a second: ${si.p95 - sp.p95 <= 1000 ? 'yes' : 'NO'})`,
    );
  } finally {
    socket.close();
  }
}
