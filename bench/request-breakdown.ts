/**
 * Where one HTTP request's time goes, for requests sent one at a time: the area handler's phases
 * (functions/http/request-phases.ts), and inside its operation the config reads and the DynamoDB
 * calls (wall time with at least one in flight), the rest being the HTTP client, the local server,
 * the API Gateway event and middy. Also counts the DynamoDB calls each request makes, by kind.
 */
import {
  observeRequestPhases,
  REQUEST_PHASES,
  type RequestPhaseTimes,
} from '../functions/http/request-phases.js';
import type { LocalRuntime } from '../functions/local/local-runtime.js';
import { ms, stats } from './harness.js';
import type { MiddlewareStack as Stack } from './middleware-stack.js';

const MIDDLEWARE = 'benchRequestBreakdown';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export interface RequestBreakdown {
  /** Sends one request and, when `keep`, charges its time to the phases. Returns status and time. */
  measure(send: () => Promise<Response>, keep: boolean): Promise<{ status: number; ms: number }>;
  /** Mean and median per phase, then the DynamoDB calls per request. */
  print(indent?: string): void;
  /** Removes the instruments. */
  close(): void;
}

export function requestBreakdown(rt: LocalRuntime): RequestBreakdown {
  const deps = rt.deps;
  const configTable = deps.runtime.tables.config;
  let on = false;
  let inFlight = 0;
  let since = 0;
  let dynamoMs = 0;
  let calls = new Map<string, number>();
  const stack = deps.doc.middlewareStack as unknown as Stack;
  stack.add(
    (next, context) => async (args) => {
      const table = (args.input as { TableName?: string }).TableName;
      if (!on || table === configTable) return next(args);
      const kind = `${(context.commandName ?? '?').replace(/Command$/, '')} ${table ?? '(several tables)'}`;
      calls.set(kind, (calls.get(kind) ?? 0) + 1);
      if (inFlight++ === 0) since = performance.now();
      try {
        return await next(args);
      } finally {
        if (--inFlight === 0) dynamoMs += performance.now() - since;
      }
    },
    { step: 'initialize', name: MIDDLEWARE, override: true },
  );
  const configGet = deps.config.get.bind(deps.config);
  let configMs = 0;
  deps.config.get = async (...args) => {
    const start = performance.now();
    try {
      return await configGet(...args);
    } finally {
      configMs += performance.now() - start;
    }
  };
  let handler: RequestPhaseTimes | undefined;
  observeRequestPhases((times) => (handler = times));

  const phases: Record<string, number[]> = {};
  const charge = (name: string, value: number) => (phases[name] ??= []).push(value);
  const callsPerRequest = new Map<string, number>();
  let kept = 0;

  return {
    async measure(send, keep) {
      handler = undefined;
      configMs = 0;
      dynamoMs = 0;
      calls = new Map();
      on = true;
      const start = performance.now();
      let status: number;
      try {
        const res = await send();
        await res.arrayBuffer();
        status = res.status;
      } finally {
        on = false;
      }
      const took = performance.now() - start;
      const h = handler as RequestPhaseTimes | undefined;
      if (keep && h) {
        kept++;
        const inHandler = REQUEST_PHASES.reduce((sum, p) => sum + h.ms[p], 0);
        charge('HTTP client, local server, API Gateway event, middy', took - inHandler);
        for (const p of REQUEST_PHASES) if (p !== 'operation') charge(p, h.ms[p]);
        charge('config read', configMs);
        charge('DynamoDB (wall time, calls in flight)', dynamoMs);
        charge('operation (use case, besides the two above)', h.ms.operation - configMs - dynamoMs);
        for (const [kind, n] of calls) callsPerRequest.set(kind, (callsPerRequest.get(kind) ?? 0) + n);
      }
      return { status, ms: took };
    },
    print(indent = '  ') {
      console.log(`${indent}where the time of one request goes (mean / median per phase):`);
      for (const [name, values] of Object.entries(phases)) {
        console.log(
          `${indent}  ${name.padEnd(52)} ${ms(mean(values)).padStart(10)} ${ms(stats(values).median).padStart(10)}`,
        );
      }
      console.log(`${indent}DynamoDB calls per request (config reads aside):`);
      for (const [kind, n] of [...callsPerRequest].sort()) {
        console.log(`${indent}  ${(n / Math.max(1, kept)).toFixed(2).padStart(6)}  ${kind}`);
      }
    },
    close() {
      observeRequestPhases(undefined);
      deps.config.get = configGet;
      stack.remove(MIDDLEWARE);
    },
  };
}
