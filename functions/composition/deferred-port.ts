import { onFirstUse } from '../domain/on-first-use.js';

/** The members of a port that are not methods answering a promise: a deferred port needs them at once. */
export type SyncMembers<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => Promise<unknown> ? never : K;
}[keyof T];

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * A port whose adapter module is loaded (`import()`) and built at its first call, not when the
 * function starts: a function then loads at start only the code all its requests share, and each
 * adapter (with the code only it reaches) when a request first uses it. esbuild puts what only an
 * `import()` reaches in its own chunk, so this is what keeps a function's cold-start closure to
 * what it runs.
 *
 * Its members that answer at once (a constant list, say) cannot wait for the load: they are given
 * in `eager` (the compiler asks for exactly those). Once built, a call goes straight to the adapter
 * (no extra await). A failed load is retried at the next call. Properties set on the port (a
 * test's spy) win over the adapter's.
 */
export function deferredPort<T extends object>(
  load: () => Promise<T>,
  ...[eager]: [SyncMembers<T>] extends [never] ? [] : [Pick<T, SyncMembers<T>>]
): T {
  let built: T | undefined;
  const adapter = onFirstUse(() => load().then((impl) => (built = impl)));
  const methods = new Map<string, Method>();
  // Not a thenable, not inspectable: only the port's own (string-named) methods exist.
  const isMethodName = (name: string | symbol): name is string => typeof name === 'string' && name !== 'then';
  const methodNamed = (name: string): Method => {
    let method = methods.get(name);
    if (!method) {
      method = (...args: unknown[]) => {
        if (built) return (built[name as keyof T] as Method).apply(built, args);
        return adapter().then((impl) => (impl[name as keyof T] as Method).apply(impl, args));
      };
      methods.set(name, method);
    }
    return method;
  };
  return new Proxy({ ...eager } as T, {
    get(target, name, receiver) {
      if (Reflect.has(target, name)) return Reflect.get(target, name, receiver);
      return isMethodName(name) ? methodNamed(name) : undefined;
    },
    // A method assigned (a bench's wrapper, then the original back) replaces the deferred one.
    set(target, name, value) {
      return Reflect.defineProperty(target, name, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
    // What `vi.spyOn` asks before it replaces a method (it then defines it on the target).
    getOwnPropertyDescriptor(target, name) {
      const own = Reflect.getOwnPropertyDescriptor(target, name);
      if (own || !isMethodName(name)) return own;
      return { value: methodNamed(name), writable: true, enumerable: false, configurable: true };
    },
  });
}

/**
 * `deferredPort` for an adapter class: `args` are evaluated now, so what a function lacks (a
 * table it was not given) is still a start failure naming it, and the class is loaded and built
 * on them at the first call.
 */
export function deferredAdapter<T extends object, A extends unknown[]>(
  load: () => Promise<new (...args: A) => T>,
  ...args: A
): [SyncMembers<T>] extends [never] ? T : { membersThatCannotWait: SyncMembers<T> } {
  const port = (deferredPort as (load: () => Promise<T>) => T)(async () => new (await load())(...args));
  // The return type already refuses a class with members that answer at once (use `deferredPort`).
  return port as [SyncMembers<T>] extends [never] ? T : never;
}
