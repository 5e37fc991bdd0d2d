import { useCallback, useEffect, useRef, useState } from 'react';
import {
  contiguousUpTo,
  EMPTY_TRANSCRIPT,
  isChatResponse,
  mergeResponse,
  type ChatResponse,
  type Transcript,
} from '../../chat-transcript';
import { PushSocket, sameHostPushUrl, type SocketState } from '../../push-socket';
import { chatAction, readChat, type ChatOp } from './agent-api';

/** When the socket is down, the transcript is read this often instead. */
export const CHAT_FALLBACK_POLL_MS = 2000;

/**
 * The chat of the callback the agent holds. Events come over the WebSocket: the desk subscribes
 * to the chat id from the offer on (docs/push.md), so nothing the customer does is missed; the
 * whole transcript is read once the agent joined and again after a reconnect, and while the
 * socket is down it is polled.
 */
export function useAgentChat(agentId: string | undefined, chatId: string | undefined, joined: boolean) {
  const [transcript, setTranscript] = useState<Transcript>(EMPTY_TRANSCRIPT);
  const [socketState, setSocketState] = useState<SocketState>('closed');
  const [error, setError] = useState<unknown>();
  /** Bumped by each subscribe ack for the current chat: from then on every event is pushed. */
  const [acks, setAcks] = useState(0);
  const socket = useRef<PushSocket>(undefined);
  const current = useRef(chatId);
  const latest = useRef(transcript);

  const take = useCallback((r: ChatResponse) => {
    if (r.chatSessionId !== current.current) return;
    setTranscript((t) => {
      const next = mergeResponse(t, r);
      latest.current = next;
      return next;
    });
  }, []);

  // One socket for the desk, opened with the agent and closed with it.
  useEffect(() => {
    if (!agentId) return;
    const s = new PushSocket({
      url: sameHostPushUrl(),
      gmsUser: `agent-desk-${agentId}`,
      onState: setSocketState,
      onFrame: (f) => {
        if (f.type === 'ack' && f.action === 'subscribe' && f.id === current.current) setAcks((n) => n + 1);
        if (
          f.type === 'notification' &&
          f.data?.tag.startsWith('service.chat.refresh.') &&
          isChatResponse(f.data.message)
        ) {
          take(f.data.message);
        }
      },
    });
    socket.current = s;
    return () => {
      s.close();
      socket.current = undefined;
    };
  }, [agentId, take]);

  // A new chat: a fresh transcript and a subscription to it (and none to the previous one).
  useEffect(() => {
    current.current = chatId;
    latest.current = EMPTY_TRANSCRIPT;
    setTranscript(EMPTY_TRANSCRIPT);
    setError(undefined);
    setAcks(0);
    const s = socket.current;
    if (!chatId || !s) return;
    s.subscribe(chatId);
    return () => s.unsubscribe(chatId);
  }, [chatId, agentId]);

  const catchUp = useCallback(async () => {
    if (!agentId || !chatId) return;
    try {
      take(await readChat(agentId, chatId, contiguousUpTo(latest.current)));
    } catch (e) {
      setError(e);
    }
  }, [agentId, chatId, take]);

  // Joined, or subscribed again after a reconnect: read what the pushes may not have brought.
  useEffect(() => {
    if (joined && acks > 0) void catchUp();
  }, [joined, acks, catchUp]);

  const ended = transcript.state === 'DISCONNECTED';
  useEffect(() => {
    if (!joined || ended || socketState === 'open') return;
    void catchUp();
    const t = setInterval(() => void catchUp(), CHAT_FALLBACK_POLL_MS);
    return () => clearInterval(t);
  }, [joined, ended, socketState, catchUp]);

  const act = useCallback(
    async (op: ChatOp, message?: string) => {
      if (!agentId || !chatId) return;
      setError(undefined);
      try {
        take(await chatAction(agentId, chatId, op, message));
      } catch (e) {
        setError(e);
        throw e;
      }
    },
    [agentId, chatId, take],
  );

  return { transcript, socketState, error, act, ended };
}
