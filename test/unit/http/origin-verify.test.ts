import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../functions/domain/errors.js';
import {
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
  originVerified,
  originVerify,
} from '../../../functions/http/origin-verify.js';
import { ORIGIN_VERIFY_ENV, readRuntimeConfig } from '../../../functions/runtime-config.js';
import { TABLES, tableEnvVar } from '../../../functions/adapters/dynamodb/table-definitions.js';

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

describe('originVerify middleware', () => {
  const request = (headers: Record<string, string>) =>
    ({
      event: {
        rawPath: '/genesys/1/health',
        headers,
        requestContext: { http: { sourceIp: '130.176.1.1' } },
      },
    }) as unknown as Parameters<NonNullable<ReturnType<typeof originVerify>['before']>>[0];
  const before = originVerify(() => ['current', 'previous']).before!;

  it('takes the viewer address CloudFront set as the source address of a verified request', async () => {
    const r = request({ [ORIGIN_VERIFY_HEADER]: 'previous', [VIEWER_ADDRESS_HEADER]: '2001:db8::7' });
    await before(r);
    expect(r.event.requestContext.http.sourceIp).toBe('2001:db8::7');
  });

  it('keeps API Gateway source address when the viewer address is missing or not an address', async () => {
    const missing = request({ [ORIGIN_VERIFY_HEADER]: 'current' });
    await before(missing);
    expect(missing.event.requestContext.http.sourceIp).toBe('130.176.1.1');
    const junk = request({ [ORIGIN_VERIFY_HEADER]: 'current', [VIEWER_ADDRESS_HEADER]: 'evil, 1.2.3.4' });
    await before(junk);
    expect(junk.event.requestContext.http.sourceIp).toBe('130.176.1.1');
  });

  it('refuses an unverified request with ForbiddenError, never trusting its viewer address', async () => {
    const r = request({ [ORIGIN_VERIFY_HEADER]: 'guess', [VIEWER_ADDRESS_HEADER]: '10.0.0.1' });
    await expect(async () => before(r)).rejects.toBeInstanceOf(ForbiddenError);
    expect(r.event.requestContext.http.sourceIp).toBe('130.176.1.1');
  });

  it('checks nothing when no value is configured', async () => {
    const r = request({ [VIEWER_ADDRESS_HEADER]: '10.0.0.1' });
    await originVerify(() => undefined).before!(r);
    expect(r.event.requestContext.http.sourceIp).toBe('130.176.1.1');
  });
});
