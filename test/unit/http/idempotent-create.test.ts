import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdempotencyKeyInProgressError } from '../../../functions/domain/errors.js';
import { IDEMPOTENCY_TTL_MS, requestFingerprint } from '../../../functions/domain/idempotency-key.js';
import {
  IDEMPOTENCY_WAIT_MS,
  REPLAYED_HEADER,
  idempotentCreate,
} from '../../../functions/http/idempotent-create.js';
import type { RequestContext } from '../../../functions/http/handler-factory.js';
import type { IdempotencyClaim } from '../../../functions/domain/idempotency-key.js';
import type { IdempotencyStore } from '../../../functions/ports/idempotency.js';
import type { Deps } from '../../../functions/composition/full.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const req = {
  headers: { 'idempotency-key': 'k-1' },
  route: { method: 'POST', path: '/genesys/1/service/callback/{name}' },
  params: { name: 'svc' },
  query: {},
  body: { fields: { _customer_number: '5551234' } },
} as unknown as RequestContext;

/** A key held by a live request that has not answered yet (what a concurrent duplicate meets). */
const holder: IdempotencyClaim = {
  key: 'callback#svc#k-1',
  fingerprint: requestFingerprint({
    method: 'POST',
    path: '/genesys/1/service/callback/{name}',
    parameters: { name: 'svc', _customer_number: '5551234' },
  }),
  resourceId: 'cb-first',
  owner: 'first-request',
  claimedAt: NOW,
  expiresAt: NOW + IDEMPOTENCY_TTL_MS,
};

/** A store whose key stays held; `answerAfterReads` reads later the first request's answer shows. */
function heldStore(answerAfterReads = Infinity) {
  const calls = { claim: 0, get: 0, takeOver: 0 };
  const store: IdempotencyStore = {
    claim: () => {
      calls.claim++;
      return Promise.resolve({ won: false, holder });
    },
    get: () => {
      calls.get++;
      const answered = calls.get >= answerAfterReads;
      return Promise.resolve(
        answered ? { ...holder, response: { status: 200, body: { _id: 'cb-first' } } } : holder,
      );
    },
    complete: () => Promise.resolve(true),
    release: () => Promise.resolve(),
    takeOver: () => {
      calls.takeOver++;
      return Promise.resolve(false);
    },
  };
  let n = 0;
  const deps = {
    idempotency: store,
    clock: { now: () => NOW },
    ids: { id: () => `id-${++n}` },
  } as unknown as Deps;
  return { deps, calls };
}

const work = () => Promise.reject(new Error('the duplicate must not run the create'));
const created = () => Promise.resolve(false);

describe('idempotentCreate: a concurrent duplicate', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('claims once, then polls with reads only until the first answer, and replays it', async () => {
    const { deps, calls } = heldStore(4);
    const answer = idempotentCreate(req, deps, 'callback#svc', work, created);
    await vi.advanceTimersByTimeAsync(IDEMPOTENCY_WAIT_MS);
    await expect(answer).resolves.toEqual({
      status: 200,
      json: { _id: 'cb-first' },
      headers: { [REPLAYED_HEADER]: 'true' },
    });
    expect(calls).toEqual({ claim: 1, get: 4, takeOver: 0 });
  });

  it('gets a 409 with Retry-After within 5 s (inside the 10 s Lambda timeout), reads backing off', async () => {
    const { deps, calls } = heldStore();
    const answer = idempotentCreate(req, deps, 'callback#svc', work, created);
    const outcome = answer.then(
      () => 'answered',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await Promise.race([outcome, Promise.resolve('still waiting')]);
    expect(error).toBeInstanceOf(IdempotencyKeyInProgressError);
    expect((error as IdempotencyKeyInProgressError).retryAfterSeconds).toBe(1);
    expect(calls.claim).toBe(1);
    // 50, 100, 200, then 400 ms apart: about 15 reads in 5 s, not 100 claims.
    expect(calls.get).toBeGreaterThan(5);
    expect(calls.get).toBeLessThan(20);
  });
});
