import { SCENARIOS, type ScenarioId } from './scenarios';

/** The sample's Settings screen, kept in this browser (localStorage) like the seed sample's. */
export interface SampleSettings {
  /** Where GMS is: this page's origin unless the sample is pointed at another deployment. */
  baseUrl: string;
  /** The `gms_user` header of every request (and `?gms_user=` of the WebSocket). */
  gmsUser: string;
  /** Callback service (`service/callback/{name}`) per scenario. */
  services: Record<ScenarioId, string>;
  /** The seed's Settings > Contact#. */
  customerNumber: string;
  nickname: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Confirm (`connect`) as soon as the agent-available push arrives, as the seed sample does. */
  autoConnect: boolean;
  /**
   * `_device_os` of the callbacks the sample creates: `comet` (this page's WebSocket only), or
   * `ios` / `android` (native push to `deviceToken`, shown from the local push simulator).
   */
  deviceOs: 'comet' | 'ios' | 'android';
  /** `_device_notification_id` with a native `deviceOs`: the device token. */
  deviceToken: string;
}

const KEY = 'gms.sample.settings';

export function defaultSettings(): SampleSettings {
  return {
    baseUrl: window.location.origin,
    gmsUser: 'gms-js-sample',
    services: Object.fromEntries(SCENARIOS.map((s) => [s, ''])) as Record<ScenarioId, string>,
    customerNumber: '5553000042',
    nickname: 'Kim',
    firstName: 'Kim',
    lastName: 'Customer',
    email: '',
    autoConnect: true,
    deviceOs: 'comet',
    deviceToken: 'lab-sample-device',
  };
}

export function loadSettings(): SampleSettings {
  const base = defaultSettings();
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<SampleSettings>;
    return { ...base, ...saved, services: { ...base.services, ...(saved.services ?? {}) } };
  } catch {
    return base;
  }
}

export function saveSettings(s: SampleSettings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

/** `http://host:port` without a trailing slash; the API lives under `/genesys/1`. */
export const apiBase = (s: SampleSettings) => `${s.baseUrl.replace(/\/+$/, '')}/genesys/1`;
