import {
  readStatusNotificationConfig,
  type StatusEvent,
  type StatusNotificationSettings,
  type StatusSnapshot,
} from '../domain/callback/status-events.js';
import { logger } from '../observability.js';
import type { ConfigStore } from '../ports/config.js';
import type { WorkMessage, WorkQueue } from '../ports/work-queue.js';
import type { RuntimeConfig } from '../runtime-config.js';

export const CALLBACK_STATUS_KIND = 'callback-status';

/** What a `callback-status` work message carries; a retry re-sends what is left of it. */
export interface CallbackStatusData {
  /** Events still to deliver, in order. */
  events: StatusEvent[];
  snapshot: StatusSnapshot;
  target: string;
  /** Attempts per event before it is given up (`_status_notification_attempts`). */
  attempts: number;
  /** The attempt this message makes for `events[0]` (the first is 1). */
  attempt: number;
}

export function statusMessage(data: CallbackStatusData): WorkMessage {
  return {
    kind: CALLBACK_STATUS_KIND,
    id: data.snapshot.id,
    version: data.snapshot.version,
    data: data as unknown as Record<string, unknown>,
  };
}

/** The ports the emitter uses; read through a getter so overrides given to `createDeps` apply. */
export interface StatusNotificationPorts {
  config: ConfigStore;
  queue: WorkQueue;
  runtime: Pick<RuntimeConfig, 'mode'>;
}

export interface StatusChange {
  events: StatusEvent[];
  snapshot: StatusSnapshot;
}

/**
 * Turns stored callback changes into ONE `callback-status` work message each, for services that
 * asked for status notifications. It runs after the write and never fails it: the change is
 * made; a notification that cannot be queued is logged as lost.
 */
export class StatusNotificationEmitter {
  constructor(private readonly ports: () => StatusNotificationPorts) {}

  /** The service's settings, or undefined when it sends no notifications (misconfiguration is logged). */
  async settingsFor(service: string): Promise<StatusNotificationSettings | undefined> {
    const p = this.ports();
    // The config store caches services for a few seconds: this is not a table read per write.
    const entry = await p.config.get('service', service);
    if (!entry) return undefined;
    const config = readStatusNotificationConfig(entry.options, p.runtime.mode === 'local');
    if (!config.enabled) return undefined;
    if ('problem' in config) {
      logger.warn('Callback status notifications not sent: the service options are not usable', {
        serviceName: service,
        parameter: config.parameter,
        problem: config.problem,
      });
      return undefined;
    }
    return config.settings;
  }

  /**
   * Reports one stored change of a callback of `service`. `describe` (which may read) runs only
   * when the service has notifications on.
   */
  async report(
    service: string,
    callbackId: string,
    describe: () => Promise<StatusChange | undefined> | StatusChange | undefined,
  ): Promise<void> {
    let change: StatusChange | undefined;
    try {
      const settings = await this.settingsFor(service);
      if (!settings) return;
      change = await describe();
      if (!change || change.events.length === 0) return;
      await this.ports().queue.send(
        statusMessage({
          events: change.events,
          snapshot: change.snapshot,
          target: settings.target,
          attempts: settings.attempts,
          attempt: 1,
        }),
      );
    } catch (e) {
      logger.error('Callback status notification lost', {
        callbackId,
        serviceName: service,
        events: change?.events,
        version: change?.snapshot.version,
        error: e as Error,
      });
    }
  }
}
