/**
 * Concurrent callers of one read, by key, share it, but only a read that started after they
 * asked: a caller arriving while a read runs waits for the next one, which starts when the running
 * one ends and serves everyone who arrived meanwhile. So each answer is at least as fresh as an
 * own read made at the time of the call (what a "write, then read" protocol needs: the read sees
 * every write its caller finished first), while a burst of callers makes about one read per read
 * time instead of one each. A failed read fails the callers it serves; the next one reads again.
 */
export class SharedFreshRead<T> {
  private readonly running = new Map<string, { queued?: Waiting<T> }>();

  read(key: string, read: () => Promise<T>): Promise<T> {
    const run = this.running.get(key);
    if (!run) return this.start(key, read);
    run.queued ??= waiting<T>();
    return run.queued.promise;
  }

  private start(key: string, read: () => Promise<T>): Promise<T> {
    const run: { queued?: Waiting<T> } = {};
    this.running.set(key, run);
    let reading: Promise<T>;
    try {
      reading = read();
    } catch (e) {
      reading = Promise.reject(e);
    }
    const next = () => {
      this.running.delete(key);
      const queued = run.queued;
      if (queued) this.start(key, read).then(queued.resolve, queued.reject);
    };
    reading.then(next, next);
    return reading;
  }
}

interface Waiting<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function waiting<T>(): Waiting<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
