import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../../functions/domain/errors.js';
import { queryCallbacks } from '../../../../functions/use-cases/callback/query-callbacks.js';
import { callbackRecord } from '../../../support/callback-fixture.js';
import { InMemoryCallbackStore } from '../../../support/in-memory-callback-store.js';
import { ManualClock } from '../../../support/manual-clock.js';

let clock: ManualClock;
let callbacks: InMemoryCallbackStore;
const everyService = () => Promise.resolve(true);

beforeEach(() => {
  clock = new ManualClock();
  callbacks = new InMemoryCallbackStore();
  const now = clock.now();
  const at = (id: string, service: string, desiredTime: number, over = {}) =>
    callbacks.records.set(
      id,
      callbackRecord({
        id,
        service,
        desiredTime,
        expiresAt: now + 3_600_000,
        customerNumber: '5115',
        ...over,
      }),
    );
  at('late', 'open', now + 2000);
  at('early', 'open', now + 1000, { state: 'QUEUED' });
  at('locked', 'private', now + 1500);
  at('gone', 'open', now + 500, { expiresAt: now - 1 });
});

describe('queryCallbacks', () => {
  it("answers a customer's visible callbacks by desired time, leaving out services the request may not see", async () => {
    const views = await queryCallbacks(
      { callbacks, clock },
      { _customer_number: '5115', mayShow: (s) => Promise.resolve(s !== 'private') },
    );
    expect(views.map((v) => v._id)).toEqual(['early', 'late']);
  });

  it('filters by state, negated with !', async () => {
    const ports = { callbacks, clock };
    const ids = async (state: string) =>
      (
        await queryCallbacks(ports, {
          _customer_number: '5115',
          _callback_state: state,
          mayShow: everyService,
        })
      ).map((v) => v._id);
    expect(await ids('queued')).toEqual(['early']);
    expect(await ids('!QUEUED')).toEqual(['locked', 'late']);
  });

  it('answers one callback by _id, and nothing for an expired one', async () => {
    const ports = { callbacks, clock };
    expect((await queryCallbacks(ports, { _id: 'late', mayShow: everyService })).map((v) => v._id)).toEqual([
      'late',
    ]);
    expect(await queryCallbacks(ports, { _id: 'gone', mayShow: everyService })).toEqual([]);
  });

  it('refuses a query with neither _id nor _customer_number, and an unknown state', async () => {
    const ports = { callbacks, clock };
    await expect(queryCallbacks(ports, { mayShow: everyService })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(
      queryCallbacks(ports, { _customer_number: '5115', _callback_state: 'WAITING', mayShow: everyService }),
    ).rejects.toThrow(/_callback_state/);
  });
});
