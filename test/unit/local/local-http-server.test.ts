import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalHttpServer, type LocalHttpServer } from '../../../functions/local/http-server.js';

describe('local HTTP server before it is ready', () => {
  let server: LocalHttpServer | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  });

  it('holds its port and answers 503 "starting" (health included) until serve, then the handlers', async () => {
    server = createLocalHttpServer();
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/genesys/1`;

    const early = await fetch(`${base}/health`);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.json()).toMatchObject({ code: 503, message: expect.stringContaining('starting') });

    server.serve({
      handlers: {
        system: async () => ({
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"status":"UP"}',
        }),
      },
    });
    const ready = await fetch(`${base}/health`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'UP' });
  });
});
