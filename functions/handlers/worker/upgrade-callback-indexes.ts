import { logger } from '../../observability.js';
import type { Ports } from '../../ports/index.js';
import type { TickJob } from './work-processor.js';

/**
 * Items scanned per tick while callbacks from before `byServiceShard` get its key: well inside the
 * tick's time, so a large table is upgraded over several minutes. Once done, one read per tick.
 */
export const BACKFILL_ITEMS_PER_TICK = 10_000;

export const upgradeCallbackIndexes: TickJob<Pick<Ports, 'callbackIndexUpgrade'>> = async (deps) => {
  const { done, upgraded } = await deps.callbackIndexUpgrade.step(BACKFILL_ITEMS_PER_TICK);
  if (upgraded > 0 || !done) logger.info('Callback index backfill', { upgraded, done });
};
