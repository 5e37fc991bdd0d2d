import type { MediaType } from '../callback/callback-record.js';
import type { MinuteFigures } from '../../ports/metrics.js';
import { FIGURES, figureKind } from './metric-events.js';
import type { Period } from './report-range.js';

/** The minutes of one period, as recorded (minutes with no figures are absent). */
export interface PeriodFigures extends Period {
  minutes: Record<string, number>[];
}

/** Sorts each minute into its period (both lists in time order; minutes outside every period are dropped). */
export function rollUp(minutes: readonly MinuteFigures[], periods: readonly Period[]): PeriodFigures[] {
  const out: PeriodFigures[] = periods.map((p) => ({ ...p, minutes: [] }));
  let i = 0;
  for (const m of minutes) {
    while (i < out.length && m.minute >= out[i]!.end) i++;
    if (i === out.length) break;
    if (m.minute >= out[i]!.start) out[i]!.minutes.push(m.values);
  }
  return out;
}

/** A counter over the period. */
export function sumOf(p: PeriodFigures, figure: string): number {
  let total = 0;
  for (const m of p.minutes) total += m[figure] ?? 0;
  return total;
}

/** The largest per-minute value (of a maximum or a gauge), null when none was recorded. */
export function maxOf(p: PeriodFigures, figure: string): number | null {
  let max: number | null = null;
  for (const m of p.minutes) {
    const v = m[figure];
    if (v !== undefined && (max === null || v > max)) max = v;
  }
  return max;
}

export interface GaugeSummary {
  min: number;
  max: number;
  /** Mean of the per-minute samples, rounded to the nearest integer (the seed's 20/15 -> 1). */
  avg: number;
  samples: number;
}

/** MIN, MAX and AVG of a gauge sampled once a minute; undefined when no minute was sampled. */
export function gaugeOf(p: PeriodFigures, figure: string): GaugeSummary | undefined {
  const values = p.minutes.map((m) => m[figure]).filter((v): v is number => v !== undefined);
  if (values.length === 0) return undefined;
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    avg: Math.round(sum / values.length),
    samples: values.length,
  };
}

/**
 * Several series together, minute by minute: counters and gauges add up (every callback service's
 * QUEUED samples make the total queued), maxima keep the largest.
 */
export function mergeSeries(series: readonly MinuteFigures[][]): MinuteFigures[] {
  const byMinute = new Map<number, Record<string, number>>();
  for (const list of series) {
    for (const { minute, values } of list) {
      const into = byMinute.get(minute) ?? {};
      for (const [k, v] of Object.entries(values)) {
        const had = into[k];
        into[k] = had === undefined ? v : figureKind(k) === 'maximum' ? Math.max(had, v) : had + v;
      }
      byMinute.set(minute, into);
    }
  }
  return [...byMinute.entries()].sort(([a], [b]) => a - b).map(([minute, values]) => ({ minute, values }));
}

/** The hold and handle figures of one media type in a callback series, under their plain names (`holds`). */
export function mediaFiguresOf(series: readonly MinuteFigures[], media: MediaType): MinuteFigures[] {
  const prefix = FIGURES.media(media, '');
  const out: MinuteFigures[] = [];
  for (const { minute, values } of series) {
    const picked: Record<string, number> = {};
    for (const [k, v] of Object.entries(values)) if (k.startsWith(prefix)) picked[k.slice(prefix.length)] = v;
    if (Object.keys(picked).length > 0) out.push({ minute, values: picked });
  }
  return out;
}
