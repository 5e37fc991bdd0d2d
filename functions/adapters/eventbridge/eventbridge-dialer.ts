import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DialRequest, Dialer } from '../../ports/dialer.js';
import type { PortAwsCalls } from '../aws-calls/aws-call.js';
import { instrumentSdkClient } from '../aws-calls/instrumented-client.js';
import { onFirstUse } from '../../domain/on-first-use.js';
import { eventBridgeCallDescriber } from '../aws-calls/service-call-describers.js';

export const DIAL_EVENT_SOURCE = 'gms.callback';
export const DIAL_EVENT_DETAIL_TYPE = 'DialRequested';
/** The account's default bus, unless the stack names another. */
export const DEFAULT_DIAL_EVENT_BUS = 'default';

/** What a dial asks of AWS (the local dialer simulator is recorded as it): one event on `busName`. */
export function dialerAwsCalls(busName: string): PortAwsCalls<Dialer> {
  return {
    dial: [
      {
        action: 'events:PutEvents',
        resource: { kind: 'event-bus', name: busName },
        context: { 'events:source': [DIAL_EVENT_SOURCE], 'events:detail-type': [DIAL_EVENT_DETAIL_TYPE] },
      },
    ],
  };
}

/**
 * In AWS the dialer is a telephony integration outside this product. Each dial attempt is
 * published as an EventBridge event (`source: gms.callback`, `detail-type: DialRequested`,
 * detail = `DialRequest` plus the stack's `stage`) on `busName` (the account's `default` bus unless configured). The
 * integration rules on it, places the call, and reports the outcome by sending the work message
 * `{"kind":"dial-result","id":"<callbackId>","data":{"outcome":"answered|busy|no-answer",
 * "attempt":<attempt>,"agentId":"<agentId>"}}` to the work queue (SQS).
 */
const eventBridgeSdk = onFirstUse(() => import('@aws-sdk/client-eventbridge'));

export class EventBridgeDialer implements Dialer {
  private client?: EventBridgeClient;

  constructor(
    private readonly region: string,
    private readonly busName = DEFAULT_DIAL_EVENT_BUS,
    /**
     * The stack's stage (`GMS_STAGE`), added to the detail as `stage`: stages of one account share
     * the default bus, so the integration's rule matches its stage and answers that stage's queue.
     */
    private readonly stage?: string,
  ) {}

  async dial(request: DialRequest): Promise<void> {
    // Created (and its package loaded) on first use: functions that never dial never load it.
    const { EventBridgeClient, PutEventsCommand } = await eventBridgeSdk();
    this.client ??= instrumentSdkClient(
      new EventBridgeClient({ region: this.region, maxAttempts: 5 }),
      eventBridgeCallDescriber,
    );
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: DIAL_EVENT_SOURCE,
            DetailType: DIAL_EVENT_DETAIL_TYPE,
            Detail: JSON.stringify(this.stage === undefined ? request : { ...request, stage: this.stage }),
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
