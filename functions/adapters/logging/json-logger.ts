import { AsyncLocalStorage } from 'node:async_hooks';

/** The levels the functions log at, least severe first. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a log line takes from the Lambda invocation (the `Context` fields it names). */
export interface InvocationContext {
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
}

/** Where lines go: DEBUG and INFO to `stdout`, WARN and ERROR to `stderr`, as Lambda's console does. */
export interface LogSink {
  stdout: { write(line: string): unknown };
  stderr: { write(line: string): unknown };
}

type Extra = Record<string, unknown> | Error | string | undefined;

interface Invocation {
  context: Record<string, unknown>;
  /** `appendKeys` within this invocation: gone when it ends, and never seen by another one. */
  keys: Record<string, unknown>;
}

/**
 * One JSON line per entry, with the fields (and names) Powertools Logger wrote before it: `level`,
 * `message`, `timestamp`, `service`, within an invocation `cold_start` and the `function_*` fields,
 * `sampling_rate`, `xray_trace_id` when Lambda sets one, then the entry's own keys. An `Error`
 * anywhere in them becomes `{name, location, message, stack, cause}`; cycles and BigInts cannot
 * break the line.
 *
 * Written for the bundle bound of issue 11: Powertools Logger, Metrics and their commons were
 * about 31 KB of every function. What the functions use of it is this much.
 */
export class JsonLogger {
  private threshold: number;
  private coldStart = true;
  private readonly invocations = new AsyncLocalStorage<Invocation>();
  /** Keys appended outside any invocation (e.g. at module load): kept on every line. */
  private readonly persistent: Record<string, unknown> = {};

  constructor(
    private readonly service: string,
    level: LogLevel,
    private readonly sink: LogSink = process,
  ) {
    this.threshold = LOG_LEVELS.indexOf(level);
  }

  setLogLevel(level: LogLevel): void {
    this.threshold = LOG_LEVELS.indexOf(level);
  }

  getLevelName(): LogLevel {
    return LOG_LEVELS[this.threshold]!;
  }

  /** Keys on every later line of the current invocation (of the process, outside one). */
  appendKeys(keys: Record<string, unknown>): void {
    Object.assign(this.invocations.getStore()?.keys ?? this.persistent, keys);
  }

  /**
   * Runs `work` as one Lambda invocation: its lines carry `context` and the keys appended during
   * it, concurrent invocations of one process (the local runtime) included.
   */
  withInvocation<T>(context: Partial<InvocationContext> | undefined, work: () => T): T {
    const coldStart = this.coldStart;
    this.coldStart = false;
    return this.invocations.run(
      {
        context: {
          cold_start: coldStart,
          function_arn: context?.invokedFunctionArn,
          function_memory_size: context?.memoryLimitInMB,
          function_name: context?.functionName,
          function_request_id: context?.awsRequestId,
        },
        keys: {},
      },
      work,
    );
  }

  debug(message: string, ...extra: Extra[]): void {
    this.log(0, message, extra);
  }

  info(message: string, ...extra: Extra[]): void {
    this.log(1, message, extra);
  }

  warn(message: string, ...extra: Extra[]): void {
    this.log(2, message, extra);
  }

  error(message: string, ...extra: Extra[]): void {
    this.log(3, message, extra);
  }

  private log(level: number, message: string, extra: Extra[]): void {
    if (level < this.threshold) return;
    const invocation = this.invocations.getStore();
    const traceId = xrayTraceId();
    const line: Record<string, unknown> = {
      level: LOG_LEVELS[level],
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...invocation?.context,
      sampling_rate: 0,
      ...(traceId ? { xray_trace_id: traceId } : {}),
      ...this.persistent,
      ...invocation?.keys,
    };
    for (const item of extra) {
      if (item instanceof Error) line.error = item;
      else if (typeof item === 'string') line.extra = item;
      else if (item) Object.assign(line, item);
    }
    const out = level >= 2 ? this.sink.stderr : this.sink.stdout;
    out.write(`${JSON.stringify(line, jsonReplacer())}\n`);
  }
}

/** The trace id of the invocation (`Root=` of Lambda's `_X_AMZN_TRACE_ID`), if any. */
function xrayTraceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  return header
    ?.split(';')
    .find((p) => p.startsWith('Root='))
    ?.slice('Root='.length);
}

/** Errors as `{name, location, message, stack, cause, ...own fields}`; BigInts as strings; cycles dropped. */
function jsonReplacer() {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    const replaced = value instanceof Error ? formatError(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...own } = error as Error & Record<string, unknown>;
  return {
    name,
    location: codeLocation(stack),
    message,
    stack,
    ...(cause !== undefined ? { cause: cause instanceof Error ? formatError(cause) : cause } : {}),
    ...own,
  };
}

/** `file:line` of the first frame of a stack. */
function codeLocation(stack: string | undefined): string {
  const frame = stack?.split('\n').find((l) => l.trimStart().startsWith('at '));
  const match = frame?.match(/\(?([^\s()]+):(\d+):\d+\)?$/);
  return match ? `${match[1]}:${match[2]}` : '';
}
