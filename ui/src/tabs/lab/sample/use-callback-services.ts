import { api } from '../../../api';
import { useLoad } from '../../../components/use-load';

export interface ConfiguredService {
  name: string;
  url?: string;
  options: Record<string, string>;
}

/**
 * The services configured on this server (the management API, with the signed-in user's token),
 * to suggest a service per scenario. Only for suggestions: the sample itself calls GMS
 * anonymously, possibly on another server.
 */
export function useCallbackServices() {
  return useLoad(() => api<ConfiguredService[]>('/admin/services'));
}
