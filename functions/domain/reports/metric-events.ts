import type { CallbackReason, CallbackState, MediaType } from '../callback/callback-record.js';

/**
 * What the running system records for reports, as it happens. Each event becomes atomic
 * increments (or maxima) of per-minute figures of one or more series; see `metricWrites`.
 */
export type MetricEvent =
  | {
      kind: 'service-accessed';
      service: string;
      at: number;
      /**
       * The callback the access created: counted in that callback's series write of the same
       * minute (one item, one update with its created count) instead of the service's series.
       * The services report adds both series up.
       */
      callbackId?: string;
    }
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
      /** The callback: its writes all land on one shard of its service's series. */
      id: string;
      service: string;
      mediaType: MediaType;
      state: CallbackState;
      reason?: CallbackReason;
      at: number;
      /** Entering PROCESSING: how long the customer waited since first QUEUED. */
      holdMs?: number;
    }
  | {
      kind: 'agent-handled';
      /** The callback the agent handled. */
      id: string;
      service: string;
      mediaType: MediaType;
      seconds: number;
      at: number;
    };

/** Per-minute figures of one series: counters are added, maxima only ever raised, gauges set. */
export interface MetricWrite {
  series: string;
  /** Start of the minute (epoch ms). */
  minute: number;
  /**
   * What the write is about (a callback id): the store spreads a series over shards by it, so one
   * subject's writes share an item. Without one the store picks a shard itself.
   */
  subject?: string;
  add?: Record<string, number>;
  max?: Record<string, number>;
  set?: Record<string, number>;
}

/**
 * `writes` with one subject per series and minute (the first one's), so the store makes one update
 * of each series' minute instead of one per subject. Reads add every shard up: the shard a count
 * lands on changes only the key's heat, and a batch goes to the shard of whichever subject came
 * first, so batches still spread over the shards.
 */
export function oneSubjectPerMinute(writes: readonly MetricWrite[]): MetricWrite[] {
  const first = new Map<string, string>();
  return writes.map((w) => {
    if (w.subject === undefined) return w;
    const key = `${w.series}\n${w.minute}`;
    const subject = first.get(key);
    if (subject === undefined) {
      first.set(key, w.subject);
      return w;
    }
    return subject === w.subject ? w : { ...w, subject };
  });
}

export const MINUTE_MS = 60_000;
export const minuteOf = (at: number) => Math.floor(at / MINUTE_MS) * MINUTE_MS;

/** Series names: one per service, resource group (pool) and callback service. */
export const SERIES = {
  service: (name: string) => `service#${name}`,
  pool: (group: string) => `pool#${group}`,
  /** A callback service's states and reasons, and its hold and handle times per media type. */
  callback: (service: string) => `callback#${service}`,
  /**
   * Hold and handle times of every service together, as recorded before they moved into each
   * callback series (a key every callback of every service wrote). Read only, until its items expire.
   */
  legacyMedia: (media: MediaType) => `media#${media}`,
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
  /** A hold or handle figure of one media type within a callback series (`voice.holds`). */
  media: (media: MediaType, figure: string) => `${media}.${figure}`,
} as const;

export type FigureKind = 'counter' | 'maximum' | 'gauge';

const MAXIMA: ReadonlySet<string> = new Set([FIGURES.holdMax]);
const GAUGES: ReadonlySet<string> = new Set([FIGURES.total, FIGURES.inUse, FIGURES.queued]);

/**
 * How figures of one minute combine when read from several items (shards, series, the old hourly
 * shape): counters add up, maxima keep the largest, a gauge is one sample.
 */
export function figureKind(figure: string): FigureKind {
  const base = figure.slice(figure.indexOf('.') + 1);
  if (MAXIMA.has(figure) || MAXIMA.has(base)) return 'maximum';
  if (GAUGES.has(figure)) return 'gauge';
  return 'counter';
}

/** Combines two values of one figure in one minute by its kind (a gauge keeps `b`, the later read). */
export function combineFigure(figure: string, a: number | undefined, b: number): number {
  if (a === undefined) return b;
  switch (figureKind(figure)) {
    case 'counter':
      return a + b;
    case 'maximum':
      return Math.max(a, b);
    case 'gauge':
      return b;
  }
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

export function metricWrites(event: MetricEvent): MetricWrite[] {
  const minute = minuteOf(event.at);
  switch (event.kind) {
    case 'service-accessed':
      return event.callbackId === undefined
        ? [{ series: SERIES.service(event.service), minute, add: { [FIGURES.accesses]: 1 } }]
        : [
            {
              series: SERIES.callback(event.service),
              minute,
              subject: event.callbackId,
              add: { [FIGURES.accesses]: 1 },
            },
          ];
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
      // The hold time rides on the same write as the state: one item, one update.
      const add: Record<string, number> = { [FIGURES.entered(event.state)]: 1 };
      if (event.state === 'COMPLETED' && event.reason) add[FIGURES.reason(event.reason)] = 1;
      const write: MetricWrite = { series: SERIES.callback(event.service), minute, subject: event.id, add };
      if (event.holdMs !== undefined) {
        const hold = seconds(event.holdMs);
        add[FIGURES.media(event.mediaType, FIGURES.holds)] = 1;
        add[FIGURES.media(event.mediaType, FIGURES.holdSeconds)] = hold;
        write.max = { [FIGURES.media(event.mediaType, FIGURES.holdMax)]: hold };
      }
      return [write];
    }
    case 'agent-handled':
      return [
        {
          series: SERIES.callback(event.service),
          minute,
          subject: event.id,
          add: {
            [FIGURES.media(event.mediaType, FIGURES.handled)]: 1,
            [FIGURES.media(event.mediaType, FIGURES.handleSeconds)]: Math.max(0, Math.round(event.seconds)),
          },
        },
      ];
  }
}
