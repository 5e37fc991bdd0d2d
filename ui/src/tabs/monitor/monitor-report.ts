import { api } from '../../api';

/** `up` green, `warn` amber, `down` red: the answer of `GET admin/monitor` for each part. */
export type Health = 'up' | 'warn' | 'down';

export interface MonitorReport {
  region: string;
  mode: 'local' | 'aws';
  checkedAt: string;
  api: { status: Health };
  tables: { id: string; name: string; status: Health; latencyMs: number; error?: string }[];
  queue: {
    status: Health;
    depth?: number;
    inFlight?: number;
    delayed?: number;
    deadLetters?: number;
    error?: string;
  };
  scheduler: {
    status: Health;
    lastTickAt: string | null;
    lagSeconds: number | null;
    failedJobs: number;
    error?: string;
  };
  websocket: { status: Health; connections?: number; capped?: boolean; url?: string; error?: string };
  node: 'ONLINE' | 'OFFLINE';
}

export const loadMonitor = () => api<MonitorReport>('/admin/monitor');

export const HEALTH_TEXT: Record<Health, string> = { up: 'Up', warn: 'Needs attention', down: 'Down' };

/** "3 min 5 s" rather than "185 s": lag is read at a glance. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${seconds % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const timeOf = (iso: string | number) => new Date(iso).toLocaleTimeString();
