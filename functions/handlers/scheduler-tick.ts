import { lambdaHandler } from '../lambda-handler.js';
import { logger } from '../observability.js';
import { entryPorts } from '../process-ports.js';
import { composeTick } from '../composition/tick.js';
import { TICK_JOBS, type TickPorts } from './worker/index.js';

/**
 * The one-minute tick (EventBridge Scheduler in AWS, a timer locally). Each job runs even if an
 * earlier one failed; any failure fails the invocation so the scheduler's retry policy applies.
 */
const portsOf = entryPorts<TickPorts>(composeTick);

const raw = async (): Promise<{ ran: string[]; failed: string[] }> => {
  const d = portsOf();
  const ran: string[] = [];
  const failed: string[] = [];
  for (const { name, job } of TICK_JOBS) {
    try {
      await job(d);
      ran.push(name);
    } catch (e) {
      logger.error('Tick job failed', { job: name, error: e as Error });
      failed.push(name);
    }
  }
  try {
    // The monitor's heartbeat: one write per tick, failing jobs included (they show as degraded).
    await d.ticks.record({ at: d.clock.now(), failedJobs: failed.length });
  } catch (e) {
    logger.warn('Could not record the tick run', { error: e as Error });
  }
  if (failed.length > 0) throw new Error(`Tick jobs failed: ${failed.join(', ')}`);
  // The heartbeat the TickHeartbeat alarm watches: only a tick whose every job ran counts.
  d.operationalMetrics.count('TickCompleted', {});
  return { ran, failed };
};

export const handler = lambdaHandler(raw);
