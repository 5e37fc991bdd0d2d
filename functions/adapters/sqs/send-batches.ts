/** SQS SendMessageBatch limits: at most 10 entries, and at most 256 KiB of bodies in one request. */
export const SQS_BATCH_LIMITS = { entries: 10, bytes: 262_144 } as const;

/**
 * Splits entries, in order, into requests within both limits. An entry larger than the byte limit
 * goes alone (SQS refuses it with a reason, as it would refuse a single SendMessage).
 */
export function splitIntoBatches<T>(
  entries: readonly T[],
  bytesOf: (entry: T) => number,
  limits: { entries: number; bytes: number } = SQS_BATCH_LIMITS,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = bytesOf(entry);
    if (current.length > 0 && (current.length >= limits.entries || bytes + size > limits.bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
