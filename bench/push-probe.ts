import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../functions/composition/factories.js';
import { ms } from './harness.js';

/**
 * A timing probe for the push scenario: while armed it records, on the runtime's own ports, when
 * each DynamoDB call, each push (`push.notify`) and each WebSocket frame post (`sockets.send`)
 * started and ended, so the bench can print where the time from a request to its frame goes. It
 * wraps ports from outside, as the cost meter does; the product runs unchanged.
 */
export interface ProbeEvent {
  label: string;
  start: number;
  end: number;
}

type Item = Record<string, unknown>;

/** `GetItem routing agent#`: the command, the table id and the partition key's prefix. */
function labelOf(command: string, input: Item, tables: Record<string, string | undefined>): string {
  const name = command.replace(/Command$/, '').replace(/^(Get|Put|Update|Delete)$/, '$1Item');
  const idOf = (table: unknown) =>
    Object.entries(tables).find(([, n]) => n === table)?.[0] ?? String(table ?? '?');
  const prefixOf = (key: unknown) => {
    const pk = (key as Item | undefined)?.pk ?? (key as Item | undefined)?.[':pk'];
    return typeof pk === 'string' ? pk.replace(/#.*$/, '#') : '';
  };
  if (Array.isArray(input.TransactItems)) {
    const parts = (input.TransactItems as Item[]).map((t) => {
      const [op, body] = Object.entries(t)[0] as [string, Item];
      return `${op} ${idOf(body.TableName)} ${prefixOf(body.Key ?? body.Item)}`.trim();
    });
    return `${name} [${parts.join(', ')}]`;
  }
  if (input.RequestItems) {
    const [table, req] = Object.entries(input.RequestItems as Item)[0] as [string, unknown];
    const first = Array.isArray(req)
      ? (((req[0] as Item).PutRequest as Item | undefined)?.Item ??
        ((req[0] as Item).DeleteRequest as Item | undefined)?.Key)
      : ((req as Item).Keys as Item[] | undefined)?.[0];
    return `${name} ${idOf(table)} ${prefixOf(first)}`.trim();
  }
  return `${name} ${idOf(input.TableName)} ${prefixOf(input.Key ?? input.Item ?? input.ExpressionAttributeValues)}`.trim();
}

export class PushProbe {
  private events: ProbeEvent[] | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly doc: DynamoDBDocumentClient = deps.doc,
  ) {}

  attach(): void {
    const tables = this.deps.runtime.tables as Record<string, string | undefined>;
    this.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const events = this.events;
        if (!events) return next(args);
        const label = labelOf(context.commandName ?? 'unknown', args.input as Item, tables);
        const start = performance.now();
        try {
          return await next(args);
        } finally {
          events.push({ label, start, end: performance.now() });
        }
      },
      { step: 'initialize', name: 'benchPushProbe', priority: 'high' },
    );
    const push = this.deps.push;
    const notify = push.notify.bind(push);
    push.notify = (target, notification, recipients) =>
      this.timed('push.notify', () => notify(target, notification, recipients));
    const sockets = this.deps.sockets;
    const send = sockets.send.bind(sockets);
    sockets.send = (id, data) => this.timed('sockets.send (frame posted)', () => send(id, data));
  }

  detach(): void {
    this.doc.middlewareStack.remove('benchPushProbe');
  }

  private async timed<T>(label: string, run: () => Promise<T>): Promise<T> {
    const events = this.events;
    const start = performance.now();
    try {
      return await run();
    } finally {
      events?.push({ label, start, end: performance.now() });
    }
  }

  /** Starts recording (forgetting what was recorded before). */
  arm(): void {
    this.events = [];
  }

  /** Stops recording and returns the events, in start order. */
  take(): ProbeEvent[] {
    const out = (this.events ?? []).sort((a, b) => a.start - b.start);
    this.events = undefined;
    return out;
  }
}

/**
 * The steps of many rounds, each numbered by its order in the round (the nth call with that label),
 * with the median start (from the request) and median duration over the rounds that made it.
 */
export function printBreakdown(rounds: { t0: number; frameAt: number; events: ProbeEvent[] }[]): void {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] ?? 0;
  };
  const steps = new Map<string, { starts: number[]; durations: number[]; idle: number[] }>();
  for (const round of rounds) {
    const seen = new Map<string, number>();
    // Time before a step in which nothing recorded was running (the code between the calls).
    let busyUntil = round.t0;
    for (const e of round.events) {
      const n = (seen.get(e.label) ?? 0) + 1;
      seen.set(e.label, n);
      const key = n > 1 ? `${e.label} (#${n})` : e.label;
      const step = steps.get(key) ?? { starts: [], durations: [], idle: [] };
      step.starts.push(e.start - round.t0);
      step.durations.push(e.end - e.start);
      step.idle.push(Math.max(0, e.start - busyUntil));
      busyUntil = Math.max(busyUntil, e.end);
      steps.set(key, step);
    }
  }
  const frame = median(rounds.map((r) => r.frameAt - r.t0));
  // Steps of fewer than 1% of the rounds (a minute tick's sweeps that fell into a round) are
  // counted, not listed: they are no median round's.
  const rare = [...steps.values()].filter((s) => s.starts.length * 100 < rounds.length);
  const rows = [...steps.entries()]
    .filter(([, s]) => !rare.includes(s))
    .sort((a, b) => median(a[1].starts) - median(b[1].starts));
  console.log(
    `  breakdown by step (median over ${rounds.length} rounds; "at": start after the request was sent; ` +
      '"idle before": time nothing recorded ran just before it, i.e. HTTP, auth and code between calls):',
  );
  for (const [label, s] of rows) {
    const share = s.starts.length === rounds.length ? '' : ` (in ${s.starts.length} rounds)`;
    console.log(
      `    at ${ms(median(s.starts)).padStart(10)}  takes ${ms(median(s.durations)).padStart(10)}  ` +
        `idle before ${ms(median(s.idle)).padStart(9)}  ${label}${share}`,
    );
  }
  console.log(`    at ${ms(frame).padStart(10)}  frame received on the subscribed socket`);
  if (rare.length > 0) {
    const calls = rare.reduce((n, s) => n + s.starts.length, 0);
    console.log(`    (not listed: ${rare.length} steps seen in fewer than 1% of the rounds, ${calls} calls)`);
  }
  // The tail is what the bound is on: the slowest round, step by step, shows where it went.
  const bySlowest = [...rounds].sort((a, b) => b.frameAt - b.t0 - (a.frameAt - a.t0));
  const medians = new Map([...steps].map(([k, s]) => [k, median(s.durations)]));
  const rareKeys = new Set([...steps].filter(([, s]) => rare.includes(s)).map(([k]) => k));
  const tail = bySlowest.slice(0, Math.max(1, Math.ceil(rounds.length / 50))).map((r) => {
    const seen = new Map<string, number>();
    let worst = { label: '', excess: 0 };
    let busyUntil = r.t0;
    let gap = 0;
    let beside = 0;
    for (const e of r.events) {
      if (e.start > r.frameAt) break;
      const n = (seen.get(e.label) ?? 0) + 1;
      seen.set(e.label, n);
      const key = n > 1 ? `${e.label} (#${n})` : e.label;
      if (rareKeys.has(key)) beside++;
      const excess = e.end - e.start - (medians.get(key) ?? 0);
      if (excess > worst.excess) worst = { label: key.replace(/ \[.*\]/, ''), excess };
      gap = Math.max(gap, e.start - busyUntil);
      busyUntil = Math.max(busyUntil, e.end);
    }
    gap = Math.max(gap, r.frameAt - busyUntil);
    const tick = beside > 0 ? `, beside ${beside} calls of a tick` : '';
    return `${ms(r.frameAt - r.t0)} (${worst.label} +${ms(worst.excess)}, gap ${ms(gap)}${tick})`;
  });
  console.log(
    `  the slowest ${tail.length} rounds (the step most over its median; the longest time no step ran):`,
  );
  for (const line of tail) console.log(`    ${line}`);
  const slowest = bySlowest[0];
  if (!slowest) return;
  console.log(`  the slowest round, step by step (frame at ${ms(slowest.frameAt - slowest.t0)}):`);
  for (const e of slowest.events) {
    console.log(
      `    at ${ms(e.start - slowest.t0).padStart(10)}  takes ${ms(e.end - e.start).padStart(10)}  ${e.label}`,
    );
  }
}
