import { describe, expect, it } from 'vitest';
import {
  SECRET_MASK,
  hashApiKey,
  hashClientPassword,
  verifyApiKey,
  verifyClientPassword,
} from '../../../functions/domain/client-secrets.js';
import { InvalidParameterError } from '../../../functions/domain/errors.js';
import {
  DEFAULT_REALM,
  checkQueryFilter,
  effectiveCredentials,
  maskSecrets,
  presentedCredentials,
  requiresAuthentication,
  sealSecrets,
  withoutAuthOptions,
} from '../../../functions/domain/public-access.js';
import { secondsLeftInWindow } from '../../../functions/domain/fixed-window.js';
import { rateLimitOf } from '../../../functions/domain/server-settings.js';

const KEY = 'k'.repeat(12) + '0123456789ab';

describe('client secrets', () => {
  it('verifies a password against its salted hash, and nothing else', async () => {
    const stored = await hashClientPassword('s3cret');
    expect(stored).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(stored).not.toBe(await hashClientPassword('s3cret'));
    expect(await verifyClientPassword('s3cret', stored)).toBe(true);
    expect(await verifyClientPassword('s3cret!', stored)).toBe(false);
    expect(await verifyClientPassword('s3cret', 'plain')).toBe(false);
  });

  it('refuses stored parameters costlier than its own (a stored value cannot make requests expensive)', async () => {
    const stored = (await hashClientPassword('x')).replace('scrypt$4096$', 'scrypt$1048576$');
    expect(await verifyClientPassword('x', stored)).toBe(false);
  });

  it('verifies an API key against its SHA-256', () => {
    const stored = hashApiKey(KEY);
    expect(stored).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(verifyApiKey(KEY, stored)).toBe(true);
    expect(verifyApiKey(`${KEY}x`, stored)).toBe(false);
    expect(verifyApiKey(KEY, KEY)).toBe(false);
  });
});

describe('credentials of a service', () => {
  it('are off with no password and no api_key anywhere', () => {
    expect(requiresAuthentication(effectiveCredentials({}, { username: 'u' }))).toBe(false);
    expect(effectiveCredentials({}).realm).toBe(DEFAULT_REALM);
  });

  it("fall back to the server section option by option; the service's own win", () => {
    const server = { username: 'srv', password: 'scrypt$srv', realm: 'R' };
    expect(effectiveCredentials(server, {})).toEqual({
      realm: 'R',
      username: 'srv',
      passwordHash: 'scrypt$srv',
      apiKeyHash: undefined,
    });
    expect(effectiveCredentials(server, { username: 'svc', api_key: 'sha256$k' })).toEqual({
      realm: 'R',
      username: 'svc',
      passwordHash: 'scrypt$srv',
      apiKeyHash: 'sha256$k',
    });
    expect(effectiveCredentials(server, { password: 'scrypt$svc' }).passwordHash).toBe('scrypt$svc');
  });
});

describe('sealing and masking secrets', () => {
  it('hashes secrets sent in clear and masks them on read', async () => {
    const sealed = await sealSecrets({ username: 'u', password: 'pw', api_key: KEY, other: 'x' }, undefined);
    expect(sealed.username).toBe('u');
    expect(sealed.other).toBe('x');
    expect(await verifyClientPassword('pw', sealed.password!)).toBe(true);
    expect(verifyApiKey(KEY, sealed.api_key!)).toBe(true);
    expect(maskSecrets(sealed)).toEqual({
      username: 'u',
      password: SECRET_MASK,
      api_key: SECRET_MASK,
      other: 'x',
    });
  });

  it('keeps the stored secret for the mask (or the stored hash), removes it for an empty value', async () => {
    const stored = { password: 'scrypt$old', api_key: 'sha256$old' };
    expect(await sealSecrets({ password: SECRET_MASK, api_key: 'sha256$old' }, stored)).toEqual(stored);
    expect(await sealSecrets({ password: '', api_key: SECRET_MASK }, stored)).toEqual({
      api_key: 'sha256$old',
    });
  });

  it('refuses a mask with nothing stored, a short API key, a user name with a colon', async () => {
    await expect(sealSecrets({ password: SECRET_MASK }, {})).rejects.toMatchObject({ parameter: 'password' });
    await expect(sealSecrets({ api_key: 'short' }, undefined)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(sealSecrets({ username: 'a:b', password: 'x' }, undefined)).rejects.toMatchObject({
      parameter: 'username',
    });
  });

  it('keeps authentication options out of what a get service answers', () => {
    expect(withoutAuthOptions({ username: 'u', password: 'p', api_key: 'k', motd: 'hi' })).toEqual({
      motd: 'hi',
    });
  });
});

describe('presented credentials', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('reads an X-API-Key first, then Basic', () => {
    expect(presentedCredentials({ 'x-api-key': ' k ' })).toEqual({ kind: 'api-key', key: 'k' });
    expect(presentedCredentials({ authorization: `Basic ${b64('a:b:c')}` })).toEqual({
      kind: 'basic',
      username: 'a',
      password: 'b:c',
      header: `Basic ${b64('a:b:c')}`,
    });
  });

  it('treats anything else as no credentials', () => {
    expect(presentedCredentials({})).toEqual({ kind: 'none' });
    expect(presentedCredentials({ authorization: 'Bearer x' })).toEqual({ kind: 'none' });
    expect(presentedCredentials({ authorization: `Basic ${b64('nocolon')}` })).toEqual({ kind: 'none' });
    expect(presentedCredentials({ authorization: 'Basic %%%' })).toEqual({ kind: 'none' });
  });
});

describe('unfiltered callback queries', () => {
  it('are allowed unless the service sets _allow_unfiltered_query=false', () => {
    expect(() => checkQueryFilter('cb', {}, {})).not.toThrow();
    expect(() => checkQueryFilter('cb', { _allow_unfiltered_query: 'true' }, {})).not.toThrow();
    expect(() => checkQueryFilter('cb', { _allow_unfiltered_query: 'false' }, {})).toThrow(/filter/);
    expect(() => checkQueryFilter('cb', { _allow_unfiltered_query: 'false' }, { operand: 'OR' })).toThrow();
    expect(() =>
      checkQueryFilter('cb', { _allow_unfiltered_query: 'false' }, { _customer_number: '' }),
    ).toThrow();
    expect(() =>
      checkQueryFilter('cb', { _allow_unfiltered_query: 'false' }, { _customer_number: '555' }),
    ).not.toThrow();
  });

  it('a state alone, or an OR with one broad term, is no filter', () => {
    const refuses = { _allow_unfiltered_query: 'false' };
    expect(() => checkQueryFilter('cb', refuses, { _callback_state: '!COMPLETED' })).toThrow(/filter/);
    expect(() => checkQueryFilter('cb', refuses, { _callback_state: 'QUEUED' })).toThrow(/filter/);
    expect(() =>
      checkQueryFilter('cb', refuses, { operand: 'OR', _customer_number: '555', _callback_state: 'QUEUED' }),
    ).toThrow(/filter/);
    expect(() =>
      checkQueryFilter('cb', refuses, { operand: 'OR', _customer_number: '555', account: '42' }),
    ).not.toThrow();
    expect(() =>
      checkQueryFilter('cb', refuses, { _customer_number: '555', _callback_state: 'QUEUED' }),
    ).not.toThrow();
  });
});

describe('rate limit settings', () => {
  it('are off unless rate_limit_requests is positive; the window defaults to 60 s', () => {
    expect(rateLimitOf({})).toBeUndefined();
    expect(rateLimitOf({ rate_limit_requests: '0' })).toBeUndefined();
    expect(rateLimitOf({ rate_limit_requests: '10' })).toEqual({ requests: 10, windowSeconds: 60 });
    expect(rateLimitOf({ rate_limit_requests: '10', rate_limit_window: '5' })).toEqual({
      requests: 10,
      windowSeconds: 5,
    });
  });

  it('answers Retry-After as the seconds left in the fixed window', () => {
    expect(secondsLeftInWindow(60, 60_000)).toBe(60);
    expect(secondsLeftInWindow(60, 61_500)).toBe(59);
    expect(secondsLeftInWindow(60, 119_999)).toBe(1);
  });
});
