import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import { readIdempotencyKey, requestFingerprint } from '../../../functions/domain/idempotency-key.js';

describe('Idempotency-Key', () => {
  it('accepts UUIDs, ULIDs, base64 and client ids; none is none', () => {
    for (const key of [
      '7f0c9a52-1d3e-4b8a-9c61-0e2f5d4b7a13',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      'aGVsbG8/d29ybGQ=',
      'order:77.1_~+',
    ]) {
      expect(readIdempotencyKey(key)).toBe(key);
    }
    expect(readIdempotencyKey('k'.repeat(255))).toHaveLength(255);
    expect(readIdempotencyKey(undefined)).toBeUndefined();
  });

  it('refuses empty, too long, spaced, joined (a,b) and non-ASCII keys, naming the header', () => {
    for (const key of ['', 'k'.repeat(256), 'a b', 'a,b', 'clé', 'tab\t', '"quoted"']) {
      let error: unknown;
      try {
        readIdempotencyKey(key);
      } catch (e) {
        error = e;
      }
      expect(error, key).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).parameter).toBe('Idempotency-Key');
    }
  });

  it('fingerprints the request regardless of parameter order, and tells different ones apart', () => {
    const base = { method: 'POST', path: '/genesys/1/service/callback/{name}' };
    const a = requestFingerprint({ ...base, parameters: { name: 's', _customer_number: '1', x: '2' } });
    expect(requestFingerprint({ ...base, parameters: { x: '2', _customer_number: '1', name: 's' } })).toBe(a);
    expect(
      requestFingerprint({ ...base, parameters: { name: 's', _customer_number: '1', x: '3' } }),
    ).not.toBe(a);
    expect(requestFingerprint({ ...base, parameters: { name: 's', _customer_number: '1' } })).not.toBe(a);
    expect(
      requestFingerprint({
        ...base,
        method: 'PUT',
        parameters: { name: 's', _customer_number: '1', x: '2' },
      }),
    ).not.toBe(a);
    // Keys are data: a key named like object machinery is one more parameter.
    const proto = JSON.parse('{"__proto__":"1"}') as Record<string, string>;
    expect(requestFingerprint({ ...base, parameters: proto })).not.toBe(
      requestFingerprint({ ...base, parameters: {} }),
    );
    const file = (data: string) => ({
      f: { filename: 'a.txt', contentType: 'text/plain', data: Buffer.from(data) },
    });
    expect(requestFingerprint({ ...base, parameters: {}, files: file('one') })).not.toBe(
      requestFingerprint({ ...base, parameters: {}, files: file('two') }),
    );
  });
});
