import type { Agent } from './agent-api';
import { PHASE_TEXT } from './agent-api';
import { AGENT_POLL_MS } from './use-agent';

const DOT: Record<Agent['state'], string> = {
  READY: 'up',
  RESERVED: 'warn',
  BUSY: 'warn',
  NOT_READY: 'down',
  LOGGED_OUT: 'down',
};

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** The agent's state and phase, always in view, and the availability buttons. */
export function AgentStatus({
  agent,
  checkedAt,
  busy,
  onReady,
  onNotReady,
  onLogout,
  onChangeProfile,
}: {
  agent: Agent;
  checkedAt?: Date;
  busy: boolean;
  onReady(): void;
  onNotReady(): void;
  onLogout(): void;
  onChangeProfile(): void;
}) {
  const holds = !!agent.callback;
  const skills = Object.entries(agent.skills);
  return (
    <section className="card agent-status" aria-labelledby="agent-status-title">
      <div className="agent-status-head">
        <h2 id="agent-status-title">
          {agent.name} <small className="muted">({agent.id})</small>
        </h2>
        <div className="row agent-buttons">
          <button type="button" onClick={onReady} disabled={busy || agent.state === 'READY' || holds}>
            Ready
          </button>
          <button
            type="button"
            className="secondary"
            onClick={onNotReady}
            disabled={busy || agent.state === 'NOT_READY' || holds}
          >
            Not ready
          </button>
          <button type="button" className="secondary" onClick={onChangeProfile} disabled={busy || holds}>
            Change profile
          </button>
          <button type="button" className="danger" onClick={onLogout} disabled={busy || holds}>
            Log out
          </button>
        </div>
      </div>
      <dl className="agent-facts">
        <div>
          <dt>State</dt>
          <dd data-testid="agent-state">
            <span className={`status-dot ${DOT[agent.state]}`} aria-hidden="true" />
            {agent.state}
            <span className="muted"> since {time(agent.since)}</span>
          </dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd data-testid="agent-phase">
            {agent.phase ? (
              <>
                {agent.phase}
                <span className="muted"> ({PHASE_TEXT[agent.phase]})</span>
                {agent.dial_attempt ? (
                  <span className="muted"> (dial attempt {agent.dial_attempt})</span>
                ) : null}
              </>
            ) : (
              <span className="muted">none (no callback held)</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Groups</dt>
          <dd>{agent.groups.join(', ') || <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Queues</dt>
          <dd>{agent.queues.join(', ') || <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Skills</dt>
          <dd>
            {skills.length ? (
              skills.map(([k, v]) => `${k}=${v}`).join(', ')
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Handled / rejected</dt>
          <dd>
            {agent.handled} / {agent.rejects}
          </dd>
        </div>
      </dl>
      <p className="muted small">
        State polled every {AGENT_POLL_MS / 1000} s (GET agents/{agent.id})
        {checkedAt ? `, last at ${checkedAt.toLocaleTimeString()}` : ''}.
        {holds ? ' Availability and logout wait until the callback is done.' : ''}
      </p>
    </section>
  );
}
