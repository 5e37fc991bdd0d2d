import type { Clock } from '../../functions/ports/clock-and-ids.js';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-11-23T12:00:00Z')) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}
