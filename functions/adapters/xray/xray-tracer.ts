import { AsyncLocalStorage } from 'node:async_hooks';
import {
  XRayEmitter,
  newSegmentId,
  parseDaemonAddress,
  parseTraceHeader,
  type AnnotationValue,
  type SubsegmentDocument,
  type TraceHeader,
} from './xray-emitter.js';

/** A subsegment being recorded; sent as one document when it is closed. */
export class Subsegment {
  readonly id = newSegmentId();
  private readonly doc: SubsegmentDocument;
  private closed = false;

  constructor(
    private readonly emitter: Pick<XRayEmitter, 'send'>,
    readonly traceId: string,
    parentId: string,
    name: string,
    extra: Partial<SubsegmentDocument> = {},
  ) {
    this.doc = {
      type: 'subsegment',
      name,
      id: this.id,
      trace_id: traceId,
      parent_id: parentId,
      start_time: Date.now() / 1000,
      end_time: 0,
      ...extra,
    };
  }

  addAnnotation(key: string, value: AnnotationValue): void {
    (this.doc.annotations ??= {})[key] = value;
  }

  /** Marks the subsegment failed: `fault` (a server-side failure), or `error` for a 4xx of a remote call. */
  addError(error: unknown, kind: 'fault' | 'error' | 'throttle' = 'fault', remote = false): void {
    if (kind === 'throttle') {
      this.doc.throttle = true;
      this.doc.error = true;
    } else this.doc[kind] = true;
    const e = error instanceof Error ? error : new Error(String(error));
    (this.doc.cause ??= { exceptions: [] }).exceptions.push({
      id: newSegmentId(),
      message: e.message,
      type: e.name,
      ...(remote ? { remote: true } : {}),
    });
  }

  set(fields: Pick<SubsegmentDocument, 'aws' | 'http'>): void {
    Object.assign(this.doc, fields);
  }

  /** Ends the subsegment and sends it (once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.doc.end_time = Date.now() / 1000;
    this.emitter.send(this.doc);
  }
}

type Handler = (args: { input: unknown; request?: unknown }) => Promise<{ output?: unknown }>;
interface SdkContext {
  clientName?: string;
  commandName?: string;
}
/** The part of an SDK v3 client used here (every client has it). */
interface TraceableClient {
  config: { region?: unknown };
  middlewareStack: {
    add(
      middleware: (next: Handler, context: SdkContext) => Handler,
      options: { step: 'initialize' | 'build'; priority?: 'high' | 'low'; name: string; override: boolean },
    ): void;
  };
}

interface SdkMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}

export interface XRayTracerOptions {
  /** The environment read: `AWS_LAMBDA_FUNCTION_NAME`, `AWS_XRAY_DAEMON_ADDRESS`, `_X_AMZN_TRACE_ID`, `_HANDLER`. */
  env?: NodeJS.ProcessEnv;
  emitter?: Pick<XRayEmitter, 'send'>;
}

/**
 * The functions' X-Ray tracer. In Lambda with active tracing, each invocation gets a subsegment
 * (`## index.handler`) under Lambda's function segment, carrying the annotations; every AWS call
 * a traced client makes is a subsegment under the current one (namespace `aws`, operation, region,
 * request id, status, retries), and the call carries the trace header on. Documents are sent
 * over UDP to `AWS_XRAY_DAEMON_ADDRESS`. Outside Lambda (no `AWS_LAMBDA_FUNCTION_NAME` or no
 * daemon address) and for unsampled invocations, it records nothing.
 */
export class XRayTracer {
  private readonly current = new AsyncLocalStorage<Subsegment>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly emitter: Pick<XRayEmitter, 'send'> | undefined;
  private coldStart = true;

  constructor(options: XRayTracerOptions = {}) {
    this.env = options.env ?? process.env;
    const address = parseDaemonAddress(this.env.AWS_XRAY_DAEMON_ADDRESS);
    const inLambda = Boolean(this.env.AWS_LAMBDA_FUNCTION_NAME);
    this.emitter = inLambda && address ? (options.emitter ?? new XRayEmitter(address)) : undefined;
  }

  isTracingEnabled(): boolean {
    return this.emitter !== undefined;
  }

  /** The current invocation's trace header when it is recorded (read per invocation: Lambda sets it). */
  private sampledHeader(): TraceHeader | undefined {
    if (!this.emitter) return undefined;
    const header = parseTraceHeader(this.env._X_AMZN_TRACE_ID);
    return header?.sampled && header.parent ? header : undefined;
  }

  /** Runs one invocation in its handler subsegment (annotated `ColdStart` and `Service`). */
  async invocation<T>(work: () => Promise<T>): Promise<T> {
    const coldStart = this.coldStart;
    this.coldStart = false;
    const header = this.sampledHeader();
    if (!header) return work();
    const segment = new Subsegment(
      this.emitter!,
      header.root,
      header.parent!,
      `## ${this.env._HANDLER ?? 'index.handler'}`,
    );
    segment.addAnnotation('ColdStart', coldStart);
    segment.addAnnotation('Service', 'gms');
    return this.within(segment, work);
  }

  /** Runs `work` in a subsegment of the current one, annotated with `annotations`. Plain `work()` when off. */
  async inSubsegment<T>(
    name: string,
    annotations: Record<string, AnnotationValue>,
    work: () => Promise<T>,
  ): Promise<T> {
    const parent = this.current.getStore();
    if (!parent || !this.emitter) return work();
    const segment = new Subsegment(this.emitter, parent.traceId, parent.id, name);
    for (const [key, value] of Object.entries(annotations)) segment.addAnnotation(key, value);
    return this.within(segment, work);
  }

  /** Annotates the current subsegment (no-op outside one). */
  putAnnotation(key: string, value: AnnotationValue): void {
    this.current.getStore()?.addAnnotation(key, value);
  }

  private async within<T>(segment: Subsegment, work: () => Promise<T>): Promise<T> {
    try {
      return await this.current.run(segment, work);
    } catch (e) {
      segment.addError(e);
      throw e;
    } finally {
      segment.close();
    }
  }

  /**
   * Traces every command `client` sends as a subsegment of the current one (SDK v3 middleware),
   * and passes the trace header on with the request. Returns `client`. Off: adds nothing.
   */
  traceClient<C extends object>(client: C): C {
    if (!this.emitter) return client;
    const stack = (client as unknown as TraceableClient).middlewareStack;
    const config = (client as unknown as TraceableClient).config;
    const calls = new WeakSet<Subsegment>();
    stack.add(
      (next, context) => async (args) => {
        const parent = this.current.getStore();
        if (!parent) return next(args);
        const service = (context.clientName ?? 'AWS').replace(/(Document)?Client$/, '');
        const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
        const segment = new Subsegment(this.emitter!, parent.traceId, parent.id, service, {
          namespace: 'aws',
        });
        calls.add(segment);
        const aws: Record<string, unknown> = { operation, region: await regionOf(config) };
        const input = args.input as Record<string, unknown> | undefined;
        if (typeof input?.TableName === 'string') aws.table_name = input.TableName;
        if (typeof input?.QueueUrl === 'string') aws.queue_url = input.QueueUrl;
        try {
          // The call's own subsegment is current below: the build step names it as the request's parent.
          const result = await this.current.run(segment, () => next(args));
          describeCall(segment, aws, (result.output as { $metadata?: SdkMetadata } | undefined)?.$metadata);
          return result;
        } catch (e) {
          const metadata = (e as { $metadata?: SdkMetadata }).$metadata;
          describeCall(segment, aws, metadata);
          const status = metadata?.httpStatusCode ?? 0;
          segment.addError(
            e,
            status === 429 ? 'throttle' : status >= 400 && status < 500 ? 'error' : 'fault',
            true,
          );
          throw e;
        } finally {
          segment.close();
        }
      },
      { step: 'initialize', priority: 'high', name: 'gmsXRaySubsegment', override: true },
    );
    stack.add(
      (next) => async (args) => {
        const segment = this.current.getStore();
        const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
        if (segment && calls.has(segment) && headers) {
          headers['X-Amzn-Trace-Id'] = `Root=${segment.traceId};Parent=${segment.id};Sampled=1`;
        }
        return next(args);
      },
      { step: 'build', priority: 'low', name: 'gmsXRayTraceHeader', override: true },
    );
    return client;
  }
}

async function regionOf(config: TraceableClient['config']): Promise<string | undefined> {
  try {
    const region =
      typeof config.region === 'function' ? await (config.region as () => unknown)() : config.region;
    return typeof region === 'string' ? region : undefined;
  } catch {
    return undefined;
  }
}

function describeCall(
  segment: Subsegment,
  aws: Record<string, unknown>,
  metadata: SdkMetadata | undefined,
): void {
  if (metadata?.requestId) aws.request_id = metadata.requestId;
  if (metadata?.attempts !== undefined) aws.retries = Math.max(0, metadata.attempts - 1);
  segment.set({
    aws,
    ...(metadata?.httpStatusCode !== undefined
      ? { http: { response: { status: metadata.httpStatusCode } } }
      : {}),
  });
}
