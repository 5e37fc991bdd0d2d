import { describe, expect, it } from 'vitest';
import {
  isImpossibleNumber,
  isPremiumNumber,
  normalizeCustomerNumber,
} from '../../../../functions/domain/callback/customer-number-rules.js';
import { loadPatternEngine as loadRe2 } from '../../../../functions/domain/pattern-matcher.js';

// RE2 loads on demand (functions/domain/pattern-matcher.ts); the matching below needs it loaded.
await loadRe2();

describe('customer numbers', () => {
  it('normalises like GMS: separators dropped, + prefixed', () => {
    expect(normalizeCustomerNumber(' 5115 ')).toBe('+5115');
    expect(normalizeCustomerNumber('+33 (1) 23-45.67')).toBe('+33123456' + '7');
  });

  it('finds impossible numbers by characters and length only', () => {
    expect(isImpossibleNumber('5115')).toBe(false);
    expect(isImpossibleNumber('+1 (650) 466-4131')).toBe(false);
    expect(isImpossibleNumber('555-CALL-NOW')).toBe(true);
    expect(isImpossibleNumber('+1234567890123456')).toBe(true);
    expect(isImpossibleNumber('++33123')).toBe(true);
    expect(isImpossibleNumber('')).toBe(true);
  });

  it('finds North American 900 numbers, national ones read with the default country', () => {
    expect(isPremiumNumber('+19005551234')).toBe(true);
    expect(isPremiumNumber('+1 900 555 1234')).toBe(true);
    expect(isPremiumNumber('9005551234', 'US')).toBe(true);
    expect(isPremiumNumber('19005551234', 'CA')).toBe(true);
    expect(isPremiumNumber('9005551234', 'FR')).toBe(false);
    expect(isPremiumNumber('+18005551234')).toBe(false);
  });
});
