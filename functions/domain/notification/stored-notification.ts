/** A notification kept for poll-mode retrieval. */

/** Whom a notification waits for: the app (`retrieve-notifications`) or the agent side (`retrieve-agent-notifications`). */
export type NotificationAudience = 'app' | 'agent';

export interface StoredNotification {
  id: string;
  tag: string;
  message: unknown;
  createdAt: number;
}
