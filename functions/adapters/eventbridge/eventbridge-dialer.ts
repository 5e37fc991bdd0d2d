import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DialRequest, Dialer } from '../../ports.js';

export const DIAL_EVENT_SOURCE = 'gms.callback';
export const DIAL_EVENT_DETAIL_TYPE = 'DialRequested';

/**
 * In AWS the dialer is a telephony integration outside this product. Each dial attempt is
 * published as an EventBridge event (`source: gms.callback`, `detail-type: DialRequested`,
 * detail = `DialRequest`) on `busName` (the account's `default` bus unless configured). The
 * integration rules on it, places the call, and reports the outcome by sending the work message
 * `{"kind":"dial-result","id":"<callbackId>","data":{"outcome":"answered|busy|no-answer",
 * "attempt":<attempt>,"agentId":"<agentId>"}}` to the work queue (SQS).
 */
export class EventBridgeDialer implements Dialer {
  private client?: EventBridgeClient;

  constructor(
    private readonly region: string,
    private readonly busName = 'default',
  ) {}

  async dial(request: DialRequest): Promise<void> {
    // Created on first use: functions that never dial never load credentials for it.
    this.client ??= new EventBridgeClient({ region: this.region, maxAttempts: 5 });
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: DIAL_EVENT_SOURCE,
            DetailType: DIAL_EVENT_DETAIL_TYPE,
            Detail: JSON.stringify(request),
          },
        ],
      }),
    );
    if (out.FailedEntryCount) {
      const entry = out.Entries?.[0];
      throw new Error(
        `DialRequested event refused: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`,
      );
    }
  }
}
