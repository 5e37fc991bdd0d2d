import type { TickJob } from './work-processor.js';

/** Longer than the tick interval, so a tick that runs late still covers the gap. */
export const LOOKAHEAD_MS = 70_000;

/**
 * Sends an activation for every SCHEDULED callback due before the next tick, delayed to its
 * desired time. Overdue ones (a missed tick, a restart) go at once. Sending twice is harmless.
 */
export const scheduleDueCallbacks: TickJob = async (deps) => {
  const now = deps.clock.now();
  const due = await deps.callbacks.listDue(now + LOOKAHEAD_MS, 5_000);
  for (const d of due) {
    await deps.queue.send({ kind: 'activate-callback', id: d.id }, Math.max(0, d.dueAt - now));
  }
};
