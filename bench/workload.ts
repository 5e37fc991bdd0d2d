/** Load the scenarios put on the local runtime: pools, callbacks, customer numbers, concurrent loops. */

/** Resource-group options of a pool of `size` numbers `<prefix>000000`, `<prefix>000001`, ... */
export function pool(prefix: string, size: number): Record<string, string> {
  const options: Record<string, string> = {
    _allocation_strategy: 'random',
    _booking_expiration_timeout: '600',
  };
  for (let i = 0; i < size; i++) options[`n${i}`] = `${prefix}${String(i).padStart(6, '0')}`;
  return options;
}

export const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** Creates a callback over HTTP and returns its id; throws on anything but 200. */
export async function createCallback(
  api: string,
  service: string,
  body: Record<string, string>,
): Promise<string> {
  const res = await fetch(`${api}/service/callback/${service}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`create on ${service}: ${res.status} ${text}`);
  return (JSON.parse(text) as { _id: string })._id;
}

export const customer = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, '0')}`;

/** Runs `total` tasks on `clients` concurrent loops. */
export async function concurrently(clients: number, total: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await task(next++);
    }),
  );
}
