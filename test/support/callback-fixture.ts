import type { CallbackRecord, CallbackScenario } from '../../functions/domain/callback/callback-record.js';

/** User-terminated, immediate voice: the agent is reserved, then the customer dialed. */
export const UT_IMMEDIATE: CallbackScenario = {
  mediaType: 'voice',
  direction: 'USERTERMINATED',
  waitForAgent: false,
  waitForUserConfirm: false,
};

/** A stored callback as the create API would write it, for tests that exercise the store and worker directly. */
export function callbackRecord(over: Partial<CallbackRecord> & { id: string }): CallbackRecord {
  const now = Date.now();
  return {
    service: 'cb-test',
    state: 'SCHEDULED',
    customerNumber: '5115',
    desiredTime: now,
    scheduled: true,
    scenario: UT_IMMEDIATE,
    properties: {},
    priority: 0,
    guards: [],
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 86_400_000,
    version: 1,
    ...over,
  };
}
