import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sourceKey, userKey, DEFAULT_LOGIN_LIMITS } from '../../functions/domain/login-lockout.js';
import { logger } from '../../functions/observability.js';
import { ManualClock } from '../support/manual-clock.js';
import { basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

describe('failed logins are limited, tokens die with their credentials', () => {
  let s: TestServer;
  // Ten minutes into the hour: the hour-long failure window does not roll over mid-test.
  const clock = new ManualClock(Date.parse('2026-11-23T12:10:00Z'));
  const login = (username: string, password: string) =>
    s.fetch('/admin/login', jsonBody({ username, password }));
  const put = async (username: string, body: unknown) => {
    const res = await s.admin(`/admin/users/${username}`, jsonBody(body, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
  };

  beforeAll(async () => {
    s = await startTestServer({ clock });
    await put('victim', { password: 'right-password', roles: ['Supervisor'] });
    await put('holder', { password: 'first-password', roles: ['Administrator'] });
  });
  afterAll(async () => {
    await s?.stop();
    vi.restoreAllMocks();
  });

  it('20 wrong passwords in a minute: 429 with Retry-After, the right password refused until the lockout ends', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      // Both ways in count alike: admin/login and Basic on any authenticated route.
      const res =
        i % 2 === 0
          ? await login('victim', `wrong-${i}`)
          : await s.fetch('/admin/node/status', {
              headers: { authorization: basic('victim', `wrong-${i}`) },
            });
      statuses.push(res.status);
      clock.advance(2);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
    expect(
      warn.mock.calls.filter(
        ([, extra]) => (extra as { securityEvent?: string })?.securityEvent === 'login-lockout',
      ),
    ).toEqual([
      [
        expect.any(String),
        expect.objectContaining({
          securityEvent: 'login-lockout',
          scope: 'user',
          username: 'victim',
          failures: 10,
        }),
      ],
    ]);
    warn.mockRestore();

    // The right password is refused too, by both routes, with the GMS error body.
    const right = await login('victim', 'right-password');
    expect(right.status).toBe(429);
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_LOGIN_LIMITS.perUser.baseLockSeconds);
    expect(await right.json()).toMatchObject({
      code: 429,
      exception: expect.stringContaining('TooManyRequests'),
    });
    const basicRight = await s.fetch('/admin/node/status', {
      headers: { authorization: basic('victim', 'right-password') },
    });
    expect(basicRight.status).toBe(429);
    expect(Number(basicRight.headers.get('retry-after'))).toBe(retryAfter);

    // Refusals are not failures: the count stayed at the limit.
    expect(await s.deps.attempts.count(userKey('victim'), 3600, clock.now())).toBe(10);
    // The source was counted as well (the request's address reaches the check).
    expect(await s.deps.attempts.count(sourceKey('127.0.0.1'), 3600, clock.now())).toBe(10);

    // Past the lockout, one more failure locks twice as long.
    clock.advance(retryAfter);
    expect((await login('victim', 'wrong-again')).status).toBe(401);
    const doubled = await login('victim', 'right-password');
    expect(doubled.status).toBe(429);
    expect(Number(doubled.headers.get('retry-after'))).toBe(2 * DEFAULT_LOGIN_LIMITS.perUser.baseLockSeconds);

    // After it, the right password works and clears the user's count.
    clock.advance(2 * DEFAULT_LOGIN_LIMITS.perUser.baseLockSeconds);
    const ok = await login('victim', 'right-password');
    expect(ok.status).toBe(200);
    expect((await ok.json()).username).toBe('victim');
    expect(await s.deps.attempts.count(userKey('victim'), 3600, clock.now())).toBe(0);
    expect((await login('victim', 'wrong-once-more')).status).toBe(401);
  });

  it('an unknown user is locked out exactly like a known one (no way to tell them apart)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login('ghost', `guess-${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it('a bearer token is refused after a password change, a role change and a delete; a fresh login works', async () => {
    const token = async (password: string) => {
      const res = await login('holder', password);
      expect(res.status).toBe(200);
      return { authorization: `Bearer ${(await res.json()).token}` };
    };
    const status = async (headers: Record<string, string>) =>
      (await s.fetch('/admin/users', { headers })).status;

    const first = await token('first-password');
    expect(await status(first)).toBe(200);
    // Same roles, no password: nothing changed, the token lives on.
    await put('holder', { roles: ['Administrator'] });
    expect(await status(first)).toBe(200);

    await put('holder', { password: 'second-password', roles: ['Administrator'] });
    expect(await status(first)).toBe(401);
    const second = await token('second-password');
    expect(await status(second)).toBe(200);
    // The password it already has is no change (a config file applied at each start sends it again).
    await put('holder', { password: 'second-password', roles: ['Administrator'] });
    expect(await status(second)).toBe(200);

    await put('holder', { roles: ['Administrator', 'Supervisor'] });
    expect(await status(second)).toBe(401);
    const third = await token('second-password');
    expect(await status(third)).toBe(200);

    expect((await s.admin('/admin/users/holder', { method: 'DELETE' })).status).toBe(200);
    expect(await status(third)).toBe(401);
    // A user created again under the name does not bring the old token back.
    await put('holder', { password: 'second-password', roles: ['Administrator'] });
    expect(await status(third)).toBe(401);
    expect(await status(await token('second-password'))).toBe(200);
  });
});
