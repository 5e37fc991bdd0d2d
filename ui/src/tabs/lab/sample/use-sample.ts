import { useCallback, useEffect, useRef, useState } from 'react';
import {
  contiguousUpTo,
  EMPTY_TRANSCRIPT,
  isChatResponse,
  mergeResponse,
  type ChatResponse,
  type Transcript,
} from '../../../chat-transcript';
import { PushSocket, sameHostPushUrl, type PushFrame, type SocketState } from '../../../push-socket';
import type { AgentAvailable, CallbackDialog, CallbackView } from './dialogs';
import { gmsRequest, type LogEntry, type Logger } from './gms-client';
import type { ScenarioId } from './scenarios';
import { apiBase, loadSettings, saveSettings, type SampleSettings } from './settings';

/** The callback the sample created last, and how its dialog went. */
export interface SampleSession {
  scenario: ScenarioId;
  service: string;
  customerNumber: string;
  id?: string;
  creating: boolean;
  created?: CallbackDialog;
  createError?: unknown;
  agentAvailable?: { action?: string; at: Date };
  connecting: boolean;
  connected?: CallbackDialog;
  connectError?: unknown;
  /** The last `GET service/callback?_id=`; null when the server knows no such callback. */
  status?: CallbackView | null;
  statusError?: unknown;
  /** `service.message.<id>` pushes (internal-notification from the agent side). */
  messages: { at: Date; text: string }[];
  /** The answered call of a DialNumber was simulated (match-interaction). */
  callSimulated?: boolean;
}

/** The chat of a StartChat dialog. */
export interface SampleChat {
  id: string;
  dialog: CallbackDialog;
  starting: boolean;
  started: boolean;
  transcript: Transcript;
  error?: unknown;
}

export interface StartInput {
  scenario: ScenarioId;
  customerNumber: string;
  /** ISO-8601 UTC, scheduled scenarios. */
  desiredTime?: string;
  subject?: string;
}

const MAX_LOG = 500;

/**
 * The whole customer app of the Lab sample: settings, log, the push WebSocket (opened when the
 * sample loads, as the seed's CometD client is) and the server-driven dialog of the current
 * callback. Refs mirror the state so that push handlers always act on the current session.
 */
export function useSample() {
  const [settings, setSettingsState] = useState<SampleSettings>(loadSettings);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [socketState, setSocketState] = useState<SocketState>('closed');
  const [session, setSessionState] = useState<SampleSession>();
  const [chat, setChatState] = useState<SampleChat>();
  const seq = useRef(0);
  const socket = useRef<PushSocket>(undefined);
  const settingsRef = useRef(settings);
  const sessionRef = useRef(session);
  const chatRef = useRef(chat);

  const addLog: Logger = useCallback((e) => {
    const entry = { ...e, seq: ++seq.current, at: new Date() };
    setLog((l) => [...l.slice(-(MAX_LOG - 1)), entry]);
  }, []);

  const setSettings = useCallback((next: SampleSettings) => {
    settingsRef.current = next;
    saveSettings(next);
    setSettingsState(next);
  }, []);

  const updateSession = useCallback((f: (s: SampleSession) => SampleSession, id?: string) => {
    const s = sessionRef.current;
    // An answer about an earlier callback must not touch the current one.
    if (!s || (id !== undefined && s.id !== id)) return;
    sessionRef.current = f(s);
    setSessionState(sessionRef.current);
  }, []);

  const updateChat = useCallback((f: (c: SampleChat) => SampleChat, id: string) => {
    const c = chatRef.current;
    if (!c || c.id !== id) return;
    chatRef.current = f(c);
    setChatState(chatRef.current);
  }, []);

  const request = useCallback(
    <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: Record<string, unknown>) =>
      gmsRequest<T>(settingsRef.current, addLog, method, path, body),
    [addLog],
  );

  const chatUrl = (c: SampleChat, op = '') =>
    `${c.dialog._start_chat_url ?? `${apiBase(settingsRef.current)}/service/${encodeURIComponent(c.id)}/ixn/chat`}${op ? `/${op}` : ''}`;

  const takeChat = useCallback(
    (r: ChatResponse) =>
      updateChat((c) => ({ ...c, transcript: mergeResponse(c.transcript, r) }), r.chatSessionId),
    [updateChat],
  );

  const refreshChat = useCallback(async () => {
    const c = chatRef.current;
    if (!c?.started) return;
    try {
      const r = await request<ChatResponse>('POST', chatUrl(c, 'refresh'), {
        transcriptPosition: String(contiguousUpTo(c.transcript)),
      });
      takeChat(r);
    } catch (e) {
      updateChat((x) => ({ ...x, error: e }), c.id);
    }
  }, [request, takeChat, updateChat]);

  const offerChat = useCallback(
    (dialog: CallbackDialog) => {
      if (dialog._action !== 'StartChat') return;
      if (chatRef.current?.id === dialog._id) {
        updateChat((c) => ({ ...c, dialog }), dialog._id);
        return;
      }
      chatRef.current = {
        id: dialog._id,
        dialog,
        starting: false,
        started: false,
        transcript: EMPTY_TRANSCRIPT,
      };
      setChatState(chatRef.current);
      // The chat's events come on the socket StartChat names (the same one here, unless GMS is elsewhere).
      // An http(s) `_comet_url` is the CometD endpoint (`/genesys/cometd`), not this page's socket protocol.
      if (dialog._comet_url?.startsWith('ws') && socket.current && dialog._comet_url !== socket.current.url) {
        socket.current.setUrl(dialog._comet_url);
      }
    },
    [updateChat],
  );

  const connect = useCallback(async () => {
    const s = sessionRef.current;
    if (!s?.id || s.connecting) return;
    const id = s.id;
    updateSession((x) => ({ ...x, connecting: true, connectError: undefined }), id);
    try {
      const d = await request<CallbackDialog>('POST', `/service/${encodeURIComponent(id)}/connect`);
      updateSession((x) => ({ ...x, connecting: false, connected: d }), id);
      offerChat(d);
    } catch (e) {
      updateSession((x) => ({ ...x, connecting: false, connectError: e }), id);
    }
  }, [request, updateSession, offerChat]);

  const onFrame = useCallback(
    (f: PushFrame) => {
      const c = chatRef.current;
      if (f.type === 'ack' && f.action === 'subscribe' && c?.started && f.id === c.id) {
        // Subscribed again after a reconnect: fetch what went by meanwhile.
        void refreshChat();
        return;
      }
      if (f.type !== 'notification' || !f.data) return;
      const { tag, message } = f.data;
      const id = sessionRef.current?.id;
      if (id && tag === `service.agentavailable.${id}`) {
        const s = sessionRef.current!;
        updateSession(
          (x) => ({ ...x, agentAvailable: { action: (message as AgentAvailable)?._action, at: new Date() } }),
          id,
        );
        if (settingsRef.current.autoConnect && !s.connected && !s.connecting) void connect();
      } else if (c && tag === `service.chat.refresh.${c.id}` && isChatResponse(message)) {
        takeChat(message);
      } else if (id && tag === `service.message.${id}`) {
        const m = message as { _display_message?: string; _internal_message?: string };
        const text = [m._display_message, m._internal_message].filter(Boolean).join(' — ');
        updateSession((x) => ({ ...x, messages: [...x.messages, { at: new Date(), text }] }), id);
      }
    },
    [connect, refreshChat, takeChat, updateSession],
  );

  // The push client starts with the sample and follows the server and user of the settings.
  useEffect(() => {
    const url = sameHostPushUrl(settings.baseUrl);
    const s = new PushSocket({
      url,
      gmsUser: settings.gmsUser || undefined,
      onState: (st) => {
        setSocketState(st);
        addLog({ kind: 'ws', title: `WebSocket ${st} (${socket.current?.url ?? url})` });
      },
      onFrame: (f) => {
        addLog({
          kind: 'ws-in',
          title: `⇣ ${f.type ?? 'frame'}${f.data?.tag ? ` ${f.data.tag}` : ''}`,
          body: JSON.stringify(f, null, 2),
        });
        onFrame(f);
      },
      onSend: (text) => addLog({ kind: 'ws-out', title: `⇡ ${text}` }),
    });
    socket.current = s;
    const id = sessionRef.current?.id;
    if (id) s.subscribe(id);
    return () => {
      s.close();
      if (socket.current === s) socket.current = undefined;
    };
  }, [settings.baseUrl, settings.gmsUser, addLog, onFrame]);

  const start = useCallback(
    async (input: StartInput) => {
      const service = settingsRef.current.services[input.scenario]?.trim();
      const previous = sessionRef.current?.id;
      if (previous) socket.current?.unsubscribe(previous);
      chatRef.current = undefined;
      setChatState(undefined);
      sessionRef.current = {
        scenario: input.scenario,
        service: service ?? '',
        customerNumber: input.customerNumber,
        creating: true,
        connecting: false,
        messages: [],
      };
      setSessionState(sessionRef.current);
      if (!service) {
        updateSession((x) => ({
          ...x,
          creating: false,
          createError: new Error(`Choose the callback service for ${input.scenario} on the Settings screen.`),
        }));
        return;
      }
      const { deviceOs, deviceToken } = settingsRef.current;
      const body: Record<string, unknown> = { _customer_number: input.customerNumber, _device_os: deviceOs };
      // Native push: the token the push simulator shows this device's pushes under.
      if (deviceOs !== 'comet') body._device_notification_id = deviceToken;
      if (input.desiredTime) body._desired_time = input.desiredTime;
      if (input.subject) body.subject = input.subject;
      try {
        const d = await request<CallbackDialog>(
          'POST',
          `/service/callback/${encodeURIComponent(service)}`,
          body,
        );
        // Subscribed at once: an agent-available push sent before the ack waits for it (docs/push.md).
        socket.current?.subscribe(d._id);
        updateSession((x) => ({ ...x, creating: false, id: d._id, created: d }));
        offerChat(d);
      } catch (e) {
        updateSession((x) => ({ ...x, creating: false, createError: e }));
      }
    },
    [request, updateSession, offerChat],
  );

  const queryStatus = useCallback(async () => {
    const id = sessionRef.current?.id;
    if (!id) return;
    try {
      const views = await request<CallbackView[]>('GET', `/service/callback?_id=${encodeURIComponent(id)}`);
      updateSession((x) => ({ ...x, status: views[0] ?? null, statusError: undefined }), id);
    } catch (e) {
      updateSession((x) => ({ ...x, statusError: e }), id);
    }
  }, [request, updateSession]);

  const cancel = useCallback(async () => {
    const s = sessionRef.current;
    if (!s?.id) return;
    try {
      await request(
        'DELETE',
        `/service/callback/${encodeURIComponent(s.service)}/${encodeURIComponent(s.id)}`,
      );
    } catch (e) {
      updateSession((x) => ({ ...x, statusError: e }), s.id);
      return;
    }
    await queryStatus();
  }, [request, updateSession, queryStatus]);

  /** Plays the phone network: the customer's call reaches the access number (match-interaction). */
  const simulateCall = useCallback(
    async (accessNumber: string) => {
      const s = sessionRef.current;
      if (!s?.id) return;
      try {
        await request('POST', '/service/match-interaction', {
          _access_number: accessNumber,
          _phone_number: s.customerNumber,
        });
        updateSession((x) => ({ ...x, callSimulated: true }), s.id);
      } catch (e) {
        updateSession((x) => ({ ...x, statusError: e }), s.id);
      }
    },
    [request, updateSession],
  );

  const startChat = useCallback(async () => {
    const c = chatRef.current;
    if (!c || c.started || c.starting) return;
    const st = settingsRef.current;
    updateChat((x) => ({ ...x, starting: true, error: undefined }), c.id);
    const fields: Record<string, unknown> = { notify_by: 'comet' };
    for (const [k, v] of [
      ['userDisplayName', st.nickname],
      ['firstName', st.firstName],
      ['lastName', st.lastName],
      ['email', st.email],
      ['subject', c.dialog._chat_parameters?.subject],
    ] as const) {
      if (v) fields[k] = v;
    }
    try {
      await request('POST', chatUrl(c), fields);
      updateChat((x) => ({ ...x, starting: false, started: true }), c.id);
      if (!socket.current?.isSubscribed(c.id)) socket.current?.subscribe(c.id);
      await refreshChat();
    } catch (e) {
      updateChat((x) => ({ ...x, starting: false, error: e }), c.id);
    }
  }, [request, refreshChat, updateChat]);

  const chatAction = useCallback(
    async (op: 'send' | 'startTyping' | 'stopTyping' | 'disconnect', message?: string) => {
      const c = chatRef.current;
      if (!c?.started) return;
      updateChat((x) => ({ ...x, error: undefined }), c.id);
      try {
        const r = await request<ChatResponse>(
          'POST',
          chatUrl(c, op),
          message === undefined ? {} : { message },
        );
        if (isChatResponse(r)) takeChat(r);
      } catch (e) {
        updateChat((x) => ({ ...x, error: e }), c.id);
        throw e;
      }
    },
    [request, takeChat, updateChat],
  );

  const clearLog = useCallback(() => setLog([]), []);

  return {
    settings,
    setSettings,
    log,
    clearLog,
    socketState,
    socketUrl: socket.current?.url ?? sameHostPushUrl(settings.baseUrl),
    session,
    chat,
    request,
    start,
    connect,
    queryStatus,
    cancel,
    simulateCall,
    startChat,
    refreshChat,
    chatAction,
  };
}

export type Sample = ReturnType<typeof useSample>;
