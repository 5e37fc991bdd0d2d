/**
 * `make`, called when the returned function is first called; later calls return that value. For
 * what a module would otherwise build at import in every function that loads it, when only some
 * requests use it (issue 11: module init). `onFirstUse` is its counterpart for an `import()`.
 */
export function lazyValue<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
