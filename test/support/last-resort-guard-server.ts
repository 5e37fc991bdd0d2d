/**
 * A child process for test/unit/last-resort-guard.test.ts: the local HTTP server with the guard,
 * whose `service` handler fails the way that used to end the process (an `error` event nobody
 * listens to, emitted from a later tick) and whose `storage` handler leaves a rejection unhandled.
 * Prints the port, then serves until killed.
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createLocalHttpServer } from '../../functions/local/http-server.js';
import { installLastResortGuard } from '../../functions/local/last-resort-guard.js';

installLastResortGuard();
const never = new Promise<never>(() => undefined);
const server = createLocalHttpServer({
  handlers: {
    system: async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"status":"UP"}',
    }),
    service: async () => {
      const stream = new EventEmitter();
      process.nextTick(() => stream.emit('error', new Error('Unexpected end of form')));
      return never;
    },
    storage: async () => {
      void Promise.reject(new Error('forgotten'));
      return never;
    },
  },
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
