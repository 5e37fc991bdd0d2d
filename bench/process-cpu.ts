/**
 * CPU time of the bench process and of the processes it started (DynamoDB Local's JVM), for a
 * figure's "where the cores went": both run on the same cores, so a throughput ratio follows the
 * CPU each side spends per operation. Read from /proc (Linux); elsewhere the children count 0.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state, ppid, ... utime is field 14 and stime 15 of the whole line.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function descendants(of: number): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const children = new Map<string, string[]>();
  for (const pid of pids) {
    const parent = statFields(pid)?.[1];
    if (parent) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const out: string[] = [];
  const visit = (pid: string) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      visit(c);
    }
  };
  visit(String(of));
  return out;
}

export interface CpuSample {
  /** This process, user + system, ms. */
  own: number;
  /** Its descendants (DynamoDB Local), user + system, ms. */
  children: number;
}

export interface ProcessCpu {
  sample(): CpuSample;
}

/** The descendants are looked up once: call after the local runtime started DynamoDB Local. */
export function processCpu(): ProcessCpu {
  const pids = descendants(process.pid);
  return {
    sample() {
      const own = process.cpuUsage();
      let ticks = 0;
      for (const pid of pids) {
        const f = statFields(pid);
        if (f) ticks += Number(f[11]) + Number(f[12]);
      }
      return { own: (own.user + own.system) / 1000, children: (ticks * 1000) / TICKS_PER_SECOND };
    },
  };
}

/** CPU ms spent per operation between two samples. */
export const cpuPer = (from: CpuSample, to: CpuSample, operations: number): CpuSample => ({
  own: (to.own - from.own) / operations,
  children: (to.children - from.children) / operations,
});
