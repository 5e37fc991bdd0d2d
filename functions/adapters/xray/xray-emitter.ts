import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

/**
 * What `_X_AMZN_TRACE_ID` says about the current invocation: the trace, the segment new
 * subsegments hang under (Lambda's function segment), and whether the trace is recorded.
 */
export interface TraceHeader {
  root: string;
  parent?: string;
  sampled: boolean;
}

/** `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1` (X-Ray tracing header). */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  if (!value) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const root = fields.get('Root');
  if (!root) return undefined;
  return { root, parent: fields.get('Parent'), sampled: fields.get('Sampled') === '1' };
}

export interface DaemonAddress {
  host: string;
  port: number;
}

/**
 * `AWS_XRAY_DAEMON_ADDRESS`: `host:port` (UDP), or `tcp:host:port udp:host:port` (either order);
 * segments go over UDP. Anything else: undefined (tracing stays off).
 */
export function parseDaemonAddress(value: string | undefined): DaemonAddress | undefined {
  if (!value) return undefined;
  const parts = value.trim().split(/\s+/);
  const udp = parts.length === 1 ? parts[0]! : parts.find((p) => p.startsWith('udp:'))?.slice(4);
  const match = udp ? /^(.+):(\d{1,5})$/.exec(udp) : null;
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1]!, port } : undefined;
}

/** A segment or subsegment id: 16 hex digits. */
export const newSegmentId = (): string => randomBytes(8).toString('hex');

export type AnnotationValue = string | number | boolean;

/**
 * An independent subsegment document (X-Ray segment documents: "Sending subsegments separately"):
 * it names its trace and parent, so it can be sent alone, once, when it ends.
 */
export interface SubsegmentDocument {
  type: 'subsegment';
  name: string;
  id: string;
  trace_id: string;
  parent_id: string;
  start_time: number;
  end_time: number;
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, AnnotationValue>;
  aws?: Record<string, unknown>;
  http?: { response?: { status?: number } };
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: { exceptions: { id: string; message: string; type: string; remote?: boolean }[] };
}

/** The header line the X-Ray daemon expects before each document of a datagram. */
export const DAEMON_HEADER = '{"format":"json","version":1}\n';

/**
 * Sends segment documents to the X-Ray daemon (in Lambda: the one Lambda runs next to the
 * function) over UDP, fire and forget, as the X-Ray SDKs do. The socket is created on the first
 * send and does not keep the process alive; a failed send is dropped (tracing never fails work).
 */
export class XRayEmitter {
  private socket: Socket | undefined;

  constructor(private readonly address: DaemonAddress) {}

  send(document: SubsegmentDocument): void {
    const datagram = Buffer.from(DAEMON_HEADER + JSON.stringify(document), 'utf8');
    if (!this.socket) {
      this.socket = createSocket('udp4');
      this.socket.on('error', () => undefined);
      this.socket.unref();
    }
    this.socket.send(datagram, this.address.port, this.address.host, () => undefined);
  }
}
