import { describe, expect, it } from 'vitest';
import { normalizeBase, parseSmokeOptions, UsageError } from '../../../../scripts/smoke/smoke-options.js';

describe('smoke test options', () => {
  it('takes the stack output, a CloudFront URL or the local /genesys URL as the base', () => {
    expect(normalizeBase('https://abc.execute-api.eu-west-1.amazonaws.com/')).toBe(
      'https://abc.execute-api.eu-west-1.amazonaws.com',
    );
    expect(normalizeBase('http://127.0.0.1:8080/genesys')).toBe('http://127.0.0.1:8080');
    expect(normalizeBase('https://d1.cloudfront.net/genesys/1/')).toBe('https://d1.cloudfront.net');
    expect(normalizeBase('https://gms.example.com/prefix')).toBe('https://gms.example.com/prefix');
    expect(() => normalizeBase('ftp://x')).toThrow(UsageError);
    expect(() => normalizeBase('not a url')).toThrow(/--url/);
  });

  it('uses default/password only for a local URL; flags win over the environment', () => {
    expect(parseSmokeOptions(['--url', 'http://localhost:8080'], {})).toMatchObject({
      user: 'default',
      password: 'password',
      timeoutMs: 15_000,
    });
    expect(() => parseSmokeOptions(['--url', 'https://gms.example.com'], {})).toThrow(
      /--user and --password/,
    );
    const env = {
      GMS_SMOKE_USER: 'ops',
      GMS_SMOKE_PASSWORD: 'from-the-environment',
      GMS_SMOKE_WS_URL: 'wss://abc.execute-api.eu-west-1.amazonaws.com/live',
    };
    expect(parseSmokeOptions(['--url', 'https://gms.example.com'], env)).toMatchObject({
      user: 'ops',
      password: 'from-the-environment',
      wsUrl: 'wss://abc.execute-api.eu-west-1.amazonaws.com/live',
    });
    expect(
      parseSmokeOptions(['--url', 'https://gms.example.com', '--password', 'from-the-flag'], env),
    ).toMatchObject({ user: 'ops', password: 'from-the-flag' });
    // A secret CI passes empty is no credential.
    expect(() =>
      parseSmokeOptions(['--url', 'https://gms.example.com'], { GMS_SMOKE_USER: '', GMS_SMOKE_PASSWORD: '' }),
    ).toThrow(/--user and --password/);
  });

  it('needs the push URL of a deployed stack (its admin function does not know it)', () => {
    const creds = ['--user', 'ops', '--password', 'long-enough-pw'];
    expect(() => parseSmokeOptions(['--url', 'https://gms.example.com', ...creds], {})).toThrow(/--ws-url/);
    expect(
      parseSmokeOptions(
        ['--url', 'https://gms.example.com', ...creds, '--ws-url', 'wss://ws.example.com/live'],
        {},
      ).wsUrl,
    ).toBe('wss://ws.example.com/live');
    expect(parseSmokeOptions(['--url', 'http://127.0.0.1:8080'], {}).wsUrl).toBeUndefined();
  });

  it('names the bad option', () => {
    expect(() => parseSmokeOptions([], {})).toThrow(/--url is required/);
    expect(() => parseSmokeOptions(['--url', 'http://localhost', '--ws-url', 'http://x'], {})).toThrow(
      /--ws-url/,
    );
    expect(() => parseSmokeOptions(['--url', 'http://localhost', '--timeout', '0'], {})).toThrow(/--timeout/);
    expect(() => parseSmokeOptions(['--url', 'http://localhost', '--bogus'], {})).toThrow(UsageError);
  });
});
