import { CALLBACK_STATUS_KIND } from '../../adapters/status-notification-emitter.js';
import {
  activateCallback,
  type ActivateCallbackPorts,
} from '../../use-cases/scheduling/activate-callback.js';
import {
  EXPIRE_SHARD_KIND,
  expireShard,
  type ExpireCallbacksPorts,
} from '../../use-cases/scheduling/expire-callbacks.js';
import {
  expireCallbacks,
  recoverReservations,
  sweepWaitingQueue,
  type RecoverReservationsPorts,
} from '../../use-cases/routing/routing-tick.js';
import type { RouteCallbackPorts } from '../../use-cases/routing/route-callback.js';
import { recoverPendingPushes } from '../../use-cases/routing/agent-available-push.js';
import type { Ports } from '../../ports/index.js';
import { pushProcessors } from './push-processors.js';
import { routingProcessors, type RoutingProcessorPorts } from './routing-processors.js';
import {
  ROUTE_QUEUED_SHARD_KIND,
  routeQueuedCallbacks,
  routeQueuedShard,
  type RouteQueuedPorts,
} from '../../use-cases/routing/route-queued-callbacks.js';
import {
  sampleReportGauges,
  type SampleReportGaugesPorts,
} from '../../use-cases/reports/sample-report-gauges.js';
import {
  SCHEDULE_SHARD_KIND,
  scheduleDueCallbacks,
  scheduleShard,
  type ScheduleDuePorts,
} from '../../use-cases/scheduling/schedule-due-callbacks.js';
import {
  statusNotificationProcessors,
  type StatusNotificationPorts,
} from './status-notification-processors.js';
import { upgradeCallbackIndexes } from './upgrade-callback-indexes.js';
import type { TickJob, WorkProcessor } from './work-processor.js';

/** What the work-queue consumer's processors need, together: its composition provides these. */
export type WorkerPorts = ActivateCallbackPorts &
  ScheduleDuePorts &
  ExpireCallbacksPorts &
  RouteQueuedPorts &
  RoutingProcessorPorts &
  Pick<Ports, 'push'> &
  StatusNotificationPorts;

/** What the tick's jobs need, together (and the heartbeat it writes). */
export type TickPorts = ScheduleDuePorts &
  RouteCallbackPorts &
  RecoverReservationsPorts &
  SampleReportGaugesPorts &
  Pick<Ports, 'callbackIndexUpgrade' | 'ticks' | 'operationalMetrics'>;

/** Every work message kind and its processor. */
export const PROCESSORS: Record<string, WorkProcessor<WorkerPorts>> = {
  // `activate-callback`: a SCHEDULED callback whose desired time has come is QUEUED and routed.
  'activate-callback': (message, ports) => activateCallback(ports, message),
  [SCHEDULE_SHARD_KIND]: scheduleShard,
  [EXPIRE_SHARD_KIND]: (message, ports) => expireShard(ports, message),
  [ROUTE_QUEUED_SHARD_KIND]: (message, ports) => routeQueuedShard(ports, message),
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

/**
 * The built-in router's catch-up jobs, in order. Pending pushes first: posting one gives the
 * customer its confirm time again, before `recoverReservations` would time the reservation out.
 */
const routingTickJobs: TickJob<TickPorts>[] = [
  recoverPendingPushes,
  recoverReservations,
  expireCallbacks,
  sweepWaitingQueue,
];

/** What the one-minute tick runs, in order. */
export const TICK_JOBS: readonly { name: string; job: TickJob<TickPorts> }[] = [
  { name: 'schedule-due-callbacks', job: scheduleDueCallbacks },
  { name: 'route-queued-callbacks', job: routeQueuedCallbacks },
  ...routingTickJobs.map((job) => ({ name: job.name || 'routing', job })),
  // Last: after the sweep, the waiting queue holds exactly the QUEUED callbacks.
  { name: 'sample-report-gauges', job: sampleReportGauges },
  { name: 'upgrade-callback-indexes', job: upgradeCallbackIndexes },
];
