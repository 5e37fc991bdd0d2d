import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/Notice';
import { DialogView } from './DialogView';
import { NativePushes } from './NativePushes';
import { isScheduled, SCENARIO_TEXT, SCENARIOS, type ScenarioId } from './scenarios';
import type { Sample } from './use-sample';

/** A local date-time input value `minutes` from now. */
function localInputValue(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  d.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The sample's home screen: pick a scenario, start it, and follow the dialog the server leads. */
export function GmsScreen({
  sample,
  onOpen,
}: {
  sample: Sample;
  onOpen(screen: 'Chat' | 'Settings' | 'Queue'): void;
}) {
  const { settings, setSettings, session, chat } = sample;
  const [scenario, setScenario] = useState<ScenarioId>(session?.scenario ?? 'User-Originated-Immediate');
  const [desired, setDesired] = useState(() => localInputValue(30));
  const [subject, setSubject] = useState('Sample chat');
  const service = settings.services[scenario];
  const isChat = scenario.startsWith('Chat');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void sample.start({
      scenario,
      customerNumber: settings.customerNumber,
      desiredTime: isScheduled(scenario) ? new Date(desired).toISOString() : undefined,
      subject: isChat && subject ? subject : undefined,
    });
  };

  const delayed = session?.created && !session.connected && session.scenario.includes('Delayed');
  return (
    <div className="stack">
      <form className="card stack" onSubmit={submit} aria-labelledby="gms-title">
        <h2 id="gms-title">Scenario</h2>
        <div className="row">
          <label>
            Scenario
            <select value={scenario} onChange={(e) => setScenario(e.target.value as ScenarioId)}>
              {SCENARIOS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Customer number
            <input
              name="customerNumber"
              inputMode="tel"
              value={settings.customerNumber}
              onChange={(e) => setSettings({ ...settings, customerNumber: e.target.value })}
              required={!isChat}
            />
          </label>
          {isScheduled(scenario) ? (
            <label>
              Desired time
              <input
                type="datetime-local"
                value={desired}
                onChange={(e) => setDesired(e.target.value)}
                required
              />
            </label>
          ) : null}
          {isChat ? (
            <label>
              Subject
              <input value={subject} onChange={(e) => setSubject(e.target.value)} />
            </label>
          ) : null}
          <button type="submit" disabled={session?.creating}>
            {session?.creating ? 'Starting…' : 'Start'}
          </button>
        </div>
        <p className="muted small">
          {SCENARIO_TEXT[scenario]} Service:{' '}
          {service ? (
            <code>POST /genesys/1/service/callback/{service}</code>
          ) : (
            <>
              none chosen —{' '}
              <button type="button" className="secondary" onClick={() => onOpen('Settings')}>
                Choose in Settings
              </button>
            </>
          )}
        </p>
      </form>

      {session ? (
        <section className="card stack" aria-labelledby="session-title">
          <h2 id="session-title">
            {session.scenario}
            {session.id ? (
              <small className="muted">
                {' '}
                — callback <code data-testid="session-id">{session.id}</code>
              </small>
            ) : null}
          </h2>
          <ErrorNotice error={session.createError} />
          {session.created ? (
            <DialogView
              dialog={session.created}
              title="Create answered"
              onStartChat={() => {
                void sample.startChat();
                onOpen('Chat');
              }}
              chatStarted={chat?.started}
              onSimulateCall={(n) => void sample.simulateCall(n)}
              callSimulated={session.callSimulated}
            />
          ) : null}
          {delayed && !session.agentAvailable ? (
            <p className="notice" role="status" data-testid="push-wait">
              Waiting for the agent-available push (<code>service.agentavailable.{session.id}</code>) over the
              WebSocket…
            </p>
          ) : null}
          {session.agentAvailable ? (
            <p className="notice success" role="status" data-testid="agent-available">
              Agent available ({session.agentAvailable.action ?? 'no action'}) at{' '}
              {session.agentAvailable.at.toLocaleTimeString()}
              {session.connecting ? ': connecting…' : ''}
            </p>
          ) : null}
          {session.id && session.created && !session.connected && session.scenario.includes('Delayed') ? (
            <div>
              <button
                type="button"
                className={session.agentAvailable ? undefined : 'secondary'}
                disabled={session.connecting}
                onClick={() => void sample.connect()}
              >
                Connect now (POST service/{'{id}'}/connect)
              </button>
            </div>
          ) : null}
          <ErrorNotice error={session.connectError} />
          {session.connected ? (
            <DialogView
              dialog={session.connected}
              title="Connect answered"
              onStartChat={() => {
                void sample.startChat();
                onOpen('Chat');
              }}
              chatStarted={chat?.started}
              onSimulateCall={(n) => void sample.simulateCall(n)}
              callSimulated={session.callSimulated}
            />
          ) : null}
          {session.messages.length > 0 ? (
            <div>
              <h3>Messages from the contact centre</h3>
              <ul>
                {session.messages.map((m, i) => (
                  <li key={i}>
                    {m.at.toLocaleTimeString()}: {m.text}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {session.id ? (
            <div className="stack">
              <div className="row">
                <button type="button" className="secondary" onClick={() => void sample.queryStatus()}>
                  Check status
                </button>
                <button type="button" className="secondary" onClick={() => onOpen('Queue')}>
                  Queue position
                </button>
                <button type="button" className="danger" onClick={() => void sample.cancel()}>
                  Cancel callback
                </button>
              </div>
              <ErrorNotice error={session.statusError} />
              {session.status === null ? <p className="muted">The server knows no such callback.</p> : null}
              {session.status ? (
                <p role="status" data-testid="callback-status">
                  State <strong>{session.status._callback_state}</strong>
                  {session.status._callback_reason ? ` (${session.status._callback_reason})` : ''}, desired
                  time {session.status._desired_time}
                </p>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}
      {settings.deviceOs !== 'comet' ? (
        <NativePushes baseUrl={settings.baseUrl} token={settings.deviceToken} os={settings.deviceOs} />
      ) : null}
    </div>
  );
}
