import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hashApiKey, hashClientPassword } from '../../../functions/domain/client-secrets.js';
import { TooManyRequestsError, UnauthorizedError } from '../../../functions/domain/errors.js';
import { PublicApiGuard, publicApiScope } from '../../../functions/http/public-api-guard.js';
import type { RouteSpec } from '../../../functions/http/route-spec.js';
import type { AttemptCounter } from '../../../functions/ports/attempt-counter.js';
import { ALL_ROUTES } from '../../../functions/routes/index.js';
import { InMemoryConfigStore } from '../../support/in-memory-config-store.js';

vi.mock('../../../functions/domain/client-secrets.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../functions/domain/client-secrets.js')>();
  return { ...real, verifyClientPassword: vi.fn(real.verifyClientPassword) };
});
const secrets = await import('../../../functions/domain/client-secrets.js');

const route = (method: string, path: string): RouteSpec => {
  const found = ALL_ROUTES.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};

const counter = (): AttemptCounter & { counts: Map<string, number> } => {
  const counts = new Map<string, number>();
  return {
    counts,
    hit: async (key, windowSeconds, now) => {
      const k = `${key}@${Math.floor(now / (windowSeconds * 1000))}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      return counts.get(k)!;
    },
    count: async () => 0,
    reset: async () => undefined,
  };
};

const basic = (u: string, p: string) => ({
  authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
});
const KEY = 'abcdefghijklmnopqrstuvwxyz012345';

describe('which routes the lock-down covers', () => {
  it('names the service of service and callback routes, the server for storage and sessions, nothing for the rest', () => {
    expect(publicApiScope(route('POST', '/genesys/1/service/{service}'))).toEqual({
      kind: 'service',
      param: 'service',
    });
    expect(publicApiScope(route('PUT', '/genesys/1/service/callback/{name}/{id}'))).toEqual({
      kind: 'service',
      param: 'name',
    });
    expect(publicApiScope(route('GET', '/genesys/1/service/callback/{name}/availability')).kind).toBe(
      'service',
    );
    expect(publicApiScope(route('GET', '/genesys/1/service/callback')).kind).toBe('any-service');
    expect(publicApiScope(route('POST', '/genesys/1/storage/{ttl}')).kind).toBe('server');
    expect(publicApiScope(route('POST', '/genesys/1/service/{id}/connect')).kind).toBe('server');
    expect(publicApiScope(route('GET', '/genesys/1/service/{service}/check-queue-position')).kind).toBe(
      'server',
    );
    expect(publicApiScope(route('GET', '/genesys/1/health')).kind).toBe('none');
    expect(publicApiScope(route('POST', '/genesys/1/patterns')).kind).toBe('none');
    expect(publicApiScope(route('POST', '/genesys/1/admin/login')).kind).toBe('none');
    expect(publicApiScope(route('GET', '/genesys/1/admin/services')).kind).toBe('none');
  });
});

describe('PublicApiGuard', () => {
  let server: Record<string, string>;
  const now = 1_000_000;
  beforeAll(async () => {
    server = { username: 'app', password: await hashClientPassword('pw'), api_key: hashApiKey(KEY) };
  });
  const deps = (attempts = counter()) => ({
    config: new InMemoryConfigStore({ 'server/server': server }, 0),
    attempts,
    clock: { now: () => now },
  });
  const storage = route('GET', '/genesys/1/storage/{id}');

  it('checks a Basic password once per header and stored hash, then answers from its cache', async () => {
    const guard = new PublicApiGuard();
    const verify = vi.mocked(secrets.verifyClientPassword);
    verify.mockClear();
    for (let i = 0; i < 5; i++) await guard.check(deps(), storage, {}, basic('app', 'pw'), '1.2.3.4');
    expect(verify).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 3; i++) {
      await expect(guard.check(deps(), storage, {}, basic('app', 'bad'), '1.2.3.4')).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
    }
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('accepts the API key with no password hashing at all, and names the realm of a 401', async () => {
    const guard = new PublicApiGuard();
    const verify = vi.mocked(secrets.verifyClientPassword);
    verify.mockClear();
    await guard.check(deps(), storage, {}, { 'x-api-key': KEY }, '1.2.3.4');
    expect(verify).not.toHaveBeenCalled();
    const error = await guard.check(deps(), storage, {}, {}, '1.2.3.4').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).realm).toBe('Genesys Application Configuration Needed');
    expect((error as Error).message).toMatch(/HTTP Basic credentials or an X-API-Key header/);
  });

  it('counts each source separately and answers 429 with the seconds left in the window', async () => {
    server = { rate_limit_requests: '2', rate_limit_window: '60' };
    const guard = new PublicApiGuard();
    const d = deps();
    await guard.check(d, storage, {}, {}, '10.0.0.1');
    await guard.check(d, storage, {}, {}, '10.0.0.1');
    const error = await guard.check(d, storage, {}, {}, '10.0.0.1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(60 - ((now / 1000) % 60));
    await guard.check(d, storage, {}, {}, '10.0.0.2');
    // Off (no rate_limit_requests): nothing is counted.
    server = {};
    const quiet = counter();
    await guard.check(deps(quiet), storage, {}, {}, '10.0.0.1');
    expect(quiet.counts.size).toBe(0);
  });
});
