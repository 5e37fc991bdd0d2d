/** Whether the tables a function was given answer (health and the monitor). */

/** One table's answer to the health probe. */
export interface TableProbe {
  /** The table's id (`config`, `callbacks`...). */
  id: string;
  name: string;
  ok: boolean;
  /** Round trip of the probe read, in milliseconds (wall time, whatever clock the app uses). */
  latencyMs: number;
  /** The error's name when the read failed (e.g. `AccessDeniedException`, `ResourceNotFoundException`). */
  error?: string;
}

/** Whether each table this function was given answers a read (health and the monitor). */
export interface TableHealth {
  /** Probes now; with `maxAgeMs`, a probe this process made at most that long ago is answer enough. */
  probe(maxAgeMs?: number): Promise<TableProbe[]>;
}
