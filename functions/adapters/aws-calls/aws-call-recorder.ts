import { AsyncLocalStorage } from 'node:async_hooks';
import type { AwsCall, CallerId } from './aws-call.js';

/** Calls made outside any function's handler (the local runtime's own start-up work). */
export const OUTSIDE_FUNCTIONS = 'local-runtime';

export interface RecordedAwsCall extends AwsCall {
  caller: CallerId | typeof OUTSIDE_FUNCTIONS;
  /** The SDK command or port method that needed it, e.g. `TransactWriteItemsCommand`. */
  operation: string;
  /** How many times it was seen. */
  count: number;
}

/** Every distinct (caller, action, resource, condition keys) seen while recording. */
export class AwsCallLog {
  private readonly seen = new Map<string, RecordedAwsCall>();

  add(caller: RecordedAwsCall['caller'], operation: string, call: AwsCall): void {
    const key = JSON.stringify([caller, call.action, call.resource, call.context ?? {}]);
    const known = this.seen.get(key);
    if (known) known.count++;
    else this.seen.set(key, { ...call, caller, operation, count: 1 });
  }

  get calls(): RecordedAwsCall[] {
    return [...this.seen.values()];
  }
}

const callerScope = new AsyncLocalStorage<CallerId>();
let active: AwsCallLog | undefined;

/**
 * Turns recording on for this process (tests only). Clients and ports built from now on are
 * instrumented; those built before, and everything while recording is off, are left untouched,
 * so production code pays nothing.
 */
export function startAwsCallRecording(): AwsCallLog {
  active = new AwsCallLog();
  return active;
}

export function stopAwsCallRecording(): void {
  active = undefined;
}

export function isRecordingAwsCalls(): boolean {
  return active !== undefined;
}

/**
 * The function the current code runs as, while recording (else undefined). In-process caches key
 * on it: in AWS each function has its own, so one function's cached read must not hide another's.
 */
export function recordingCaller(): CallerId | undefined {
  return active ? callerScope.getStore() : undefined;
}

export function recordAwsCalls(operation: string, calls: readonly AwsCall[]): void {
  if (!active) return;
  const caller = callerScope.getStore() ?? OUTSIDE_FUNCTIONS;
  for (const call of calls) active.add(caller, operation, call);
}

/**
 * `handler` running as the function `caller`: the local runtime runs every function in one
 * process, so what each call is attributed to comes from the invocation it happens in (work a
 * handler leaves running, e.g. a push after its answer, stays attributed to it).
 * Returns `handler` itself when recording is off.
 */
export function asCaller<A extends unknown[], R>(
  caller: CallerId,
  handler: (...args: A) => R,
): (...args: A) => R {
  if (!active) return handler;
  return (...args: A) => callerScope.run(caller, () => handler(...args));
}
