import { GmsError, NotFoundError } from '../../domain/errors.js';
import { cancelCallback } from '../callback/cancel-callback.js';
import type { Ports } from '../../ports/index.js';

export type CancelCallbacksPorts = Pick<
  Ports,
  'callbacks' | 'callbackEvents' | 'clock' | 'queue' | 'sessions' | 'config' | 'accessNumbers' | 'metrics'
>;

export type AdminCancelReason = 'CANCELLED_BY_ADMIN' | 'CANCELLED';

export interface CancelResult {
  id: string;
  result: 'CANCELLED' | 'NOT_FOUND' | 'REFUSED';
  message?: string;
}

/**
 * Each id is cancelled on its own; one that cannot be (unknown, PROCESSING, already COMPLETED)
 * is reported and does not stop the others.
 */
export async function cancelCallbacks(
  ports: CancelCallbacksPorts,
  ids: readonly string[],
  reason: AdminCancelReason,
): Promise<CancelResult[]> {
  const results: CancelResult[] = [];
  for (const id of [...new Set(ids)]) {
    const record = await ports.callbacks.get(id);
    if (!record || record.expiresAt <= ports.clock.now()) {
      results.push({ id, result: 'NOT_FOUND', message: `No callback '${id}'.` });
      continue;
    }
    try {
      await cancelCallback(ports, record, reason);
      results.push({ id, result: 'CANCELLED' });
    } catch (e) {
      if (!(e instanceof GmsError)) throw e;
      results.push({ id, result: e instanceof NotFoundError ? 'NOT_FOUND' : 'REFUSED', message: e.message });
    }
  }
  return results;
}
