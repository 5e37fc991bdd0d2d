import { api } from '../../api';
import { loadMonitor, type MonitorReport } from '../monitor/monitor-report';

/** A report answer (`admin/reports/...`): columns and rows, as the Reporting tab shows them. */
export interface ReportTable {
  title: string;
  subtitle: string;
  columns: { key: string; label: string; unit?: string }[];
  rows: Record<string, string | number | null>[];
}

export interface Agent {
  id: string;
  name: string;
  state: 'LOGGED_OUT' | 'NOT_READY' | 'READY' | 'RESERVED' | 'BUSY';
  since: string;
  groups: string[];
  handled: number;
}

export interface Watermarks {
  services: Record<string, number>;
  total: number;
}

/** Each source on its own: one failing (or forbidden) source leaves the others shown. */
export type Part<T> = { value: T; error?: undefined } | { value?: undefined; error: unknown };

export interface Statistics {
  monitor: Part<MonitorReport>;
  watermarks: Part<Watermarks>;
  availability: Part<ReportTable>;
  accesses: Part<ReportTable>;
  agents: Part<Agent[]>;
}

const part = async <T>(load: Promise<T>): Promise<Part<T>> => {
  try {
    return { value: await load };
  } catch (error) {
    return { error };
  }
};

export async function loadStatistics(): Promise<Statistics> {
  const [monitor, watermarks, availability, accesses, agents] = await Promise.all([
    part(loadMonitor()),
    part(api<Watermarks>('/admin/callback/watermarks')),
    part(api<ReportTable>('/admin/reports/operational/availability')),
    // Today (the reports' default range) rolled up into one period: one figure per service.
    part(api<ReportTable>('/admin/reports/services', { query: { interval: 'all' } })),
    part(api<Agent[]>('/agents')),
  ]);
  return { monitor, watermarks, availability, accesses, agents };
}
