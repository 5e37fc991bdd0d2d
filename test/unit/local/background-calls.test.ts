import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  asBackground,
  LOCAL_TICK_CALLS_IN_FLIGHT,
  limitBackgroundCalls,
} from '../../../functions/local/background-calls.js';
import { LocalWorkQueue } from '../../../functions/local/local-work-queue.js';

/**
 * A document client whose requests never leave the process: each takes a few milliseconds and the
 * most in flight at once is counted, at the HTTP handler, after every middleware.
 */
function countingClient(fails: (call: number) => boolean = () => false) {
  const seen = { inFlight: 0, most: 0, calls: 0 };
  const client = new DynamoDBClient({
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: {
      handle: async () => {
        const failed = fails(++seen.calls);
        seen.most = Math.max(seen.most, ++seen.inFlight);
        await new Promise((r) => setTimeout(r, 5));
        seen.inFlight--;
        const text = failed
          ? '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"gone"}'
          : '{}';
        const body = Readable.from([Buffer.from(text)]);
        return { response: { statusCode: failed ? 400 : 200, headers: {}, body } };
      },
    },
  });
  const doc = DynamoDBDocumentClient.from(client);
  limitBackgroundCalls(doc);
  const get = () => doc.send(new GetCommand({ TableName: 'ttt', Key: { pk: 'a' } }));
  return { seen, get };
}

describe('the local tick as background work', () => {
  it('keeps at most LOCAL_TICK_CALLS_IN_FLIGHT of its DynamoDB calls in flight, and makes them all', async () => {
    const { seen, get } = countingClient();
    const tick = asBackground(async () => {
      await Promise.all(Array.from({ length: 12 }, get));
    });
    await tick();
    expect(seen.calls).toBe(12);
    expect(seen.most).toBe(LOCAL_TICK_CALLS_IN_FLIGHT);
  });

  it('a failed call gives its slot back', async () => {
    const { seen, get } = countingClient((call) => call <= 3);
    const tick = asBackground(async () => {
      const first = await Promise.allSettled([get(), get(), get()]);
      expect(first.every((r) => r.status === 'rejected')).toBe(true);
      await Promise.all(Array.from({ length: 5 }, get));
    }, 1);
    await tick();
    expect(seen.calls).toBe(8);
    expect(seen.most).toBe(1);
  });

  it('leaves requests alone, and the work it queues runs as an invocation of its own', async () => {
    const { seen, get } = countingClient();
    await Promise.all(Array.from({ length: 8 }, get));
    expect(seen.most).toBe(8);

    seen.most = 0;
    const queue = new LocalWorkQueue();
    queue.start(async (event) => {
      await Promise.all(event.Records.map(get));
    });
    const tick = asBackground(async () => {
      await queue.sendBatch(
        Array.from({ length: 6 }, (_, i) => ({
          message: { kind: 'route-callback', id: `c${i}`, version: 1 },
        })),
      );
      await get();
    });
    await tick();
    await queue.idle();
    expect(seen.most).toBeGreaterThan(LOCAL_TICK_CALLS_IN_FLIGHT);
    queue.stop();
  });
});
