import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** What one scrypt hash costs, and what a stored hash may ask of a verification. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
  maxmem: number;
  /** Refuse stored hashes with other parameters (a stored value must not choose the memory spent). */
  onlyTheseParameters?: boolean;
}

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs ~128 MB per hash; 2^15 keeps a 128 MB Lambda safe
// while still being memory-hard. Parameters are stored with the hash so they can be raised later.
const USER_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashWithScrypt(password: string, cost: ScryptCost): Promise<string> {
  const { N, r, p, maxmem } = cost;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyWithScrypt(password: string, stored: string, cost: ScryptCost): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (cost.onlyTheseParameters && (Number(n) > cost.N || Number(r) !== cost.r || Number(p) !== cost.p)) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: cost.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A user's password hash (the management API's users). */
export const hashPassword = (password: string) => hashWithScrypt(password, USER_COST);

export const verifyPassword = (password: string, stored: string) =>
  verifyWithScrypt(password, stored, USER_COST);

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password, made once per process with the same parameters as real ones:
 * checking an unknown user's password against it costs what a known user's check costs, so the
 * answer time does not tell which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
