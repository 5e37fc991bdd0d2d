import { defaultServiceOptions } from '../domain/service-template.js';
import { builtinTemplate } from '../domain/templates/index.js';
import type { ConfigKind } from '../domain/config-entry.js';
import type { ConfigStore } from '../ports/config.js';
import type { ConfigFile } from './config-file.js';

/**
 * The configuration `npm start` loads on a fresh data folder, so the README's "Try it" and the
 * Lab Sample work at once: the seed's `iPhoneService` (request-interaction) on the DNIS pool the
 * README shows, and one callback service per scenario of the seed's Callback Scenarios (made from
 * the callback template's presets, as the Services tab makes them), which the Lab Sample picks
 * by their options. Chat also uses the built-in `request-chat`, which needs no configuration.
 */
export const DEMO_ACCESS_NUMBERS = Array.from({ length: 10 }, (_, i) => String(6504664131 + i));

/** Service name of each scenario's demo callback service. */
export const DEMO_CALLBACK_SERVICES = {
  'User-Originated-Immediate': 'demo-uo-immediate',
  'User-Originated-Delayed': 'demo-uo-delayed',
  'User-Terminated-Immediate': 'demo-ut-immediate',
  'User-Terminated-Delayed': 'demo-ut-delayed',
  'User-Terminated-Scheduled': 'demo-ut-scheduled',
  'Chat-Immediate': 'demo-chat-immediate',
  'Chat-Delayed': 'demo-chat-delayed',
} as const;

export function demoConfig(): ConfigFile {
  const template = builtinTemplate('callback')!;
  const callbacks = Object.fromEntries(
    Object.entries(DEMO_CALLBACK_SERVICES).map(([preset, name]) => [
      name,
      defaultServiceOptions(template, preset),
    ]),
  );
  return {
    resources: {
      DNIS: {
        // Sequential: the first session gets the first number, so the README's answers hold.
        _allocation_strategy: 'sequential',
        _booking_expiration_timeout: '30',
        ...Object.fromEntries(DEMO_ACCESS_NUMBERS.map((n, i) => [`dnis${i + 1}`, n])),
      },
    },
    services: {
      iPhoneService: {
        _type: 'builtin',
        _service: 'request-interaction',
        _resource_group: 'DNIS',
        _provide_code: 'false',
      },
      ...callbacks,
    },
    patterns: {},
    users: {},
  };
}

const CONFIG_KINDS: ConfigKind[] = ['service', 'resource-group', 'pattern-group', 'server'];

/**
 * Whether the tables already hold configuration (any service, resource group, pattern group or
 * server section): then the demo is not loaded, so a data folder someone has configured (or
 * emptied on purpose of the demo but kept other entries in) is never overwritten.
 */
export async function hasConfiguration(config: ConfigStore): Promise<boolean> {
  for (const kind of CONFIG_KINDS) {
    if ((await config.list(kind)).length > 0) return true;
  }
  return false;
}
