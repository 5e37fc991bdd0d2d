import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/Notice';
import type { Agent, LoginInput } from './agent-api';

export interface LoginValues extends LoginInput {
  id: string;
}

const skillsText = (skills: Record<string, number>) =>
  Object.entries(skills)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * Logs an agent in with its profile: the groups, queues and skills the routing targets of
 * services (`Billing@StatServer.GA`, `<queue>@StatServer.Q`, skill expressions) match.
 */
export function AgentLoginForm({
  initialId,
  previous,
  busy,
  error,
  onLogin,
}: {
  initialId: string;
  /** The agent as it last was (logged out): its profile fills the form. */
  previous?: Agent;
  busy: boolean;
  error: unknown;
  onLogin(values: LoginValues): void;
}) {
  const [id, setId] = useState(initialId);
  const [name, setName] = useState(previous?.name ?? '');
  const [groups, setGroups] = useState(previous?.groups.join(', ') ?? '');
  const [queues, setQueues] = useState(previous?.queues.join(', ') ?? '');
  const [skills, setSkills] = useState(previous ? skillsText(previous.skills) : '');
  const [ready, setReady] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Unchecked sends nothing: a new agent starts NOT_READY, a logged-in one keeps its state.
    onLogin({ id: id.trim(), name: name.trim(), groups, queues, skills, ready: ready || undefined });
  };

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="agent-login-title">
      <h2 id="agent-login-title">Log in as an agent</h2>
      <p className="muted">
        Agents are not users of this UI: you act for the agent you name. Callbacks whose service targets one
        of its groups (<code>Billing@StatServer.GA</code>), queues or skills are offered to it once it is
        Ready.
      </p>
      <div className="row">
        <label>
          Agent id
          <input
            name="agentId"
            value={id}
            onChange={(e) => setId(e.target.value)}
            required
            pattern="[A-Za-z0-9._\-]{1,64}"
            title="1 to 64 letters, digits, '.', '_' or '-'"
            autoComplete="off"
          />
        </label>
        <label>
          Display name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="the id" />
        </label>
      </div>
      <div className="row">
        <label>
          Groups
          <input
            name="groups"
            value={groups}
            onChange={(e) => setGroups(e.target.value)}
            placeholder="Billing, Chat"
            aria-describedby="agent-groups-help"
          />
          <small id="agent-groups-help" className="muted">
            Comma-separated
          </small>
        </label>
        <label>
          Queues
          <input
            name="queues"
            value={queues}
            onChange={(e) => setQueues(e.target.value)}
            placeholder="Loans"
          />
        </label>
        <label>
          Skills
          <input
            name="skills"
            value={skills}
            onChange={(e) => setSkills(e.target.value)}
            placeholder="English=20, Loans=2"
            aria-describedby="agent-skills-help"
          />
          <small id="agent-skills-help" className="muted">
            skill=level, comma-separated
          </small>
        </label>
      </div>
      <label className="inline">
        <input type="checkbox" checked={ready} onChange={(e) => setReady(e.target.checked)} />
        Ready at once
      </label>
      <ErrorNotice error={error} />
      <div>
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </div>
    </form>
  );
}
