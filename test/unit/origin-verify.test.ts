import { describe, expect, it } from 'vitest';
import { originVerified } from '../../functions/http/origin-verify.js';
import { ORIGIN_VERIFY_ENV, readRuntimeConfig } from '../../functions/runtime-config.js';
import { TABLES, tableEnvVar } from '../../functions/adapters/dynamodb/table-definitions.js';

describe('originVerified', () => {
  it('accepts exactly one of the accepted values', () => {
    expect(originVerified('abc', ['abc'])).toBe(true);
    expect(originVerified('old', ['new', 'old'])).toBe(true);
    expect(originVerified('ab', ['abc'])).toBe(false);
    expect(originVerified('abcd', ['abc'])).toBe(false);
    expect(originVerified('ABC', ['abc'])).toBe(false);
    expect(originVerified(undefined, ['abc'])).toBe(false);
    expect(originVerified('abc', [])).toBe(false);
  });
});

describe('runtime config: accepted origin header values', () => {
  const tables = Object.fromEntries(TABLES.map((t) => [tableEnvVar(t.id), `gms-${t.id}`]));

  it('reads the comma-separated values the stack sets, ignoring blanks', () => {
    expect(readRuntimeConfig({ ...tables, [ORIGIN_VERIFY_ENV]: 'new, old,' }).originVerify).toEqual([
      'new',
      'old',
    ]);
  });

  it('has no check when the variable is unset or empty', () => {
    expect(readRuntimeConfig(tables).originVerify).toBeUndefined();
    expect(readRuntimeConfig({ ...tables, [ORIGIN_VERIFY_ENV]: ' , ' }).originVerify).toBeUndefined();
  });
});
