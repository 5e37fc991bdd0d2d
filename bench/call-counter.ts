/**
 * DynamoDB calls of the local runtime counted by phase (e.g. the create request, then the worker's
 * handling of what it queued), by command and table, config reads aside (cached, see
 * request-breakdown.ts). Only while a phase is set.
 */
import type { LocalRuntime } from '../functions/local/local-runtime.js';
import type { MiddlewareStack as Stack } from './middleware-stack.js';

const MIDDLEWARE = 'benchCallCounter';

export interface CallCounter {
  /** Calls from now on count for `phase` (undefined: not counted). */
  phase(name: string | undefined): void;
  /** Calls per operation, by phase, then command and table. */
  print(operations: number, indent?: string): void;
  close(): void;
}

export function callCounter(rt: LocalRuntime): CallCounter {
  const configTable = rt.deps.runtime.tables.config;
  const counts = new Map<string, Map<string, number>>();
  let current: string | undefined;
  const stack = rt.deps.doc.middlewareStack as unknown as Stack;
  stack.add(
    (next, context) => async (args) => {
      const table = (args.input as { TableName?: string }).TableName;
      if (current !== undefined && table !== configTable) {
        const kind = `${(context.commandName ?? '?').replace(/Command$/, '')} ${table ?? '(several tables)'}`;
        const phase = counts.get(current) ?? new Map<string, number>();
        phase.set(kind, (phase.get(kind) ?? 0) + 1);
        counts.set(current, phase);
      }
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE, override: true },
  );
  return {
    phase(name) {
      current = name;
    },
    print(operations, indent = '  ') {
      for (const [phase, kinds] of counts) {
        const total = [...kinds.values()].reduce((a, b) => a + b, 0);
        console.log(`${indent}${phase}: ${(total / operations).toFixed(2)} DynamoDB calls per create`);
        for (const [kind, n] of [...kinds].sort()) {
          console.log(`${indent}  ${(n / operations).toFixed(2).padStart(6)}  ${kind}`);
        }
      }
    },
    close() {
      current = undefined;
      stack.remove(MIDDLEWARE);
    },
  };
}
