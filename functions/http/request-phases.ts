/**
 * Where an HTTP request's time goes inside its area handler, phase by phase, for the bench
 * (`npm run bench -- requestInteraction` prints the breakdown). Off unless an observer is set: the
 * handler then asks for no clock at all, so a deployed function pays one undefined check.
 */
export const REQUEST_PHASES = ['routing', 'auth', 'parsing', 'validation', 'operation', 'response'] as const;

export type RequestPhase = (typeof REQUEST_PHASES)[number];

/** Milliseconds per phase of one request, and when its handler began (`performance.now()`). */
export interface RequestPhaseTimes {
  startedAt: number;
  ms: Record<RequestPhase, number>;
}

export type RequestPhaseObserver = (times: RequestPhaseTimes) => void;

let observer: RequestPhaseObserver | undefined;

/** Sets (or, with undefined, removes) the process's observer of request phases. */
export function observeRequestPhases(next: RequestPhaseObserver | undefined): void {
  observer = next;
}

/** Times consecutive phases: each `lap` charges the time since the previous one to its phase. */
export class PhaseTimer {
  private last: number;
  private readonly times: RequestPhaseTimes;

  constructor(private readonly report: RequestPhaseObserver) {
    this.last = performance.now();
    this.times = {
      startedAt: this.last,
      ms: { routing: 0, auth: 0, parsing: 0, validation: 0, operation: 0, response: 0 },
    };
  }

  lap(phase: RequestPhase): void {
    const now = performance.now();
    this.times.ms[phase] += now - this.last;
    this.last = now;
  }

  done(): void {
    this.report(this.times);
  }
}

/** A timer for this request when something observes phases, else undefined. */
export function phaseTimer(): PhaseTimer | undefined {
  return observer ? new PhaseTimer(observer) : undefined;
}
