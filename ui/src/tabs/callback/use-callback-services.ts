import { api } from '../../api';
import { useAuth } from '../../auth';
import { useLoad } from '../../components/use-load';

interface ServiceView {
  name: string;
  options: Record<string, string>;
}

/**
 * The configured callback services (`_service=callback`), sorted. Only administrators may list
 * `admin/services`; supervisors and read-only users get the same names from the callback
 * watermarks, which count every callback service.
 */
export function useCallbackServices() {
  const { has } = useAuth();
  const admin = has('Administrator');
  return useLoad(async () => {
    if (admin) {
      const all = await api<ServiceView[]>('/admin/services');
      return all
        .filter((s) => s.options._service === 'callback')
        .map((s) => s.name)
        .sort();
    }
    const marks = await api<{ services: Record<string, number> }>('/admin/callback/watermarks');
    return Object.keys(marks.services).sort();
  }, [admin]);
}
