import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * DynamoDB calls the local runtime's minute tick keeps in flight at most. In AWS the tick is a
 * Lambda of its own against a service that scales: its few hundred sweep reads a minute slow no
 * request. Locally they go to the one DynamoDB Local on the same cores as every request, and a
 * request that met them waited tens of milliseconds per call (an agent READY's push: 60-100 ms
 * instead of 15). Two at a time, the tick's reads take a few hundred milliseconds longer, within
 * its minute, and a request meets at most two of them (docs/ARCHITECTURE.md, Local).
 */
export const LOCAL_TICK_CALLS_IN_FLIGHT = 2;

const background = new AsyncLocalStorage<Slots>();

/** A counting semaphore: `acquire` resolves when fewer than `size` holders hold a slot. */
class Slots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}

/**
 * `handler` as background work: the DynamoDB calls it makes (and whatever it leaves running) hold
 * one of `inFlight` slots each, on the clients `limitBackgroundCalls` was given. What it hands to
 * the work queue is not background: the queue delivers in its own context (`LocalWorkQueue`).
 */
export function asBackground<A extends unknown[], R>(
  handler: (...args: A) => R,
  inFlight = LOCAL_TICK_CALLS_IN_FLIGHT,
): (...args: A) => R {
  const slots = new Slots(inFlight);
  return (...args: A) => background.run(slots, () => handler(...args));
}

/** Makes `doc`'s calls made as background work (`asBackground`) wait for a slot. */
export function limitBackgroundCalls(doc: DynamoDBDocumentClient): void {
  doc.middlewareStack.add(
    (next) => async (args) => {
      const slots = background.getStore();
      if (!slots) return next(args);
      await slots.acquire();
      try {
        return await next(args);
      } finally {
        slots.release();
      }
    },
    { step: 'initialize', name: 'gmsLocalBackgroundCalls', priority: 'high' },
  );
}
