import type { CallbackReason, CallbackState, MediaType } from '../callback/callback-record.js';

/**
 * What the running system records for reports, as it happens. Each event becomes atomic
 * increments (or maxima) of per-minute figures of one or more series; see `metricWrites`.
 */
export type MetricEvent =
  | { kind: 'service-accessed'; service: string; at: number }
  | { kind: 'access-allocated'; group: string; at: number }
  | { kind: 'access-exhausted'; group: string; at: number }
  /** An access number left its session: the call matched it, its lock timed out, or the session was cancelled. */
  | {
      kind: 'access-exited';
      group: string;
      at: number;
      exit: 'match' | 'timeout' | 'cancel';
      /** From lock to match; only for `match` (the seed's AHT leaves timeouts out). */
      heldMs?: number;
    }
  /** A callback entered `state` (created in it, or moved to it). */
  | {
      kind: 'callback-entered';
      service: string;
      mediaType: MediaType;
      state: CallbackState;
      reason?: CallbackReason;
      at: number;
      /** Entering PROCESSING: how long the customer waited since first QUEUED. */
      holdMs?: number;
    }
  | { kind: 'agent-handled'; service: string; mediaType: MediaType; seconds: number; at: number };

/** Per-minute figures of one series: counters are added, maxima only ever raised, gauges set. */
export interface MetricWrite {
  series: string;
  /** Start of the minute (epoch ms). */
  minute: number;
  add?: Record<string, number>;
  max?: Record<string, number>;
  set?: Record<string, number>;
}

export const MINUTE_MS = 60_000;
export const minuteOf = (at: number) => Math.floor(at / MINUTE_MS) * MINUTE_MS;

/** Series names: one per service, resource group (pool), callback service and media type. */
export const SERIES = {
  service: (name: string) => `service#${name}`,
  pool: (group: string) => `pool#${group}`,
  callback: (service: string) => `callback#${service}`,
  media: (media: MediaType) => `media#${media}`,
} as const;

/** Figure names within a series. */
export const FIGURES = {
  accesses: 'accesses',
  allocated: 'allocated',
  exhausted: 'exhausted',
  matched: 'matched',
  timeouts: 'timeouts',
  cancelled: 'cancelled',
  /** Sum of the seconds from lock to match; with `matched`, the average handle time. */
  heldSeconds: 'heldSeconds',
  /** Gauges sampled by the tick. */
  total: 'total',
  inUse: 'inUse',
  queued: 'queued',
  entered: (state: CallbackState) => `entered.${state}`,
  reason: (reason: string) => `reason.${reason}`,
  holds: 'holds',
  holdSeconds: 'holdSeconds',
  holdMax: 'holdMax',
  handled: 'handled',
  handleSeconds: 'handleSeconds',
} as const;

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

export function metricWrites(event: MetricEvent): MetricWrite[] {
  const minute = minuteOf(event.at);
  switch (event.kind) {
    case 'service-accessed':
      return [{ series: SERIES.service(event.service), minute, add: { [FIGURES.accesses]: 1 } }];
    case 'access-allocated':
      return [{ series: SERIES.pool(event.group), minute, add: { [FIGURES.allocated]: 1 } }];
    case 'access-exhausted':
      return [{ series: SERIES.pool(event.group), minute, add: { [FIGURES.exhausted]: 1 } }];
    case 'access-exited': {
      const add: Record<string, number> =
        event.exit === 'match'
          ? { [FIGURES.matched]: 1, [FIGURES.heldSeconds]: seconds(event.heldMs ?? 0) }
          : { [event.exit === 'timeout' ? FIGURES.timeouts : FIGURES.cancelled]: 1 };
      return [{ series: SERIES.pool(event.group), minute, add }];
    }
    case 'callback-entered': {
      const add: Record<string, number> = { [FIGURES.entered(event.state)]: 1 };
      if (event.state === 'COMPLETED' && event.reason) add[FIGURES.reason(event.reason)] = 1;
      const writes: MetricWrite[] = [{ series: SERIES.callback(event.service), minute, add }];
      if (event.holdMs !== undefined) {
        const hold = seconds(event.holdMs);
        writes.push({
          series: SERIES.media(event.mediaType),
          minute,
          add: { [FIGURES.holds]: 1, [FIGURES.holdSeconds]: hold },
          max: { [FIGURES.holdMax]: hold },
        });
      }
      return writes;
    }
    case 'agent-handled':
      return [
        {
          series: SERIES.media(event.mediaType),
          minute,
          add: { [FIGURES.handled]: 1, [FIGURES.handleSeconds]: Math.max(0, Math.round(event.seconds)) },
        },
      ];
  }
}
