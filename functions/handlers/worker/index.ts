import { activationProcessors } from './activation-processors.js';
import { EXPIRE_SHARD_KIND, expireShard } from './expire-callbacks-shard.js';
import { pushProcessors } from './push-processors.js';
import { routingProcessors } from './routing-processors.js';
import { routingTickJobs } from './routing-tick.js';
import { routeQueuedCallbacks } from './route-queued-callbacks.js';
import { sampleReportGauges } from './sample-report-gauges.js';
import { SCHEDULE_SHARD_KIND, scheduleDueCallbacks, scheduleShard } from './schedule-due-callbacks.js';
import { statusNotificationProcessors } from './status-notification-processors.js';
import { upgradeCallbackIndexes } from './upgrade-callback-indexes.js';
import type { TickJob, WorkProcessor } from './work-processor.js';
import { CALLBACK_STATUS_KIND } from '../../adapters/status-notification-emitter.js';

/** Every work message kind and its processor. */
export const PROCESSORS: Record<string, WorkProcessor> = {
  ...activationProcessors,
  [SCHEDULE_SHARD_KIND]: scheduleShard,
  [EXPIRE_SHARD_KIND]: expireShard,
  ...routingProcessors,
  ...pushProcessors,
  ...statusNotificationProcessors,
};

/** Kinds whose message `id` is a callback id: their traces are annotated with it. */
export const CALLBACK_ID_KINDS: ReadonlySet<string> = new Set([
  'activate-callback',
  'route-callback',
  'dial-result',
  'dial-retry',
  'callback-confirmed',
  'callback-call-arrived',
  'callback-ended',
  CALLBACK_STATUS_KIND,
]);

/** What the one-minute tick runs, in order. */
export const TICK_JOBS: readonly { name: string; job: TickJob }[] = [
  { name: 'schedule-due-callbacks', job: scheduleDueCallbacks },
  { name: 'route-queued-callbacks', job: routeQueuedCallbacks },
  ...routingTickJobs.map((job) => ({ name: job.name || 'routing', job })),
  // Last: after the sweep, the waiting queue holds exactly the QUEUED callbacks.
  { name: 'sample-report-gauges', job: sampleReportGauges },
  { name: 'upgrade-callback-indexes', job: upgradeCallbackIndexes },
];
