import type { ServiceSession } from '../domain/service-session.js';

/** Service sessions. */

export interface SessionStore {
  put(session: ServiceSession): Promise<void>;
  get(id: string, now: number): Promise<ServiceSession | undefined>;
  /** Records the access number now held by the session. */
  attachAccess(
    id: string,
    access: { accessNumber: string; accessCode?: string; resourceGroup: string; phoneNumber?: string },
  ): Promise<void>;
}
