import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBridgeDialer } from '../../../../functions/adapters/eventbridge/eventbridge-dialer.js';

const request = { callbackId: 'cb1', customerNumber: '5551234', agentId: 'a1', attempt: 2 };

describe('EventBridgeDialer: the stage in DialRequested', () => {
  afterEach(() => vi.restoreAllMocks());

  const sent = () => {
    const send = vi
      .spyOn(EventBridgeClient.prototype, 'send')
      .mockImplementation(async () => ({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] }));
    return () => {
      const command = send.mock.calls[0]![0] as PutEventsCommand;
      const entry = command.input.Entries![0]!;
      return { bus: entry.EventBusName, detail: JSON.parse(entry.Detail!) as Record<string, unknown> };
    };
  };

  it('adds the stage, so stages sharing the default bus can be told apart', async () => {
    const event = sent();
    await new EventBridgeDialer('us-east-1', 'default', 'blue').dial(request);
    expect(event()).toEqual({ bus: 'default', detail: { ...request, stage: 'blue' } });
  });

  it('sends the request alone without a stage', async () => {
    const event = sent();
    await new EventBridgeDialer('us-east-1').dial(request);
    expect(event().detail).toEqual(request);
  });
});
