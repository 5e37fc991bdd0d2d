import { expect } from 'vitest';
import { WebSocket } from 'ws';
import { formBody, jsonBody, type TestServer } from './test-server.js';

/**
 * The two sides of a chat as the integration tests play them: the customer through the Chat API
 * v1 (`service/{id}/ixn/chat/...`), the agent through the agent chat API, both listening on a
 * real WebSocket (docs/push.md).
 */

/** Bodies and frames are asserted on field by field. */
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `[eventType, nickname, text, partyId, partyType]`. */
export type Row = [string, string, string, string, string];

/** Polls `read` until `check` holds; fails with `what` and the last value after `timeoutMs`. */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/** A chat event as pushed: the chat response holding exactly that event. */
export interface PushedEvent {
  position: number;
  row: Row;
  response: Json;
}

/** A WebSocket on the notifications endpoint that keeps every frame, parsed. */
export class PushSocket {
  readonly frames: Json[] = [];
  private readonly socket: WebSocket;

  constructor(url: string, user: string) {
    this.socket = new WebSocket(url, { headers: { gms_user: user } });
    this.socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
  }

  static async open(url: string, user: string): Promise<PushSocket> {
    const s = new PushSocket(url, user);
    await new Promise<void>((resolve, reject) => {
      s.socket.once('open', () => resolve());
      s.socket.once('error', reject);
    });
    return s;
  }

  next(match: (frame: Json) => boolean, what: string): Promise<Json> {
    return until(
      async () => this.frames.find(match),
      (f) => f !== undefined,
      what,
    );
  }

  /** Sends a frame: a string as is, anything else as JSON. */
  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends an `agent-chat` frame and waits for the answer or error carrying its `ref`. */
  async agentChat(frame: Record<string, unknown> & { ref: string }): Promise<Json> {
    this.send({ action: 'agent-chat', ...frame });
    return this.next(
      (f) => (f.type === 'agent-chat' || f.type === 'error') && f.ref === frame.ref,
      `agent-chat answer ${frame.ref}`,
    );
  }

  async subscribe(id: string): Promise<void> {
    this.socket.send(JSON.stringify({ action: 'subscribe', id }));
    await this.next(
      (f) => f.type === 'ack' && f.action === 'subscribe' && f.id === id,
      `subscribe ack ${id}`,
    );
  }

  notifications(tag: string): Json[] {
    return this.frames.filter((f) => f.type === 'notification' && f.data?.tag === tag).map((f) => f.data);
  }

  /** Every chat event pushed for `id`, in arrival order; each push must hold exactly one event. */
  chatEvents(id: string): PushedEvent[] {
    return this.notifications(`service.chat.refresh.${id}`).map((n) => {
      const response = n.message;
      expect(response.chatSessionId, 'pushed chat response').toBe(id);
      expect(response.transcriptToShow, `push ${JSON.stringify(response)}`).toHaveLength(1);
      return { position: response.transcriptPosition, row: response.transcriptToShow[0], response };
    });
  }

  /** Waits until the pushes for `id` cover positions `first`..`last`. */
  async chatEventsUpTo(id: string, last: number, first = 1): Promise<PushedEvent[]> {
    await until(
      async () => [...new Set(this.chatEvents(id).map((e) => e.position))].sort((a, b) => a - b),
      (seen) => Array.from({ length: last - first + 1 }, (_, i) => first + i).every((p) => seen.includes(p)),
      `chat ${id}: pushes of positions ${first}..${last}`,
    );
    return this.chatEvents(id);
  }

  close(): void {
    this.socket.terminate();
  }
}

export interface Answer {
  status: number;
  body: Json;
  contentType: string | null;
  text: string;
  headers: Headers;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return {
    status: res.status,
    body,
    contentType: res.headers.get('content-type'),
    text,
    headers: res.headers,
  };
}

/** The customer's side: `service/{id}/ixn/chat[/action]`. */
export class ChatCustomer {
  constructor(
    private readonly s: TestServer,
    readonly id: string,
    /** Form bodies as the GMS samples send; JSON works too. */
    private readonly encoding: 'form' | 'json' = 'form',
  ) {}

  async post(action: string, fields: Record<string, string> = {}): Promise<Answer> {
    const init = this.encoding === 'form' ? formBody(fields) : jsonBody(fields);
    const path = `/service/${encodeURIComponent(this.id)}/ixn/chat${action ? `/${action}` : ''}`;
    return answer(
      await this.s.fetch(path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), gms_user: 'chat-device' },
      }),
    );
  }

  /** A request that must succeed; its chat response. */
  async ok(action: string, fields: Record<string, string> = {}): Promise<Json> {
    const a = await this.post(action, fields);
    expect(a.status, `${action || 'start'} ${this.id}: ${a.text}`).toBe(200);
    return a.body;
  }

  start = (fields: Record<string, string> = {}) => this.ok('', { notify_by: 'comet', ...fields });
  send = (message: string, extra: Record<string, string> = {}) => this.ok('send', { message, ...extra });
  refresh = (transcriptPosition: number | string, extra: Record<string, string> = {}) =>
    this.ok('refresh', { transcriptPosition: String(transcriptPosition), ...extra });
  startTyping = (extra: Record<string, string> = {}) => this.ok('startTyping', extra);
  stopTyping = (extra: Record<string, string> = {}) => this.ok('stopTyping', extra);
  disconnect = (extra: Record<string, string> = {}) => this.ok('disconnect', extra);
  customNotice = (message: string) => this.ok('customNotice', { message });

  /**
   * The whole transcript from `from` on, as a client reads it: refresh from the position each
   * answer gives back until an answer brings nothing new. Also returns how many answers it took.
   */
  async transcript(from = 0): Promise<{ rows: Row[]; position: number; answers: Json[] }> {
    const rows: Row[] = [];
    const answers: Json[] = [];
    let position = from;
    for (;;) {
      const a = await this.refresh(position);
      answers.push(a);
      if (a.transcriptToShow.length === 0) return { rows, position, answers };
      expect(a.transcriptPosition, 'a page ends at its last event').toBe(
        position + a.transcriptToShow.length,
      );
      rows.push(...(a.transcriptToShow as Row[]));
      position = a.transcriptPosition;
    }
  }
}

/** One admin bearer token per server, shared by its `ChatAgent`s. */
const adminTokens = new WeakMap<TestServer, Promise<string>>();

function adminToken(s: TestServer): Promise<string> {
  let token = adminTokens.get(s);
  if (!token) {
    token = s
      .fetch('/admin/login', jsonBody({ username: 'default', password: 'password' }))
      .then(async (res) => {
        expect(res.status, 'admin login for the chat agent').toBe(200);
        return ((await res.json()) as { token: string }).token;
      });
    adminTokens.set(s, token);
  }
  return token;
}

/**
 * The agent's side: `agents/{agentId}/chats/{id}[/action]` with the admin's bearer token, as the
 * agent page sends it: HTTP Basic would check the password on every request, and racing agents
 * would meet the per-user limit on password checks in flight (429), which is not what these tests
 * are about.
 */
export class ChatAgent {
  constructor(
    private readonly s: TestServer,
    readonly agentId: string,
    readonly id: string,
  ) {}

  private path(action = '') {
    return `/agents/${this.agentId}/chats/${encodeURIComponent(this.id)}${action ? `/${action}` : ''}`;
  }

  private async request(path: string, init: RequestInit = {}) {
    const authorization = `Bearer ${await adminToken(this.s)}`;
    return this.s.fetch(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization },
    });
  }

  async read(transcriptPosition?: number | string): Promise<Answer> {
    const q = transcriptPosition === undefined ? '' : `?transcriptPosition=${transcriptPosition}`;
    return answer(await this.request(`${this.path()}${q}`));
  }

  async post(action: string, fields: Record<string, string> = {}): Promise<Answer> {
    return answer(await this.request(this.path(action), jsonBody(fields)));
  }

  async ok(action: string, fields: Record<string, string> = {}): Promise<Json> {
    const a = await this.post(action, fields);
    expect(a.status, `agent ${this.agentId} ${action} ${this.id}: ${a.text}`).toBe(200);
    return a.body;
  }

  async transcript(transcriptPosition = 0): Promise<Json> {
    const a = await this.read(transcriptPosition);
    expect(a.status, `agent ${this.agentId} reads ${this.id}: ${a.text}`).toBe(200);
    return a.body;
  }

  send = (message: string, extra: Record<string, string> = {}) => this.ok('send', { message, ...extra });
  startTyping = (extra: Record<string, string> = {}) => this.ok('startTyping', extra);
  stopTyping = (extra: Record<string, string> = {}) => this.ok('stopTyping', extra);
  disconnect = (extra: Record<string, string> = {}) => this.ok('disconnect', extra);
}

/** The agent API: login, state, accept, complete. */
export function agentApi(s: TestServer) {
  const post = async (id: string, action: string, body: unknown = {}) => {
    const res = await s.admin(`/agents/${id}/${action}`, jsonBody(body));
    expect(res.status, `${action} ${id}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as Json;
  };
  const get = async (id: string) => (await s.admin(`/agents/${id}`)).json() as Promise<Json>;
  return {
    post,
    get,
    until: (id: string, check: (a: Json) => boolean, what: string) =>
      until(() => get(id), check, `agent ${id} ${what}`),
    /** Waits for the offer of chat `chatId` and accepts it. */
    async accept(agentId: string, chatId: string): Promise<Json> {
      const offered = await until(
        () => get(agentId),
        (a) => a.state === 'RESERVED' && a.callback?._id === chatId,
        `agent ${agentId} offered chat ${chatId}`,
      );
      expect(offered.callback._media_type).toBe('chat');
      const accepted = await post(agentId, 'accept');
      expect(accepted).toMatchObject({ state: 'BUSY', phase: 'connected', callback: { _id: chatId } });
      return accepted;
    },
  };
}

/** The GMS callback query view of a session id. */
export async function callbackView(s: TestServer, id: string): Promise<Json> {
  const res = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
  expect(res.status).toBe(200);
  const [view] = (await res.json()) as Json[];
  return view;
}

export const STARTED_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** The shape every chat answer has (gms-api.md 3). */
export function expectChatResponse(body: Json, id: string, state = 'CONNECTED'): void {
  expect(body).toMatchObject({
    chatIxnState: state,
    chatSessionId: id,
    transcriptPosition: expect.any(Number),
    startedAt: expect.stringMatching(STARTED_AT),
    transcriptToShow: expect.any(Array),
    chatServiceMessage: expect.any(String),
  });
  for (const row of body.transcriptToShow) {
    expect(row).toHaveLength(5);
    for (const cell of row) expect(typeof cell).toBe('string');
  }
}
