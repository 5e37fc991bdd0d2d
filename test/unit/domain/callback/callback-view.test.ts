import { describe, expect, it } from 'vitest';
import type { CallbackRecord } from '../../../../functions/domain/callback/callback-record.js';
import {
  isVisible,
  matchesProperties,
  stateFilter,
  toCallbackView,
} from '../../../../functions/domain/callback/callback-view.js';

const record = (over: Partial<CallbackRecord> = {}): CallbackRecord => ({
  id: 'cb-1',
  service: 'cb1',
  state: 'SCHEDULED',
  customerNumber: '5115',
  desiredTime: Date.UTC(2026, 4, 28, 15, 30),
  scheduled: true,
  scenario: {
    mediaType: 'voice',
    direction: 'USERTERMINATED',
    waitForAgent: false,
    waitForUserConfirm: false,
  },
  properties: { CB_SUBSCRIPTION_ID: 'sub-9', _device_os: 'comet' },
  priority: 0,
  guards: [],
  createdAt: Date.UTC(2026, 4, 28, 15, 0),
  updatedAt: Date.UTC(2026, 4, 28, 15, 0),
  expiresAt: Date.UTC(2026, 4, 29, 15, 30),
  version: 1,
  ...over,
});

describe('toCallbackView', () => {
  it('returns the GMS keys and the stored properties', () => {
    expect(toCallbackView(record())).toEqual({
      _id: 'cb-1',
      _desired_time: '2026-05-28T15:30:00.000Z',
      _service_name: 'cb1',
      _callback_state: 'SCHEDULED',
      _expiration_time: '2026-05-29T15:30:00.000Z',
      _customer_number: '5115',
      _url: '/genesys/1/service/callback/cb1/cb-1',
      CB_SUBSCRIPTION_ID: 'sub-9',
      _device_os: 'comet',
    });
  });

  it('adds the reason of a completed callback', () => {
    const v = toCallbackView(record({ state: 'COMPLETED', reason: 'CANCELLED' }));
    expect(v._callback_state).toBe('COMPLETED');
    expect(v._callback_reason).toBe('CANCELLED');
  });

  it('never lets a stored property stand in for a fixed key', () => {
    const v = toCallbackView(
      record({
        customerNumber: undefined,
        properties: {
          _callback_state: 'COMPLETED',
          _callback_reason: 'X',
          _customer_number: 'fake',
          _url: 'evil',
        },
      }),
    );
    expect(v._callback_state).toBe('SCHEDULED');
    expect(v._url).toBe('/genesys/1/service/callback/cb1/cb-1');
    expect('_callback_reason' in v).toBe(false);
    expect('_customer_number' in v).toBe(false);
  });

  it('hides records past their expiry', () => {
    const r = record();
    expect(isVisible(r, r.expiresAt - 1)).toBe(true);
    expect(isVisible(r, r.expiresAt)).toBe(false);
  });
});

describe('state and property filters', () => {
  it('stateFilter matches a state or negates it', () => {
    expect(stateFilter(undefined)).toBeUndefined();
    expect(stateFilter('completed')!('COMPLETED')).toBe(true);
    expect(stateFilter('COMPLETED')!('QUEUED')).toBe(false);
    expect(stateFilter('!COMPLETED')!('QUEUED')).toBe(true);
    expect(stateFilter('!COMPLETED')!('COMPLETED')).toBe(false);
  });

  it('matchesProperties combines criteria with AND or OR', () => {
    const v = toCallbackView(record());
    expect(matchesProperties(v, {}, 'AND')).toBe(true);
    expect(matchesProperties(v, { CB_SUBSCRIPTION_ID: 'sub-9', _customer_number: '5115' }, 'AND')).toBe(true);
    expect(matchesProperties(v, { CB_SUBSCRIPTION_ID: 'sub-9', _customer_number: '999' }, 'AND')).toBe(false);
    expect(matchesProperties(v, { CB_SUBSCRIPTION_ID: 'sub-9', _customer_number: '999' }, 'OR')).toBe(true);
    expect(matchesProperties(v, { CB_SUBSCRIPTION_ID: 'no', _customer_number: '999' }, 'OR')).toBe(false);
    expect(matchesProperties(v, { _callback_state: '!COMPLETED' }, 'AND')).toBe(true);
    expect(matchesProperties(v, { _callback_state: 'COMPLETED' }, 'AND')).toBe(false);
  });
});
