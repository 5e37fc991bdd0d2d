import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentApi,
  ChatAgent,
  ChatCustomer,
  expectChatResponse,
  PushSocket,
  type Json,
  type Row,
} from '../support/chat-client.js';
import { formBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 4: many senders racing on one chat. Positions are given in commit order by the chat
 * table, so whatever the interleaving the transcript must be numbered 1..N with no gap and no
 * repeat, every subscriber must get every event once, and refresh must list each event once.
 */

let s: TestServer;
const sockets: PushSocket[] = [];
let id: string;
let customer: ChatCustomer;
let agent: ChatAgent;
let customerWs: PushSocket;
let agentWs: PushSocket;

const dense = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Every pushed position 1..n exactly once on `ws` (arrival order is not asserted: pushes race too). */
async function expectEveryEventOnce(ws: PushSocket, n: number, transcript: Row[]): Promise<void> {
  await ws.chatEventsUpTo(id, n);
  const pushed = ws.chatEvents(id);
  expect(pushed.map((e) => e.position).sort((a, b) => a - b)).toEqual(dense(n));
  for (const e of pushed) expect(e.row, `push of position ${e.position}`).toEqual(transcript[e.position - 1]);
}

beforeAll(async () => {
  s = await startTestServer();
  const wsUrl = s.deps.runtime.websocketUrl!;
  const res = await s.fetch('/service/request-chat', {
    ...formBody({}),
    headers: { 'content-type': 'application/x-www-form-urlencoded', gms_user: 'chat-device' },
  });
  expect(res.status).toBe(200);
  id = (await res.json())._id;
  customerWs = await PushSocket.open(wsUrl, 'chat-device');
  agentWs = await PushSocket.open(wsUrl, 'race-desktop');
  sockets.push(customerWs, agentWs);
  await customerWs.subscribe(id);
  await agentWs.subscribe(id);
  customer = new ChatCustomer(s, id);
  await customer.start({ userDisplayName: 'Racer' });
  const api = agentApi(s);
  await api.post('race-agent', 'login', { name: 'Race Agent', ready: true });
  await api.accept('race-agent', id);
  agent = new ChatAgent(s, 'race-agent', id);
  await customerWs.chatEventsUpTo(id, 2);
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await s?.stop();
});

describe('20 concurrent senders on one chat', () => {
  let transcript: Row[] = [];

  it('10 customer and 10 agent sends racing: dense unique positions, each push once to both sockets, refresh lists each once', async () => {
    const sends: Promise<Json>[] = [];
    for (let i = 0; i < 10; i++) {
      sends.push(customer.send(`customer ${i}`));
      sends.push(agent.send(`agent ${i}`));
    }
    const answers = await Promise.all(sends);
    const positions = answers.map((a) => {
      expectChatResponse(a, id);
      // Without transcriptPosition, just the event the request created, at its position.
      expect(a.transcriptToShow).toHaveLength(1);
      return a.transcriptPosition as number;
    });
    expect([...positions].sort((a, b) => a - b)).toEqual(dense(22).slice(2));

    const all = await customer.refresh(0);
    transcript = all.transcriptToShow;
    expect(all.transcriptPosition).toBe(22);
    expect(transcript).toHaveLength(22);
    // Each answer's event is the transcript's event at its position.
    answers.forEach((a) => expect(transcript[a.transcriptPosition - 1]).toEqual(a.transcriptToShow[0]));
    const texts = transcript.filter((r) => r[0] === 'Message.Text').map((r) => r[2]);
    expect(texts.sort()).toEqual(
      [...dense(10).map((i) => `customer ${i - 1}`), ...dense(10).map((i) => `agent ${i - 1}`)].sort(),
    );
    for (const r of transcript.slice(2)) {
      expect(r[4]).toBe(r[2].startsWith('agent') ? 'AGENT' : 'CLIENT');
    }

    await expectEveryEventOnce(customerWs, 22, transcript);
    await expectEveryEventOnce(agentWs, 22, transcript);
    expect((await agent.transcript(0)).transcriptToShow).toEqual(transcript);
  });

  it('20 customer sends with a stale position, typing and reads racing: each answer is the contiguous run after that position', async () => {
    const base = transcript.length;
    const work: Promise<Json>[] = [];
    for (let i = 0; i < 20; i++) work.push(customer.send(`burst ${i}`, { transcriptPosition: String(base) }));
    // Typing notices and reads from the agent side race with them.
    const typing = [agent.startTyping(), agent.stopTyping()];
    const reads = Array.from({ length: 5 }, () => agent.transcript(base));
    const answers = await Promise.all(work);
    await Promise.all(typing);
    const snapshots = await Promise.all(reads);

    const final = await customer.refresh(0);
    const N = base + 22;
    expect(final.transcriptPosition).toBe(N);
    expect(final.transcriptToShow).toHaveLength(N);
    expect(final.transcriptToShow.slice(0, base)).toEqual(transcript);
    transcript = final.transcriptToShow;

    for (const [i, a] of answers.entries()) {
      expectChatResponse(a, id);
      const rows = a.transcriptToShow as Row[];
      // Every event after the caller's position up to the answer's, none repeated, its own among them.
      expect(rows.length).toBe(a.transcriptPosition - base);
      expect(rows).toEqual(transcript.slice(base, a.transcriptPosition));
      expect(rows.filter((r) => r[0] === 'Message.Text' && r[2] === `burst ${i}`)).toHaveLength(1);
    }
    for (const snap of snapshots) {
      expect(snap.transcriptToShow).toEqual(transcript.slice(base, snap.transcriptPosition));
    }
    const bursts = transcript.filter((r) => r[2].startsWith('burst ')).map((r) => r[2]);
    expect(new Set(bursts).size).toBe(20);
    expect(bursts).toHaveLength(20);
    expect(
      transcript.filter((r) => r[0] === 'Notice.TypingStarted' || r[0] === 'Notice.TypingStopped'),
    ).toHaveLength(2);

    await expectEveryEventOnce(customerWs, N, transcript);
    await expectEveryEventOnce(agentWs, N, transcript);
    // refresh from positions inside the burst: exactly what follows.
    for (const k of [base, base + 7, N - 1, N]) {
      const r = await customer.refresh(k);
      expect(r.transcriptToShow).toEqual(transcript.slice(k));
      expect(r.transcriptPosition).toBe(N);
    }
  });

  it('ends: the customer leaves while the agent sends; the end is the last event', async () => {
    const before = transcript.length;
    const [left] = await Promise.all([customer.disconnect(), agent.post('send', { message: 'last words' })]);
    expectChatResponse(left, id, 'DISCONNECTED');
    const final = await customer.refresh(0);
    const rows = final.transcriptToShow as Row[];
    expect(rows.slice(0, before)).toEqual(transcript);
    expect(rows.at(-1)![0]).toBe('Notice.Left');
    // The agent's message is in the transcript before the end, or was refused by the ended chat: never after it.
    expect(rows.length === before + 1 || rows.length === before + 2).toBe(true);
    expect(rows.filter((r) => r[0] === 'Notice.Left')).toHaveLength(1);
    await expectEveryEventOnce(customerWs, rows.length, rows);
    await agentApi(s).post('race-agent', 'complete', { ready: false });
  });
});
