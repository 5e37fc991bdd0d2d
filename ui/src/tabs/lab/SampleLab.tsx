import { useCallback, useEffect, useRef, useState } from 'react';
import { SubTabs } from '../../components/SubTabs';
import '../../components/contact.css';
import { ChatScreen } from './sample/ChatScreen';
import { GmsScreen } from './sample/GmsScreen';
import { LogScreen } from './sample/LogScreen';
import { QueueScreen } from './sample/QueueScreen';
import { SCENARIOS, servesScenario } from './sample/scenarios';
import { SettingsScreen } from './sample/SettingsScreen';
import { useCallbackServices } from './sample/use-callback-services';
import { useSample } from './sample/use-sample';

const SCREENS = ['GMS', 'Log', 'Chat', 'Queue', 'Settings'] as const;
type Screen = (typeof SCREENS)[number];

const DOT = { open: 'up', connecting: 'warn', closed: 'down' } as const;

/**
 * The seed's "Lab Javascript (Web) Sample": a customer's web app running in this page against
 * GMS, with its GMS, Log, Chat, Queue and Settings screens. It plays every callback scenario
 * through the public API, as a mobile or web app would.
 */
export default function SampleLab() {
  const sample = useSample();
  const [screen, setScreen] = useState<Screen>('GMS');
  const services = useCallbackServices();

  const pick = useCallback(
    (onlyEmpty: boolean) => {
      const list = (services.value ?? []).filter((s) => s.options._service === 'callback');
      const next = { ...sample.settings.services };
      let changed = false;
      for (const scenario of SCENARIOS) {
        if (onlyEmpty && next[scenario]) continue;
        const match = list.find((s) => servesScenario(s.options, scenario));
        if (match && next[scenario] !== match.name) {
          next[scenario] = match.name;
          changed = true;
        }
      }
      if (changed) sample.setSettings({ ...sample.settings, services: next });
    },
    [services.value, sample],
  );

  // Scenarios without a service get the first configured one that plays them.
  const picked = useRef(false);
  useEffect(() => {
    if (!services.value || picked.current) return;
    picked.current = true;
    pick(true);
  }, [services.value, pick]);

  return (
    <div className="sample">
      <div className="sample-bar">
        <span role="status" data-testid="sample-socket">
          <span className={`status-dot ${DOT[sample.socketState]}`} aria-hidden="true" />
          WebSocket {sample.socketState} <code className="muted">{sample.socketUrl}</code>
        </span>
        {sample.session?.id ? (
          <span className="muted small">
            {sample.session.scenario}: <code>{sample.session.id}</code>
          </span>
        ) : null}
      </div>
      <SubTabs<Screen>
        label="Sample screens"
        tabs={SCREENS.map((s) => ({ id: s, title: s === 'Log' ? `Log (${sample.log.length})` : s }))}
        selected={screen}
        onSelect={setScreen}
      >
        {screen === 'GMS' ? <GmsScreen sample={sample} onOpen={setScreen} /> : null}
        {screen === 'Log' ? <LogScreen sample={sample} /> : null}
        {screen === 'Chat' ? <ChatScreen sample={sample} /> : null}
        {screen === 'Queue' ? <QueueScreen sample={sample} /> : null}
        {screen === 'Settings' ? (
          <SettingsScreen
            sample={sample}
            services={services.value}
            servicesError={services.error}
            onPick={() => pick(false)}
          />
        ) : null}
      </SubTabs>
    </div>
  );
}
