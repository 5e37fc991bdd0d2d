import { ErrorNotice } from '../../../components/Notice';
import { SCENARIOS, servesScenario } from './scenarios';
import { defaultSettings, type SampleSettings } from './settings';
import type { ConfiguredService } from './use-callback-services';
import type { Sample } from './use-sample';

/** The sample's settings: where GMS is, who the app says it is, and the service of each scenario. */
export function SettingsScreen({
  sample,
  services,
  servicesError,
  onPick,
}: {
  sample: Sample;
  services?: ConfiguredService[];
  servicesError: unknown;
  onPick(): void;
}) {
  const { settings, setSettings } = sample;
  const set = <K extends keyof SampleSettings>(k: K, v: SampleSettings[K]) =>
    setSettings({ ...settings, [k]: v });
  const callbackServices = (services ?? []).filter((s) => s.options._service === 'callback');

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="settings-server-title">
        <h2 id="settings-server-title">Server</h2>
        <div className="row">
          <label>
            Server base URL
            <input
              type="url"
              value={settings.baseUrl}
              onChange={(e) => set('baseUrl', e.target.value)}
              aria-describedby="base-url-help"
              size={36}
            />
            <small id="base-url-help" className="muted">
              Requests go to {settings.baseUrl.replace(/\/+$/, '')}/genesys/1; another origin must allow this
              one (CORS)
            </small>
          </label>
          <label>
            gms_user header
            <input value={settings.gmsUser} onChange={(e) => set('gmsUser', e.target.value)} />
          </label>
        </div>
        <label className="inline">
          <input
            type="checkbox"
            checked={settings.autoConnect}
            onChange={(e) => set('autoConnect', e.target.checked)}
          />
          Connect as soon as the agent-available push arrives
        </label>
        <div className="row">
          <label>
            Device (_device_os)
            <select
              value={settings.deviceOs}
              onChange={(e) => set('deviceOs', e.target.value as SampleSettings['deviceOs'])}
            >
              <option value="comet">comet (this page&apos;s WebSocket)</option>
              <option value="ios">iOS (native push)</option>
              <option value="android">Android (native push)</option>
            </select>
          </label>
          <label>
            Device token (_device_notification_id)
            <input
              value={settings.deviceToken}
              onChange={(e) => set('deviceToken', e.target.value)}
              disabled={settings.deviceOs === 'comet'}
              aria-describedby="device-token-help"
            />
            <small id="device-token-help" className="muted">
              Locally the push simulator records what this token receives (GMS screen); a token starting with{' '}
              <code>invalid-</code> is refused, and the notification waits for poll.
            </small>
          </label>
        </div>
      </section>

      <section className="card stack" aria-labelledby="settings-services-title">
        <h2 id="settings-services-title">Callback services per scenario</h2>
        <p className="muted small">
          Names of services made from the callback template (Services tab, with the scenario&apos;s preset).
          The suggestions are the configured callback services that play the scenario.
        </p>
        <ErrorNotice error={servicesError} />
        <div className="scenario-services">
          {SCENARIOS.map((scenario) => {
            const listId = `sample-services-${scenario}`;
            const matching = callbackServices.filter((s) => servesScenario(s.options, scenario));
            return (
              <label key={scenario}>
                {scenario}
                <input
                  list={listId}
                  value={settings.services[scenario]}
                  onChange={(e) => set('services', { ...settings.services, [scenario]: e.target.value })}
                  placeholder={matching[0]?.name ?? 'service name'}
                />
                <datalist id={listId}>
                  {[...matching, ...callbackServices.filter((s) => !matching.includes(s))].map((s) => (
                    <option key={s.name} value={s.name} />
                  ))}
                </datalist>
              </label>
            );
          })}
        </div>
        <div className="row">
          <button type="button" className="secondary" onClick={onPick} disabled={!services}>
            Use the matching services
          </button>
        </div>
      </section>

      <section className="card stack" aria-labelledby="settings-chat-title">
        <h2 id="settings-chat-title">Customer</h2>
        <div className="row">
          <label>
            Contact number
            <input
              inputMode="tel"
              value={settings.customerNumber}
              onChange={(e) => set('customerNumber', e.target.value)}
            />
          </label>
          <label>
            Chat nickname
            <input value={settings.nickname} onChange={(e) => set('nickname', e.target.value)} />
          </label>
          <label>
            First name
            <input value={settings.firstName} onChange={(e) => set('firstName', e.target.value)} />
          </label>
          <label>
            Last name
            <input value={settings.lastName} onChange={(e) => set('lastName', e.target.value)} />
          </label>
          <label>
            E-mail
            <input type="email" value={settings.email} onChange={(e) => set('email', e.target.value)} />
          </label>
        </div>
      </section>
      <div>
        <button type="button" className="secondary" onClick={() => setSettings(defaultSettings())}>
          Reset settings
        </button>
      </div>
    </div>
  );
}
