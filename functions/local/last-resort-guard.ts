import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { mapError } from '../http/error-response.js';
import { logger } from '../observability.js';

/**
 * The last line of defence of the local server: an error nothing handled must cost one request,
 * never the process (every client would lose the server).
 *
 * Why process handlers and not only try/catch: the failures that end a Node process are not
 * thrown where a request's code can catch them. A stream's `error` event with no listener is
 * thrown from `process.nextTick`, an exception in a timer callback from the event loop, a
 * rejected promise nobody awaits from the microtask queue. Node reports each to the process
 * (`uncaughtException`, `unhandledRejection`), and exits unless a listener is installed. Those
 * listeners run in the async context of the callback that failed, so the `AsyncLocalStorage`
 * store each request runs in names the request to answer (500, `connection: close`); errors from
 * outside any request (a tick, a queue consumer) are logged. The known causes are handled where
 * they arise (every stream gets an `error` listener, parsing settles once); this catches what
 * was missed, and logs it at error level so it gets fixed.
 *
 * Lambda needs none of this: each invocation awaits one promise that the handler settles, and
 * the runtime reports a crash as that invocation's failure.
 */
const requestScope = new AsyncLocalStorage<{ res: ServerResponse; path: string }>();

/** Runs one request's work in a scope the guard can attribute a stray error to. */
export function inRequestScope<T>(res: ServerResponse, path: string, work: () => T): T {
  return requestScope.run({ res, path }, work);
}

function answer(error: unknown, kind: string): void {
  const scope = requestScope.getStore();
  logger.error(`Unhandled ${kind}: answered 500 to its request and kept serving`, {
    error: error instanceof Error ? error : new Error(String(error)),
    path: scope?.path,
  });
  const res = scope?.res;
  if (!res || res.headersSent || res.destroyed) {
    if (res && !res.writableEnded) res.destroy();
    return;
  }
  const mapped = mapError(new Error('last resort'));
  const body = JSON.stringify(mapped.body);
  res.writeHead(mapped.status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  });
  res.end(body);
}

const onException = (e: unknown) => answer(e, 'exception');
const onRejection = (e: unknown) => answer(e, 'rejection');
let installed = 0;

/** Installs the process handlers (once however many runtimes run); the returned function removes them. */
export function installLastResortGuard(): () => void {
  if (installed++ === 0) {
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
  }
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    if (--installed === 0) {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    }
  };
}
