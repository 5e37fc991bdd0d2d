import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { splitIntoBatches, SQS_BATCH_LIMITS } from '../../../../functions/adapters/sqs/send-batches.js';
import { SqsWorkQueue } from '../../../../functions/adapters/sqs/sqs-work-queue.js';

describe('splitIntoBatches', () => {
  const one = () => 1;

  it('splits in order into requests of at most 10 entries', () => {
    const entries = Array.from({ length: 25 }, (_, i) => i);
    const batches = splitIntoBatches(entries, one);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(entries);
    expect(splitIntoBatches([], one)).toEqual([]);
    expect(
      splitIntoBatches(
        Array.from({ length: 10 }, (_, i) => i),
        one,
      ),
    ).toHaveLength(1);
  });

  it('also keeps each request within the byte limit, an oversized entry going alone', () => {
    const limits = { entries: 10, bytes: 100 };
    const sizes = [40, 40, 40, 150, 10, 90, 5];
    const batches = splitIntoBatches(sizes, (s) => s, limits);
    expect(batches).toEqual([[40, 40], [40], [150], [10, 90], [5]]);
    expect(SQS_BATCH_LIMITS).toEqual({ entries: 10, bytes: 262_144 });
  });
});

type Reply = (entries: SendMessageBatchRequestEntry[]) => Partial<SendMessageBatchCommandOutput>;

/** An SQS client that answers SendMessageBatch calls as `reply` says and records each request. */
function fakeSqs(reply: Reply = () => ({})) {
  const calls: SendMessageBatchRequestEntry[][] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof SendMessageBatchCommand)) throw new Error('unexpected command');
      const entries = command.input.Entries!;
      calls.push(entries);
      return reply(entries);
    },
  };
  return { calls, queue: new SqsWorkQueue('https://sqs.local/q', 'us-east-1', client as never) };
}

describe('SqsWorkQueue.sendBatch', () => {
  it('sends 23 messages in 3 requests, each with its own delay rounded up to whole seconds', async () => {
    const { calls, queue } = fakeSqs();
    const delays = [0, 1, 999, 1000, 1001, 2_000_000];
    await queue.sendBatch(
      Array.from({ length: 23 }, (_, i) => ({
        message: { kind: 'activate-callback', id: `cb-${i}` },
        delayMs: delays[i % delays.length],
      })),
    );
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    const sent = calls.flat();
    expect(sent.map((e) => (JSON.parse(e.MessageBody!) as { id: string }).id)).toEqual(
      Array.from({ length: 23 }, (_, i) => `cb-${i}`),
    );
    expect(sent.slice(0, 6).map((e) => e.DelaySeconds)).toEqual([0, 1, 1, 1, 2, 900]);
    for (const c of calls) expect(new Set(c.map((e) => e.Id)).size).toBe(c.length);
  });

  it('sends again only the entries SQS failed, until accepted', async () => {
    let call = 0;
    const { calls, queue } = fakeSqs((entries) =>
      ++call === 1
        ? {
            Failed: entries
              .slice(2, 4)
              .map((e) => ({ Id: e.Id!, Code: 'InternalError', SenderFault: false })),
          }
        : {},
    );
    await queue.sendBatch(Array.from({ length: 10 }, (_, i) => ({ message: { kind: 'k', id: `m${i}` } })));
    expect(calls).toHaveLength(2);
    expect(calls[1]!.map((e) => (JSON.parse(e.MessageBody!) as { id: string }).id)).toEqual(['m2', 'm3']);
  });

  it('rejects, naming the code, when SQS refuses an entry as the sender’s fault', async () => {
    const { calls, queue } = fakeSqs((entries) => ({
      Failed: [{ Id: entries[0]!.Id!, Code: 'InvalidParameterValue', SenderFault: true }],
    }));
    await expect(queue.sendBatch([{ message: { kind: 'k', id: 'x' } }])).rejects.toThrow(
      /did not accept 1 of 1 .*InvalidParameterValue/,
    );
    expect(calls).toHaveLength(1);
  });

  it('gives up after 5 attempts when SQS keeps failing an entry', async () => {
    const { calls, queue } = fakeSqs((entries) => ({
      Failed: entries.map((e) => ({ Id: e.Id!, Code: 'ServiceUnavailable', SenderFault: false })),
    }));
    await expect(queue.sendBatch([{ message: { kind: 'k', id: 'x' } }])).rejects.toThrow(
      /ServiceUnavailable/,
    );
    expect(calls).toHaveLength(5);
  });
});
