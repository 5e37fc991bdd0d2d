/**
 * A browser client of the push WebSocket (docs/push.md): subscribes to session ids, hands every
 * frame to its listeners, pings so idle-closing gateways keep it open, and reconnects with the
 * same subscriptions (notifications sent meanwhile were kept for poll and arrive after the new
 * subscribe ack, so nothing is lost).
 */

/** A frame from the server, parsed: `ack`, `pong`, `error` or `notification`. */
export interface PushFrame {
  type?: string;
  action?: string;
  id?: string;
  message?: string;
  /** Error frames: what went wrong, in a word (`not-found`, `subscription-limit`, `reconnect`...). */
  error?: string;
  channel?: string;
  data?: { id: string; tag: string; message: unknown };
}

export type SocketState = 'connecting' | 'open' | 'closed';

export interface PushSocketOptions {
  url: string;
  /** Sent as `?gms_user=` (a browser cannot set headers on a WebSocket). */
  gmsUser?: string;
  onFrame?: (frame: PushFrame) => void;
  onState?: (state: SocketState) => void;
  /** Every frame sent, as text (the Lab sample logs them). */
  onSend?: (text: string) => void;
}

/** API Gateway drops idle connections after 10 minutes; a ping every 4 keeps ours. */
const PING_MS = 4 * 60_000;
const MAX_BACKOFF_MS = 15_000;

/** The notifications endpoint on the same host as the page (the local runtime serves both). */
export function sameHostPushUrl(base = window.location.origin): string {
  return `${base.replace(/\/+$/, '').replace(/^http/, 'ws')}/genesys/1/notifications`;
}

export class PushSocket {
  private socket?: WebSocket;
  private readonly subscriptions = new Set<string>();
  private pingTimer?: ReturnType<typeof setInterval>;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private backoff = 500;
  private stopped = false;
  state: SocketState = 'closed';

  constructor(private options: PushSocketOptions) {
    this.open();
  }

  get url(): string {
    return this.options.url;
  }

  /** Moves to another endpoint (e.g. a StartChat's `_comet_url`), keeping the subscriptions. */
  setUrl(url: string): void {
    if (url === this.options.url) return;
    this.options = { ...this.options, url };
    this.backoff = 200;
    this.socket?.close();
  }

  subscribe(id: string): void {
    this.subscriptions.add(id);
    this.send({ action: 'subscribe', id });
  }

  unsubscribe(id: string): void {
    if (!this.subscriptions.delete(id)) return;
    this.send({ action: 'unsubscribe', id });
  }

  isSubscribed(id: string): boolean {
    return this.subscriptions.has(id);
  }

  close(): void {
    this.stopped = true;
    clearInterval(this.pingTimer);
    clearTimeout(this.retryTimer);
    this.socket?.close();
    this.setState('closed');
  }

  private send(frame: object): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(frame);
    this.options.onSend?.(text);
    this.socket.send(text);
  }

  private setState(state: SocketState): void {
    this.state = state;
    this.options.onState?.(state);
  }

  private open(): void {
    if (this.stopped) return;
    const { url, gmsUser } = this.options;
    const target = gmsUser
      ? `${url}${url.includes('?') ? '&' : '?'}gms_user=${encodeURIComponent(gmsUser)}`
      : url;
    this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(target);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.backoff = 500;
      this.setState('open');
      for (const id of this.subscriptions) this.send({ action: 'subscribe', id });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ action: 'ping' }), PING_MS);
    };
    socket.onmessage = (e: MessageEvent) => {
      let frame: PushFrame;
      try {
        frame = JSON.parse(String(e.data)) as PushFrame;
      } catch {
        frame = { type: 'unparsed', message: String(e.data) };
      }
      this.options.onFrame?.(frame);
      // The server lost this connection (expired, or a $disconnect raced the subscribe): start afresh.
      if (frame.type === 'error' && frame.action === 'subscribe' && /reconnect/i.test(frame.message ?? '')) {
        socket.close();
      }
      // A refused id (no such live session, or the connection's limit reached) is not asked for
      // again at the next reconnect.
      if (
        frame.type === 'error' &&
        frame.action === 'subscribe' &&
        frame.id !== undefined &&
        (frame.error === 'not-found' || frame.error === 'subscription-limit')
      ) {
        this.subscriptions.delete(frame.id);
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      clearInterval(this.pingTimer);
      this.socket = undefined;
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    this.setState('closed');
    this.retryTimer = setTimeout(() => this.open(), this.backoff);
    this.backoff = Math.min(Math.max(this.backoff * 2, 500), MAX_BACKOFF_MS);
  }
}
