import type { AllocationStrategy } from './access-number.js';
import { InvalidParameterError } from './errors.js';
import { readInteger } from './option-values.js';

/** What allocating from a group needs: its name, strategy and booking timeout (not its numbers). */
export interface ResourceGroupSettings {
  name: string;
  strategy: AllocationStrategy;
  /** Seconds a number stays locked to a session, when the group sets it. */
  bookingTimeout?: number;
}

export interface ResourceGroup extends ResourceGroupSettings {
  /** Option name -> access number, in configuration order. */
  numbers: { key: string; number: string }[];
}

const STRATEGIES: Record<string, AllocationStrategy> = {
  random: 'random',
  sequential: 'sequential',
  'round-robin': 'sequential',
  round_robin: 'sequential',
  roundrobin: 'sequential',
  local: 'local',
};

/** What a dialable access number may look like: digits, optional leading `+`, and `*`/`#`. */
const NUMBER = /^\+?[0-9*#]{1,32}$/;

/**
 * A resource group as configured: a flat map like the seed's Resources table, where `_`-options
 * tune allocation and every other option is one access number.
 */
export function parseResourceGroup(name: string, options: Record<string, string>): ResourceGroup {
  const settings = parseResourceGroupSettings(name, options);
  const numbers: ResourceGroup['numbers'] = [];
  const seen = new Map<string, string>();
  for (const [key, raw] of Object.entries(options)) {
    if (key.startsWith('_')) continue;
    const number = raw.trim();
    if (!NUMBER.test(number)) {
      throw new InvalidParameterError(
        key,
        `Resource '${key}' must be an access number (digits, optional +), not '${raw}'.`,
      );
    }
    const other = seen.get(number);
    if (other)
      throw new InvalidParameterError(key, `Resources '${other}' and '${key}' both hold number ${number}.`);
    seen.set(number, key);
    numbers.push({ key, number });
  }
  return { ...settings, numbers };
}

/**
 * The settings of a resource group without its numbers: what every allocation and release reads.
 * It reads two options, so its cost does not grow with the pool (a 10,000-number group is 10,000
 * options; the numbers are checked when the group is saved).
 */
export function parseResourceGroupSettings(
  name: string,
  options: Record<string, string>,
): ResourceGroupSettings {
  const strategyValue = (options._allocation_strategy ?? 'random').trim().toLowerCase();
  const strategy = STRATEGIES[strategyValue];
  if (!strategy) {
    throw new InvalidParameterError(
      '_allocation_strategy',
      `_allocation_strategy must be one of random, sequential, round-robin, local; not '${options._allocation_strategy}'.`,
    );
  }
  const bookingTimeout =
    options._booking_expiration_timeout === undefined
      ? undefined
      : readInteger('_booking_expiration_timeout', options._booking_expiration_timeout, 30, {
          min: 1,
          max: 86_400,
        });
  return { name, strategy, bookingTimeout };
}
