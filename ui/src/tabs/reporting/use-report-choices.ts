import type { ReportTable } from '../../../../functions/domain/reports/report-table';
import { api } from '../../api';
import { useLoad } from '../../components/use-load';

/**
 * What a report can be about, read from routes every report viewer may call (supervisors cannot
 * list `admin/services` or `admin/resources`): the live availability report names every pool,
 * the services report every service it counts (built-ins included), the watermarks every
 * callback service.
 */
export function useResourceGroups() {
  return useLoad(async () => {
    const t = await api<ReportTable>('/admin/reports/operational/availability');
    return t.rows.map((r) => String(r.pool));
  });
}

export function useReportedServices() {
  return useLoad(async () => {
    const t = await api<ReportTable>('/admin/reports/services', {
      query: { range: 'today', interval: 'all' },
    });
    return t.columns.filter((c) => c.key !== 'period' && c.key !== 'total').map((c) => c.label);
  });
}

export function useCallbackServiceNames() {
  return useLoad(async () => {
    const marks = await api<{ services: Record<string, number> }>('/admin/callback/watermarks');
    return Object.keys(marks.services).sort();
  });
}
