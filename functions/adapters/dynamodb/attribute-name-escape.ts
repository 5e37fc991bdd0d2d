import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Client keys (storage keys, application data, callback properties) become DynamoDB map keys and
 * attribute names. Three of them cannot pass through the AWS SDK as they are:
 * - `__proto__`: the marshaller, the request serializer and the response parser each build maps
 *   with `map[key] = value` on `{}`, which sets the prototype instead of a key: the value is lost;
 * - `constructor`: the marshaller picks a value's type by `value.constructor.name`, so a map with
 *   a `constructor` key is refused ("Unsupported type passed"), a 500;
 * - `prototype`: harmless to the SDK, escaped with the others so the rule is one list.
 *
 * On the way in every such key is written with a private-use prefix, and a key that already
 * starts with the prefix gets one more, so the mapping is reversible; on the way out one prefix
 * is removed. Our own attribute names never start with the prefix nor use these names, so items
 * without client keys look exactly as before.
 */
const PREFIX = '\u{E000}';
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

export const escapeAttributeName = (name: string): string =>
  RESERVED.has(name) || name.startsWith(PREFIX) ? PREFIX + name : name;

export const unescapeAttributeName = (name: string): string =>
  name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Renames the keys of every plain object and array inside `value` (binary values, sets and class
 * instances are left alone). Copy on write: what needs no renaming is returned as it is. A renamed
 * object is rebuilt without a prototype, so a key `__proto__` lands as an own key.
 */
function renameKeys(value: unknown, rename: (k: string) => string, namesValues = false): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = renameKeys(item, rename);
      if (next !== item) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  let changed = false;
  const entries = keys.map((k): [string, unknown] => {
    const v = value[k];
    // ExpressionAttributeNames: its values are attribute names (`#k` -> a client key).
    const nextValue =
      namesValues && typeof v === 'string'
        ? rename(v)
        : renameKeys(v, rename, k === 'ExpressionAttributeNames');
    const nextKey = rename(k);
    if (nextKey !== k || nextValue !== v) changed = true;
    return [nextKey, nextValue];
  });
  if (!changed) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

export const escapeNames = (input: unknown): unknown => renameKeys(input, escapeAttributeName);
export const unescapeNames = (output: unknown): unknown => renameKeys(output, unescapeAttributeName);

/**
 * Escapes client keys in every command's input before the document client marshalls it, and
 * unescapes them in its unmarshalled output. Runs at the `initialize` step, outside the document
 * client's own marshalling (which sits at `serialize`/`deserialize`).
 */
export function escapeClientKeys(doc: DynamoDBDocumentClient): void {
  doc.middlewareStack.add(
    (next) => async (args) => {
      const result = await next({ ...args, input: escapeNames(args.input) as typeof args.input });
      return { ...result, output: unescapeNames(result.output) as typeof result.output };
    },
    { step: 'initialize', name: 'gmsEscapeClientKeys', priority: 'high' },
  );
}
