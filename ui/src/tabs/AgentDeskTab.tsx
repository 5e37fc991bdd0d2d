import { useEffect, useState } from 'react';
import { ErrorNotice } from '../components/Notice';
import '../components/contact.css';
import { agentAction, completeWork, loginAgent, type HeldCallback } from './agent/agent-api';
import { AgentChatPanel } from './agent/AgentChatPanel';
import { AgentLoginForm, type LoginValues } from './agent/AgentLoginForm';
import { AgentStatus } from './agent/AgentStatus';
import { HeldCallbackPanel } from './agent/HeldCallbackPanel';
import { useAgent } from './agent/use-agent';
import { useAgentChat } from './agent/use-agent-chat';

/** The agent the desk acts for survives a reload of the page (per browser tab). */
const AGENT_KEY = 'gms.agentDesk.agentId';

/**
 * The contact-centre side without a Genesys back end: log in as an agent of the built-in router,
 * take the callbacks and chats routed to it, talk to the customer, complete. Everything goes
 * through the agent API; the agent's state is polled and chat events are pushed.
 */
export default function AgentDeskTab() {
  const [agentId, setAgentId] = useState(() => sessionStorage.getItem(AGENT_KEY) ?? undefined);
  const { agent, setAgent, error, setError, checkedAt, busy, run } = useAgent(agentId);
  const [editing, setEditing] = useState(false);
  const [loggingIn, setLoggingIn] = useState(false);
  const [chatId, setChatId] = useState<string>();
  const [joined, setJoined] = useState(false);
  const chat = useAgentChat(agent && agent.state !== 'LOGGED_OUT' ? agentId : undefined, chatId, joined);

  // The chat stays on screen after it ended, until the agent closes it or the next chat arrives.
  const held = agent?.callback;
  useEffect(() => {
    if (held?._media_type === 'chat') {
      if (held._id !== chatId) {
        setChatId(held._id);
        setJoined(false);
      } else if (agent?.phase === 'connected') setJoined(true);
    } else if (chatId && !joined) {
      // Offered but never taken (rejected, timed out, cancelled): there is no chat to show.
      setChatId(undefined);
    }
  }, [held, chatId, joined, agent?.phase]);

  const login = async (values: LoginValues) => {
    setLoggingIn(true);
    setError(undefined);
    try {
      const { id, ...input } = values;
      const a = await loginAgent(id, input);
      setAgent(a);
      sessionStorage.setItem(AGENT_KEY, id);
      setAgentId(id);
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setLoggingIn(false);
    }
  };

  const loaded = !agentId || checkedAt !== undefined || agent !== undefined;
  if (!loaded) return <p role="status">Loading agent {agentId}…</p>;

  if (!agent || agent.state === 'LOGGED_OUT' || editing) {
    return (
      <div className="agent-desk">
        {agent && agent.state === 'LOGGED_OUT' ? (
          <p className="notice" role="status">
            Agent {agent.id} is logged out.
          </p>
        ) : null}
        <AgentLoginForm
          key={agent?.id ?? 'new'}
          initialId={agent?.id ?? agentId ?? ''}
          previous={agent}
          busy={loggingIn}
          error={error}
          onLogin={(v) => void login(v)}
        />
        {editing ? (
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Back to the desk
          </button>
        ) : null}
      </div>
    );
  }

  const id = agent.id;
  const showChat = chatId !== undefined;
  return (
    <div className={`agent-desk ${showChat ? 'with-chat' : ''}`}>
      {/* The state and phase stay in view while the transcript or the details scroll. */}
      <p className="agent-sticky" aria-hidden="true">
        <strong>{agent.id}</strong> · {agent.state}
        {agent.phase ? ` · ${agent.phase}` : ''}
        {held ? ` · ${held._media_type} ${held._id}` : ''}
      </p>
      <div className="stack agent-main">
        <AgentStatus
          agent={agent}
          checkedAt={checkedAt}
          busy={busy}
          onReady={() => void run(() => agentAction(id, 'ready'))}
          onNotReady={() => void run(() => agentAction(id, 'not-ready'))}
          onLogout={() => void run(() => agentAction(id, 'logout'))}
          onChangeProfile={() => setEditing(true)}
        />
        <ErrorNotice error={error} />
        {agent.callback ? (
          <HeldCallbackPanel
            agent={agent as typeof agent & { callback: HeldCallback }}
            busy={busy}
            onAccept={() => void run(() => agentAction(id, 'accept'))}
            onReject={() => void run(() => agentAction(id, 'reject'))}
            onComplete={(ready) => void run(() => completeWork(id, ready))}
          />
        ) : (
          <section className="card" aria-labelledby="no-callback-title">
            <h2 id="no-callback-title">No callback</h2>
            <p className="muted">
              {agent.state === 'READY'
                ? 'Waiting for a callback or chat routed to this agent…'
                : 'Go Ready to receive callbacks and chats.'}
            </p>
          </section>
        )}
      </div>
      {showChat ? (
        <AgentChatPanel
          key={chatId}
          chatId={chatId}
          transcript={chat.transcript}
          socketState={chat.socketState}
          joined={joined}
          ended={chat.ended}
          error={chat.error}
          act={chat.act}
          canDismiss={chat.ended && held?._id !== chatId}
          onDismiss={() => {
            setChatId(undefined);
            setJoined(false);
          }}
        />
      ) : null}
    </div>
  );
}
