/** An access number of a resource group, its lock, and how numbers are handed out. */

/** One access number of a resource group, with its lock if any. */
export interface AccessNumberRecord {
  group: string;
  number: string;
  lock?: AccessLock;
}

export interface AccessLock {
  sessionId: string;
  accessCode?: string;
  phoneNumber?: string;
  lockedAt: number;
  expiresAt: number;
}

export type AllocationStrategy = 'random' | 'sequential' | 'local';
