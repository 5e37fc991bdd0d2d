import type { CallbackRecord } from '../../functions/domain/callback/callback-record.js';

/** A stored callback as the create API would write it, for tests that exercise the store and worker directly. */
export function callbackRecord(over: Partial<CallbackRecord> & { id: string }): CallbackRecord {
  const now = Date.now();
  return {
    service: 'cb-test',
    state: 'SCHEDULED',
    customerNumber: '5115',
    desiredTime: now,
    scheduled: true,
    scenario: {
      mediaType: 'voice',
      direction: 'USERTERMINATED',
      waitForAgent: false,
      waitForUserConfirm: false,
    },
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
