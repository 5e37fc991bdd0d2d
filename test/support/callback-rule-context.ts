import type { CallbackRuleContext } from '../../functions/domain/callback/callback-options.js';

/** The instant the callback rule tests run at: a Monday noon, UTC. */
export const RULES_NOW = Date.parse('2026-11-23T12:00:00Z');

/** An immediate request for `5115` on service `cb1` with default options, at `RULES_NOW`. */
export function ruleContext(overrides: Partial<CallbackRuleContext> = {}): CallbackRuleContext {
  const customerNumber = overrides.customerNumber ?? '5115';
  return {
    serviceName: 'cb1',
    options: {},
    parameters: { _customer_number: customerNumber },
    customerNumber,
    desiredTime: RULES_NOW,
    scheduled: false,
    now: RULES_NOW,
    ...overrides,
  };
}

/** The error `fn` throws; fails the test when it throws none. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
