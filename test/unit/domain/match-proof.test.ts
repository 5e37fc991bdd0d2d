import { describe, expect, it } from 'vitest';
import { matchingLocks, provesSession } from '../../../functions/domain/access-match.js';
import type { AccessNumberRecord } from '../../../functions/domain/access-number.js';

const now = 1_000_000;
const record = (lock: Partial<NonNullable<AccessNumberRecord['lock']>>): AccessNumberRecord => ({
  group: 'G',
  number: '6501000001',
  lock: { sessionId: 's1', lockedAt: now - 1000, expiresAt: now + 60_000, ...lock },
});

describe('provesSession: who may read a matched session data', () => {
  it('the number alone matches but proves nothing', () => {
    const r = record({ phoneNumber: '+1 650 555 1234' });
    expect(matchingLocks([r], { accessNumber: r.number }, now)).toHaveLength(1);
    expect(provesSession(r, { accessNumber: r.number })).toBe(false);
  });
  it('an ANI equal to the session phone number proves it; another ANI or a session without one does not', () => {
    expect(
      provesSession(record({ phoneNumber: '+1 650 555 1234' }), {
        accessNumber: 'x',
        phoneNumber: '6505551234',
      }),
    ).toBe(true);
    expect(
      provesSession(record({ phoneNumber: '+1 650 555 1234' }), {
        accessNumber: 'x',
        phoneNumber: '6505559999',
      }),
    ).toBe(false);
    expect(provesSession(record({}), { accessNumber: 'x', phoneNumber: '6505551234' })).toBe(false);
  });
  it('the access code the session was given proves it', () => {
    expect(provesSession(record({ accessCode: '123456' }), { accessNumber: 'x', accessCode: '123456' })).toBe(
      true,
    );
    expect(provesSession(record({ accessCode: '123456' }), { accessNumber: 'x', accessCode: '654321' })).toBe(
      false,
    );
    expect(provesSession(record({}), { accessNumber: 'x', accessCode: '123456' })).toBe(false);
  });
});
