/**
 * Records keyed by what a client sent (parameter names, storage keys, application data).
 *
 * A client key is data, never object machinery: on an ordinary `{}` a key `__proto__` assigned
 * with `o[k] = v` replaces the prototype (the value is lost, or worse), and reading an absent key
 * `constructor` finds `Object`. These records have no prototype, so every key, `__proto__`,
 * `constructor` and `prototype` included, is an own property like any other, and absent keys are
 * `undefined`.
 */
export type DataRecord<T> = Record<string, T>;

export function dataRecord<T>(): DataRecord<T> {
  return Object.create(null) as DataRecord<T>;
}

/** `Object.fromEntries` on a null-prototype record. */
export function dataFromEntries<T>(entries: Iterable<readonly [string, T]>): DataRecord<T> {
  const out = dataRecord<T>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The own keys of each source, later sources winning, on a null-prototype record. */
export function mergeData<T>(...sources: (Readonly<Record<string, T>> | undefined)[]): DataRecord<T> {
  const out = dataRecord<T>();
  for (const source of sources) {
    if (!source) continue;
    for (const k of Object.keys(source)) out[k] = source[k]!;
  }
  return out;
}
