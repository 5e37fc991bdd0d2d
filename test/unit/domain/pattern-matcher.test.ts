import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import {
  checkPattern,
  checkValue,
  javaToRe2,
  matchesWhole,
  MAX_PATTERN_LENGTH,
  MAX_VALUE_LENGTH,
} from '../../../functions/domain/pattern-matcher.js';
import { loadPatternEngine as loadRe2 } from '../../../functions/domain/pattern-matcher.js';

// RE2 loads on demand (functions/domain/pattern-matcher.ts); the matching below needs it loaded.
await loadRe2();

function rejection(run: () => unknown): InvalidParameterError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidParameterError);
    return e as InvalidParameterError;
  }
  throw new Error('expected an InvalidParameterError');
}

describe('matchesWhole (Java matches() semantics)', () => {
  it('matches the whole value, never a part of it', () => {
    expect(matchesWhole('p', '\\d{3}', '555')).toBe(true);
    expect(matchesWhole('p', '\\d{3}', '5555')).toBe(false);
    expect(matchesWhole('p', '\\d{3}', 'x555')).toBe(false);
    expect(matchesWhole('p', '555', '5551234')).toBe(false);
    expect(matchesWhole('p', 'a|ab', 'ab')).toBe(true);
  });

  it('understands the Java-style syntax GMS examples use', () => {
    expect(matchesWhole('exception1', '555.*', '5551234')).toBe(true);
    expect(matchesWhole('exception1', '555.*', '1555')).toBe(false);
    expect(matchesWhole('p', '\\+1\\d{10}', '+19005551234')).toBe(true);
    expect(matchesWhole('p', '[A-Z]{2}-\\w+', 'DE-abc_1')).toBe(true);
    expect(matchesWhole('p', '(?i)callback', 'CallBack')).toBe(true);
    expect(matchesWhole('p', '\\Q1.5\\E', '1.5')).toBe(true);
    expect(matchesWhole('p', '\\Q1.5\\E', '125')).toBe(false);
    expect(matchesWhole('p', '(?<area>\\d{3})-\\d{4}', '555-1234')).toBe(true);
    expect(matchesWhole('p', '', '')).toBe(true);
  });

  it('does not let `.` cross a line break (Java default)', () => {
    expect(matchesWhole('p', 'a.*', 'ab\nc')).toBe(false);
  });

  it('runs catastrophic-backtracking patterns in linear time and gives the right answer', () => {
    const input = 'a'.repeat(5_000);
    expect(matchesWhole('evil1', '(a+)+$', input)).toBe(true);
    expect(matchesWhole('evil1', '(a+)+$', `${input}!`)).toBe(false);
    expect(matchesWhole('evil2', '(a|aa)+b', input)).toBe(false);
    expect(matchesWhole('evil2', '(a|aa)+b', `${input}b`)).toBe(true);
    expect(matchesWhole('evil3', '(.*a){20}', input)).toBe(true);
  });
});

describe('checkPattern', () => {
  it('accepts what RE2 compiles', () => {
    expect(() => checkPattern('Pattern1', '\\d{3}')).not.toThrow();
  });

  it.each([
    ['backreference', '(a)\\1', '\\1'],
    ['lookahead', '(?=a)b', '(?='],
    ['negative lookahead', 'a(?!b)', '(?!'],
    ['lookbehind', '(?<=a)b', '(?<='],
    ['possessive quantifier', 'a++', '++'],
    ['unclosed class', '[abc', 'missing closing ]'],
  ])('rejects a %s, naming the pattern and the reason', (_kind, expression, reason) => {
    const e = rejection(() => checkPattern('Bad1', expression));
    expect(e.parameter).toBe('Bad1');
    expect(e.message).toContain("Pattern 'Bad1'");
    expect(e.message).toContain(reason);
    expect(e.message).toContain('linear-time');
  });

  it('rejects a pattern longer than the limit', () => {
    const e = rejection(() => checkPattern('Long', 'a'.repeat(MAX_PATTERN_LENGTH + 1)));
    expect(e.parameter).toBe('Long');
    expect(e.message).toContain(String(MAX_PATTERN_LENGTH));
    expect(() => checkPattern('Ok', 'a'.repeat(MAX_PATTERN_LENGTH))).not.toThrow();
  });

  it('rejects bad patterns again when asked a second time (no cached pass)', () => {
    rejection(() => checkPattern('A', '(a)\\2'));
    expect(rejection(() => checkPattern('B', '(a)\\2')).parameter).toBe('B');
  });
});

describe('checkValue', () => {
  it('rejects values longer than the limit, naming the parameter', () => {
    expect(() => checkValue('param1', 'x'.repeat(MAX_VALUE_LENGTH))).not.toThrow();
    const e = rejection(() => checkValue('param1', 'x'.repeat(MAX_VALUE_LENGTH + 1)));
    expect(e.parameter).toBe('param1');
  });
});

describe('javaToRe2', () => {
  it('rewrites Java POSIX classes inside and outside brackets, and their negations', () => {
    expect(javaToRe2('\\p{Alpha}+')).toBe('[[:alpha:]]+');
    expect(javaToRe2('[\\p{Digit}_]')).toBe('[[:digit:]_]');
    expect(javaToRe2('\\P{Upper}')).toBe('[[:^upper:]]');
    expect(javaToRe2('[^\\P{Alnum}]')).toBe('[^[:^alnum:]]');
  });

  it('leaves escapes, quoted sections, Unicode classes and literal brackets alone', () => {
    expect(javaToRe2('\\\\p{Alpha}')).toBe('\\\\p{Alpha}');
    expect(javaToRe2('\\Q\\p{Alpha}\\E')).toBe('\\Q\\p{Alpha}\\E');
    expect(javaToRe2('\\p{L}\\d{3}')).toBe('\\p{L}\\d{3}');
    expect(javaToRe2('[]a]\\p{Lower}')).toBe('[]a][[:lower:]]');
  });

  it('lets Java POSIX classes match as Java does', () => {
    expect(matchesWhole('p', '\\p{Alpha}{3}\\p{Digit}+', 'abc123')).toBe(true);
    expect(matchesWhole('p', '\\p{Alpha}{3}\\p{Digit}+', 'ab1123')).toBe(false);
    expect(matchesWhole('p', '[\\p{Upper}\\p{Digit}-]+', 'AB-12')).toBe(true);
  });
});
