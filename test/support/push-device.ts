import { WebSocket } from 'ws';

/** Waits for a condition that depends on other processes; fails with `what` if it never holds. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  tries = 1000,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Frames are asserted on field by field, as `TestResponse.json()` is. */
export type Frame = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A WebSocket client of the push API that keeps every frame it receives, parsed. */
export class PushDevice {
  readonly frames: Frame[] = [];
  readonly socket: WebSocket;
  /** The close code, once the socket is closed (by either side). */
  readonly closed: Promise<number>;

  constructor(url: string, options: { autoPong?: boolean } = {}) {
    this.socket = new WebSocket(url, options);
    this.socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
    this.closed = new Promise((r) => this.socket.once('close', (code) => r(code)));
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** The first frame (in arrival order) that matches, waiting for it if needed. */
  next(match: (frame: Frame) => boolean, what: string): Promise<Frame> {
    return waitFor(() => this.frames.find(match), what);
  }

  /** The answer to a subscribe / unsubscribe of `id` (from frame `after` on): its ack or its error frame. */
  answer(action: 'subscribe' | 'unsubscribe', id: string, after = 0): Promise<Frame> {
    return this.next(
      (f) => this.frames.indexOf(f) >= after && f.action === action && f.id === id,
      `${action} answer for ${id}`,
    );
  }

  /** Sends a subscribe / unsubscribe of `id` and returns its answer, ack or error frame. */
  async request(action: 'subscribe' | 'unsubscribe', id: string): Promise<Frame> {
    const after = this.frames.length;
    this.send({ action, id });
    return this.answer(action, id, after);
  }

  /** Subscribes and expects the ack. */
  async subscribe(id: string): Promise<void> {
    const answer = await this.request('subscribe', id);
    if (answer.type !== 'ack') throw new Error(`subscribe ${id} refused: ${JSON.stringify(answer)}`);
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
  }
}
