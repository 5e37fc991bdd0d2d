import { performance } from 'node:perf_hooks';

export interface StepResult {
  name: string;
  outcome: 'PASS' | 'FAIL' | 'SKIP';
  ms: number;
  detail?: string;
}

/**
 * Runs named steps one after another, one progress line each (`PASS name (12 ms)`, `FAIL name
 * (40 ms): why`), and the clean-ups registered on the way, last first, whatever happened before.
 */
export class StepRunner {
  readonly results: StepResult[] = [];
  private readonly cleanups: { name: string; run: () => Promise<void> }[] = [];

  constructor(private readonly print: (line: string) => void) {}

  /** Runs the step; false (and a FAIL line) when it throws. */
  async step(name: string, run: () => Promise<string | void>): Promise<boolean> {
    const started = performance.now();
    try {
      const detail = await run();
      this.record({ name, outcome: 'PASS', ms: performance.now() - started, ...(detail ? { detail } : {}) });
      return true;
    } catch (e) {
      this.record({ name, outcome: 'FAIL', ms: performance.now() - started, detail: (e as Error).message });
      return false;
    }
  }

  /** A step that cannot run because one it needs failed: counted as not passed. */
  skip(name: string, why: string): void {
    this.record({ name, outcome: 'SKIP', ms: 0, detail: why });
  }

  /** Something to undo at the end; `name` says what (`delete service x`). */
  onCleanup(name: string, run: () => Promise<void>): void {
    this.cleanups.push({ name, run });
  }

  /** Forgets a clean-up a step already did itself. */
  cleaned(name: string): void {
    const i = this.cleanups.findIndex((c) => c.name === name);
    if (i >= 0) this.cleanups.splice(i, 1);
  }

  async cleanUp(): Promise<void> {
    while (this.cleanups.length > 0) {
      const c = this.cleanups.pop()!;
      await this.step(`clean-up: ${c.name}`, c.run);
    }
  }

  get passed(): boolean {
    return this.results.every((r) => r.outcome === 'PASS');
  }

  private record(result: StepResult): void {
    this.results.push(result);
    const ms = result.outcome === 'SKIP' ? '' : ` (${Math.round(result.ms)} ms)`;
    this.print(`${result.outcome} ${result.name}${ms}${result.detail ? `: ${result.detail}` : ''}`);
  }
}
