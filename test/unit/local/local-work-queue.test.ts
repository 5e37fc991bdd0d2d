import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalWorkQueue } from '../../../functions/local/local-work-queue.js';

describe('LocalWorkQueue pause and resume', () => {
  it('holds what is sent while paused and delivers all of it, once, after resume', async () => {
    const queue = new LocalWorkQueue();
    const delivered: string[] = [];
    queue.start(async (event: SQSEvent) => {
      for (const r of event.Records) delivered.push((JSON.parse(r.body) as { id: string }).id);
    });
    await queue.send({ kind: 'route-callback', id: 'before', version: 1 });
    await queue.idle();
    expect(delivered).toEqual(['before']);

    queue.pause();
    for (const id of ['a', 'b', 'c']) await queue.send({ kind: 'route-callback', id, version: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(delivered).toEqual(['before']);
    expect((await queue.stats()).depth).toBe(3);

    queue.resume();
    await queue.idle();
    expect(delivered.sort()).toEqual(['a', 'b', 'before', 'c']);
    queue.stop();
  });
});
