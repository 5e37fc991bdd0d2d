import type { AccessNumberRecord } from './access-number.js';

/** Digits only, so `+1 (650) 466-4131` and `16504664131` compare equal. */
export const normalizePhone = (value: string) => value.replace(/\D/g, '');

/**
 * ANI and the app's `_phone_number` often differ only by a country code (`+1 650...` vs `650...`):
 * they match when the digits are equal, or when the longer one is the shorter one (at least seven
 * digits) behind a prefix of at most three digits.
 */
export function samePhone(a: string, b: string): boolean {
  const x = normalizePhone(a);
  const y = normalizePhone(b);
  if (x === y) return x.length > 0;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.length - short.length <= 3 && long.endsWith(short);
}

export interface MatchCriteria {
  /** DNIS: the number the caller dialed. */
  accessNumber: string;
  /** ANI: the caller's number, when the telephony side knows it. */
  phoneNumber?: string;
  accessCode?: string;
}

/**
 * The live locks on the dialed number that the call can belong to. ANI must equal the session's
 * phone number when both are known; an access code, once issued, must be presented: it is the
 * extra authentication the session asked for.
 */
export function matchingLocks(
  records: AccessNumberRecord[],
  criteria: MatchCriteria,
  now: number,
): AccessNumberRecord[] {
  return records.filter((r) => {
    const lock = r.lock;
    if (!lock || lock.expiresAt <= now) return false;
    if (criteria.phoneNumber && lock.phoneNumber && !samePhone(criteria.phoneNumber, lock.phoneNumber)) {
      return false;
    }
    if (lock.accessCode !== undefined && lock.accessCode !== criteria.accessCode) return false;
    return true;
  });
}

/**
 * Whether the caller proved it is the session's caller, beyond dialing its number: the access
 * code the session was given (checked by `matchingLocks`), or an ANI equal to the phone number the
 * session gave. Only a proven match may read the session's data (`_return_data`).
 */
export function provesSession(record: AccessNumberRecord, criteria: MatchCriteria): boolean {
  const lock = record.lock;
  if (!lock) return false;
  if (lock.accessCode !== undefined && lock.accessCode === criteria.accessCode) return true;
  return Boolean(
    criteria.phoneNumber && lock.phoneNumber && samePhone(criteria.phoneNumber, lock.phoneNumber),
  );
}
